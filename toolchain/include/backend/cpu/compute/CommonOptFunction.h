// Clean-room, MNN-compatible subset of the CPU core function table (CPUBackend::functions()).
#ifndef CommonOptFunction_h
#define CommonOptFunction_h

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "core/Macro.h"

namespace MNN {
struct CoreFunctions {
    // Bytes of the float type kernels compute in (MNN: 2 under fp16/bf16 precision). 4 here: fp32.
    int bytes = 4;
    // Channel block of this backend's NC4HW4 tensors, MNN's meaning: MNN's SSE and ARM fp32 paths use 4,
    // its AVX2 path 8 and AVX-512 16 (`[UP_DIV(C,pack)][N][H][W][pack]`: channel blocks outermost, so a
    // block's plane of batch*H*W positions is contiguous). The host target lays tensors out with 4, MNN's
    // baseline-ISA value: read `pack`, never assume 4, or the kernel breaks in an AVX2 MNN.
    int pack = 4;
    // Planar -> packed: src is `depth` planes of areaOffset[0] floats, dst is UP_DIV(depth, pack)
    // blocks of areaOffset[1] * pack floats; copies `area` positions, zero-fills missing channels.
    // For one batch item b of an NCHW -> NC4HW4 copy: src + b*C*area, dst + b*area*pack, areaOffset
    // {area, N*area} (the channel-block stride of the [UP_DIV(C,pack)][N][H][W][pack] buffer).
    void (*MNNPackCUnit)(float* dst, const float* src, size_t area, size_t depth, int* areaOffset);
    // Packed -> planar, the inverse of MNNPackCUnit (areaOffset[0]: src area, [1]: dst area).
    void (*MNNUnpackCUnit)(float* dst, const float* src, size_t area, size_t depth, int* areaOffset);
};

// The table of the running CPU (same object as CPUBackend::functions()).
CoreFunctions* MNNGetCoreFunctions();
} // namespace MNN

#endif // CommonOptFunction_h
