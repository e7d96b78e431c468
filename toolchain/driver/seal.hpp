// The kernel host's seccomp filter (seal.cpp).
#ifndef MKB_DRIVER_SEAL_HPP
#define MKB_DRIVER_SEAL_HPP

#include <stdint.h>

#include <atomic>
#include <string>

#include "channel.hpp"

namespace mkb {
// Installs the SIGSYS and fault reporters (they write kDenied / kFault to `reply` as the answer to the
// current command, then exit) and the filter for every thread; [windowLo, windowHi) is the judge's window.
bool seal(const Command* cmd, Reply* reply, uint64_t windowLo, uint64_t windowHi, std::string& error);
} // namespace mkb

#endif // MKB_DRIVER_SEAL_HPP
