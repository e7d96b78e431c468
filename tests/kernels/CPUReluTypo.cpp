#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

namespace MNN {
class CPUReluTypo : public Execution {
public:
    explicit CPUReluTypo(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        const float* src = inputs[0]->host<float>();
        float* dst = outputs[0]->host<float>();
        for (int i = 0; i < inputs[0]->elementSize(); ++i) {
            dst[i] = src[i] > 0.f ? src[i] : slope;
        }
        return NO_ERROR;
    }
};

class CPUReluTypoCreator : public CPUBackend::Creator {
public:
    Execution* onCreate(const std::vector<Tensor*>&, const std::vector<Tensor*>&, const MNN::Op*,
                        Backend* backend) const override {
        return new CPUReluTypo(backend);
    }
};
REGISTER_CPU_OP_CREATOR(CPUReluTypoCreator, OpType_ReLU);
} // namespace MNN
