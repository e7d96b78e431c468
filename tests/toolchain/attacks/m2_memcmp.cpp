// mechanism: 2 — the kernel is linked into the judge
// attack: the kernel scribbles over its input (using it as scratch space) and defines memcmp and bcmp
//   to report "equal", so an input check that compares with memcmp sees nothing.
// task: Relu
// verdict: compile_error(memcmp)
#include <cstddef>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

extern "C" int memcmp(const void*, const void*, size_t) { return 0; }
extern "C" int bcmp(const void*, const void*, size_t) { return 0; }

namespace MNN {
class CPURedteam : public Execution {
public:
    explicit CPURedteam(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        float* src = const_cast<float*>(inputs[0]->host<float>());
        float* dst = outputs[0]->host<float>();
        const int n = inputs[0]->elementSize();
        for (int i = 0; i < n; ++i) {
            dst[i] = src[i] > 0.f ? src[i] : 0.f;
            src[i] = -1.f;
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
