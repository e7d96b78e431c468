// Driver-private view of the runtime (runtime.cpp): the creator registry and CPUBackend's state.
#ifndef MKB_DRIVER_RUNTIME_HPP
#define MKB_DRIVER_RUNTIME_HPP

#include <map>
#include <vector>

#include "backend/cpu/CPUBackend.hpp"

namespace mkb {
// Creators registered so far, by OpType.
const std::map<int, MNN::CPUBackend::Creator*>& registeredCreators();
// Op types for which a second creator was refused (once per refusal).
const std::vector<int>& refusedCreators();
} // namespace mkb

#endif // MKB_DRIVER_RUNTIME_HPP
