// mechanism: 9 — guards are checked only after the call
// attack: a vectorised tail that stores sixteen floats past the end of the output, having saved what
//   was there, and puts the saved bytes back before returning (so a check after the call sees nothing).
// task: Relu
// verdict: runtime_error|invalid
#include <cstring>
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
        float saved[16];
        std::memcpy(saved, dst + n, sizeof saved);
        for (int k = 0; k < 16; ++k) dst[n + k] = 0.f;  // the "padded" tail of the last vector
        std::memcpy(dst + n, saved, sizeof saved);
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
