// mechanism: 7 — sizes are not capped
// attack: write two hundred megabytes to stderr during the first call, then compute honestly.
// task: Relu
// verdict: ok|runtime_error
// message-max: 2000
#include <cstdio>
#include <string>
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
        if (calls_++ == 0) {
            std::string line(1 << 20, (char)0x41);
            line.back() = (char)10;
            for (int k = 0; k < 200; ++k) fwrite(line.data(), 1, line.size(), stderr);
        }
        for (int i = 0; i < n; ++i) dst[i] = src[i] > 0.f ? src[i] : 0.f;
        return NO_ERROR;
    }
    int calls_ = 0;
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
