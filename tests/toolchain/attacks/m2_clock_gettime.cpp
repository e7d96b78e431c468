// mechanism: 2 — the kernel is linked into the judge
// attack: an honest ReLU that also defines clock_gettime: every clock the process reads (the judge's
//   timer included, if it shares the address space) advances by one microsecond per call.
// task: Relu
// verdict: compile_error(clock_gettime)
#include <time.h>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

extern "C" int clock_gettime(clockid_t, struct timespec* ts) {
    static long long fake = 1000000000LL;
    fake += 1000;
    ts->tv_sec = fake / 1000000000LL;
    ts->tv_nsec = fake % 1000000000LL;
    return 0;
}

namespace MNN {

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
