// The standard headers every candidate is compiled with (`-include`), precompiled once per toolchain.
// MNN's own headers pull these in anyway; precompiling them takes a third off a kernel's compile.
#pragma once
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
