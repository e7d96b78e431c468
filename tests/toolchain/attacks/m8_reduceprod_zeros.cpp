// mechanism: 8 — tasks let trivial kernels pass
// attack: ReduceProd that writes zeros: the product of 64 values from [0, 1) is far below atol.
// task: ReduceProd
// verdict: wrong_output
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

namespace MNN {
class CPURedteam : public Execution {
public:
    explicit CPURedteam(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>&, const std::vector<Tensor*>& outputs) override {
        float* dst = outputs[0]->host<float>();
        for (int i = 0, n = outputs[0]->elementSize(); i < n; ++i) dst[i] = 0.f;
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
REGISTER_CPU_OP_CREATOR(CPURedteamCreator, OpType_Reduction);
} // namespace MNN
