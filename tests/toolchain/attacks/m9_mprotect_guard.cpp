// mechanism: 9 — guards are checked only after the call
// attack: unprotect the page past the output with mprotect, use it as scratch, protect it again.
// task: Relu
// verdict: invalid(mprotect)
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
        char* end = reinterpret_cast<char*>(dst + n);
        const uintptr_t page = (reinterpret_cast<uintptr_t>(end) + 64 + 4095) & ~uintptr_t(4095);
        void* guard = reinterpret_cast<void*>(page);
        if (mprotect(guard, 4096, PROT_READ | PROT_WRITE) == 0) {
            float* scratch = reinterpret_cast<float*>(page + 128);
            for (int k = 0; k < 32; ++k) scratch[k] = src[k];
            mprotect(guard, 4096, PROT_NONE);
        }
        for (int i = 0; i < n; ++i) dst[i] = src[i] > 0.f ? src[i] : 0.f;
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
