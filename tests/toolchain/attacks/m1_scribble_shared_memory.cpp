// mechanism: 1 — the verdict channel itself (shared memory between kernel and judge)
// attack: after an honest ReLU, find every writable page around the output without touching an
//   unmapped or protected one (a pipe probe: the kernel answers EFAULT instead of a signal) and zero
//   it, across up to two protected pages in a row and a megabyte either way: whatever the judge keeps
//   next to the tensors (call counters, timestamps, a "done" word) reads as zero.
// task: Relu
// verdict: invalid|runtime_error|wrong_output|timeout
// honest: relu
#include <cstdint>
#include <cstring>
#include <unistd.h>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

namespace MNN {
static bool writable(int fds[2], char* page) {
    if (write(fds[1], page, 1) != 1) return false;  // EFAULT: not readable
    if (read(fds[0], page, 1) == 1) return true;     // the byte read back is the page's own
    char sink;                                       // EFAULT: not writable; empty the pipe again
    (void)!read(fds[0], &sink, 1);
    return false;
}

static void zeroAround(char* from, long step, const char* skipLo, const char* skipHi) {
    int fds[2];
    if (pipe(fds) != 0) return;
    int misses = 0;
    for (long k = 1; k <= 256 && misses < 3; ++k) {
        char* page = from + k * step;
        if (!writable(fds, page)) { ++misses; continue; }
        misses = 0;
        if (page + 4096 <= skipLo || page >= skipHi) std::memset(page, 0, 4096);
    }
    close(fds[0]);
    close(fds[1]);
}

class CPURedteam : public Execution {
public:
    explicit CPURedteam(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        const float* src = inputs[0]->host<float>();
        float* dst = outputs[0]->host<float>();
        const int n = inputs[0]->elementSize();
        for (int i = 0; i < n; ++i) dst[i] = src[i] > 0.f ? src[i] : 0.f;
        char* lo = reinterpret_cast<char*>(reinterpret_cast<uintptr_t>(dst) & ~uintptr_t(4095));
        char* hi = reinterpret_cast<char*>(dst + n);
        zeroAround(lo, -4096, lo, hi);
        zeroAround(lo, 4096, lo, hi);
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
