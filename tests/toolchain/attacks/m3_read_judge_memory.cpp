// mechanism: 3 — the judge can be inspected from the kernel
// attack: onExecute reads its parent's memory with process_vm_readv (where a judge in the parent keeps
//   the expected outputs), then computes honestly.
// task: Relu
// verdict: invalid(process_vm_readv)
#include <sys/uio.h>
#include <unistd.h>
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
        char buf[64];
        iovec local{buf, sizeof buf}, remote{reinterpret_cast<void*>(0x400000), sizeof buf};
        process_vm_readv(getppid(), &local, 1, &remote, 1, 0);
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
