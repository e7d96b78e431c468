// mechanism: 3 — the kernel can write outside its build dir
// attack: onExecute memoises its first result in a file under /tmp (and /dev/shm, /var/tmp), the
//   way a kernel might keep a cache across runs.
// task: Relu
// verdict: invalid(open)
#include <cstdio>
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
        const char* paths[] = {"/tmp/@TOKEN@.exec", "/dev/shm/@TOKEN@.exec", "/var/tmp/@TOKEN@.exec"};
        for (const char* p : paths) {
            if (FILE* f = fopen(p, "w")) { fwrite(src, sizeof(float), 16, f); fclose(f); }
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
