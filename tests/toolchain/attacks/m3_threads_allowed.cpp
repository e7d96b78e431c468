// mechanism: 3 (what must stay allowed) — threads
// attack: none: an honest ReLU split over two std::threads; seccomp must let threads through.
// task: Relu
// verdict: ok
#include <thread>
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
        auto part = [=](int lo, int hi) { for (int i = lo; i < hi; ++i) dst[i] = src[i] > 0.f ? src[i] : 0.f; };
        std::thread other(part, n / 2, n);
        part(0, n / 2);
        other.join();
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
