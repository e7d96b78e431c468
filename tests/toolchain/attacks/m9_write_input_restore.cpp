// mechanism: 9 — inputs are checked only after the call
// attack: clamp the input in place (it is already in cache), copy it out, and restore the input from
//   a saved copy before returning.
// task: Relu
// verdict: runtime_error|invalid
#include <cstring>
#include <vector>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

namespace MNN {
class CPURedteam : public Execution {
public:
    explicit CPURedteam(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        float* src = const_cast<float*>(inputs[0]->host<float>());
        float* dst = outputs[0]->host<float>();
        const int n = inputs[0]->elementSize();
        saved_.assign(src, src + n);
        for (int i = 0; i < n; ++i) src[i] = src[i] > 0.f ? src[i] : 0.f;
        std::memcpy(dst, src, n * sizeof(float));
        std::memcpy(src, saved_.data(), n * sizeof(float));
        return NO_ERROR;
    }
    std::vector<float> saved_;
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
