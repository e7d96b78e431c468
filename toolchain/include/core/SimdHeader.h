// Clean-room, MNN-compatible: pulls in the SIMD intrinsics for the configured flavour.
#ifndef SIMDHEADER_HPP
#define SIMDHEADER_HPP
#include "core/Macro.h"
#ifdef MNN_USE_NEON
#include <arm_neon.h>
#endif
#ifdef MNN_USE_SSE
#include <emmintrin.h>
#endif
#endif // SIMDHEADER_HPP
