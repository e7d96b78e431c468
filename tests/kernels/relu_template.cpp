// An MNN ReLU kernel with a hole in it: tests put one misbehaviour in @BODY@.
#include <cstdlib>
#include <cstring>
#include <vector>
#include <unistd.h>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

namespace MNN {
class CPUReluAdversary : public Execution {
public:
    explicit CPUReluAdversary(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        const float* src = inputs[0]->host<float>();
        float* dst = outputs[0]->host<float>();
        const int n = inputs[0]->elementSize();
        calls_++;
        @BODY@
        return NO_ERROR;
    }

private:
    int calls_ = 0;
    std::vector<float> memo_;
};

class CPUReluAdversaryCreator : public CPUBackend::Creator {
public:
    Execution* onCreate(const std::vector<Tensor*>&, const std::vector<Tensor*>&, const MNN::Op*,
                        Backend* backend) const override {
        return new CPUReluAdversary(backend);
    }
};
REGISTER_CPU_OP_CREATOR(CPUReluAdversaryCreator, OpType_ReLU);
} // namespace MNN
