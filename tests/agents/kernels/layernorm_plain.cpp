// LayerNorm over the last axis, with gamma/beta from the op: the scripted Coder's "correct" kernel.
#include <cmath>
#include <vector>

#include "backend/cpu/CPUBackend.hpp"
#include "core/Concurrency.h"
#include "core/Execution.hpp"
#include "core/Macro.h"

namespace MNN {
class CPULayerNorm : public Execution {
public:
    CPULayerNorm(Backend* b, const LayerNorm* p) : Execution(b), mEps(p->epsilon()) {
        if (p->gamma()) mGamma.assign(p->gamma()->begin(), p->gamma()->end());
        if (p->beta()) mBeta.assign(p->beta()->begin(), p->beta()->end());
    }
    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        const Tensor* x = inputs[0];
        const int inner = x->length(x->dimensions() - 1);
        const int outer = x->elementSize() / inner;
        const float* src = x->host<float>();
        float* dst = outputs[0]->host<float>();
        for (int r = 0; r < outer; ++r) {
            const float* s = src + r * inner;
            float* d = dst + r * inner;
            float mean = 0.f;
            for (int i = 0; i < inner; ++i) mean += s[i];
            mean /= inner;
            float var = 0.f;
            for (int i = 0; i < inner; ++i) var += (s[i] - mean) * (s[i] - mean);
            const float inv = 1.f / std::sqrt(var / inner + mEps);
            for (int i = 0; i < inner; ++i) {
                float v = (s[i] - mean) * inv;
                d[i] = mGamma.empty() ? v : v * mGamma[i] + mBeta[i];
            }
        }
        return NO_ERROR;
    }

private:
    float mEps;
    std::vector<float> mGamma, mBeta;
};

class CPULayerNormCreator : public CPUBackend::Creator {
public:
    Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                        const MNN::Op* op, Backend* backend) const override {
        return new CPULayerNorm(backend, op->main_as_LayerNorm());
    }
};

REGISTER_CPU_OP_CREATOR(CPULayerNormCreator, OpType_LayerNorm);
} // namespace MNN
