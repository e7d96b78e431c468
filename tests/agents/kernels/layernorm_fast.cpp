// LayerNorm over the last axis, with gamma/beta from the op: one pass, Vec4: the scripted Coder's faster kernel.
#include <algorithm>
#include <cmath>
#include <vector>

#include "backend/cpu/CPUBackend.hpp"
#include "core/Concurrency.h"
#include "core/Execution.hpp"
#include "core/Macro.h"
#include "math/Vec.hpp"

namespace MNN {
using Vec4 = Math::Vec<float, 4>;
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
            // One pass for sum and sum of squares, four lanes at a time.
            Vec4 sum(0.f), sq(0.f);
            int i = 0;
            for (; i + 4 <= inner; i += 4) {
                Vec4 v = Vec4::load(s + i);
                sum = sum + v;
                sq = Vec4::fma(sq, v, v);
            }
            float tsum = sum[0] + sum[1] + sum[2] + sum[3], tsq = sq[0] + sq[1] + sq[2] + sq[3];
            for (; i < inner; ++i) { tsum += s[i]; tsq += s[i] * s[i]; }
            const float mean = tsum / inner;
            const float inv = 1.f / std::sqrt(std::max(tsq / inner - mean * mean, 0.f) + mEps);
            const Vec4 vm(mean), vi(inv);
            i = 0;
            for (; i + 4 <= inner; i += 4) {
                Vec4 v = (Vec4::load(s + i) - vm) * vi;
                Vec4::save(d + i, Vec4::fma(Vec4::load(mBeta.data() + i), v, Vec4::load(mGamma.data() + i)));
            }
            for (; i < inner; ++i) d[i] = (s[i] - mean) * inv * mGamma[i] + mBeta[i];
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
