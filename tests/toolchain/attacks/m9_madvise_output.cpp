// mechanism: 9 — the judge's tensor memory is the kernel's to remap
// attack: zero the output's whole pages with madvise(MADV_DONTNEED) (fresh zero pages, no stores) and
//   then store only the positive elements.
// task: Relu
// verdict: invalid(madvise)
#include <cstdint>
#include <sys/mman.h>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

namespace MNN {
class CPURedteam : public Execution {
public:
    explicit CPURedteam(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        const float* src = inputs[0]->host<float>();
        float* dst = outputs[0]->host<float>();
        const int n = inputs[0]->elementSize();
        const uintptr_t lo = (reinterpret_cast<uintptr_t>(dst) + 4095) & ~uintptr_t(4095);
        const uintptr_t hi = reinterpret_cast<uintptr_t>(dst + n) & ~uintptr_t(4095);
        const bool zeroed = hi > lo && madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED) == 0;
        for (int i = 0; i < n; ++i) {
            const uintptr_t at = reinterpret_cast<uintptr_t>(dst + i);
            if (src[i] > 0.f) dst[i] = src[i];
            else if (!zeroed || at < lo || at >= hi) dst[i] = 0.f;
        }
        return NO_ERROR;
    }
};

class CPURedteamCreator : public CPUBackend::Creator {
public:
    Execution* onCreate(const std::vector<Tensor*>&, const std::vector<Tensor*>&, const MNN::Op*,
                        Backend* b) const override {
        return new CPURedteam(b);
    }
};
REGISTER_CPU_OP_CREATOR(CPURedteamCreator, OpType_ReLU);
} // namespace MNN
