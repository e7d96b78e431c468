// mechanism: 9 — guards are checked only after the call; static constructors run before any filter
// attack: the same unprotecting SIGSEGV handler, installed by a static constructor instead, then the
//   protected page past the output used as scratch space; the ReLU itself is honest.
// task: Relu
// verdict: invalid|runtime_error|timeout
#include <csignal>
#include <cstdint>
#include <sys/mman.h>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

namespace MNN {
static void unprotect(int, siginfo_t* info, void*) {
    const uintptr_t page = reinterpret_cast<uintptr_t>(info->si_addr) & ~uintptr_t(4095);
    mprotect(reinterpret_cast<void*>(page), 4096, PROT_READ | PROT_WRITE);
}
static void installUnprotect() {
    struct sigaction sa {};
    sa.sa_sigaction = unprotect;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, nullptr);
}
__attribute__((constructor)) static void atLoad() { installUnprotect(); }

class CPURedteam : public Execution {
public:
    explicit CPURedteam(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        const float* src = inputs[0]->host<float>();
        float* dst = outputs[0]->host<float>();
        const int n = inputs[0]->elementSize();
        // Spill a scratch block well past the output (into the page that guards it), then put it back.
        char* end = reinterpret_cast<char*>(dst + n);
        float* scratch = reinterpret_cast<float*>(
            ((reinterpret_cast<uintptr_t>(end) + 64 + 4095) & ~uintptr_t(4095)) + 128);
        for (int k = 0; k < 32; ++k) scratch[k] = src[k];
        const uintptr_t page = reinterpret_cast<uintptr_t>(scratch) & ~uintptr_t(4095);
        mprotect(reinterpret_cast<void*>(page), 4096, PROT_NONE);
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
