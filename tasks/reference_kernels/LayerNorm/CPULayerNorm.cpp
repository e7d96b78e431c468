// Each of `outside` rows of `inside` contiguous values is normalised on its own:
// y = (x - mean) / sqrt(var + eps) * gamma + beta  (RMSNorm: y = x / sqrt(mean(x^2) + eps) * gamma + beta).
// With group > 1 the rows are (batch, group) slices, as in MNN.
#include "CPULayerNorm.hpp"

#include <math.h>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Concurrency.h"
#include "core/Macro.h"
#include "core/TensorUtils.hpp"
#include "math/Vec.hpp"

namespace MNN {
using Vec4 = Math::Vec<float, 4>;

static Tensor* planarCopy(Backend* backend, const Tensor* t) {
    auto copy = new Tensor(t, Tensor::CAFFE, false);
    if (!backend->onAcquireBuffer(copy, Backend::DYNAMIC)) {
        delete copy;
        return nullptr;
    }
    backend->onReleaseBuffer(copy, Backend::DYNAMIC);
    return copy;
}

static float horizontalSum(Vec4 v) { // by value: MNN's Vec4::operator[] is not const
    return v[0] + v[1] + v[2] + v[3];
}

ErrorCode CPULayerNorm::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input = inputs[0];
    if (input->getType() != halide_type_of<float>()) {
        return NOT_SUPPORT;
    }
    const int dims = input->dimensions();
    mOutside = mInside = 1;
    if (mGroup > 1) {
        mOutside = input->length(0) * mGroup;
        for (int i = 1; i < dims; ++i) mInside *= input->length(i);
        if (mInside % mGroup != 0) {
            return INVALID_VALUE;
        }
        mInside /= mGroup;
    } else {
        const int axisCount = ALIMIN(ALIMAX(mAxisCount, 1), dims);
        for (int i = 0; i < dims - axisCount; ++i) mOutside *= input->length(i);
        for (int i = dims - axisCount; i < dims; ++i) mInside *= input->length(i);
    }
    if ((!mGamma.empty() && (int)mGamma.size() != mInside) || (!mBeta.empty() && (int)mBeta.size() != mInside)) {
        return INVALID_VALUE;
    }
    mPlanarInput.reset();
    mPlanarOutput.reset();
    if (TensorUtils::getDescribe(input)->dimensionFormat == MNN_DATA_FORMAT_NC4HW4) {
        mPlanarInput.reset(planarCopy(backend(), input));
        mPlanarOutput.reset(planarCopy(backend(), outputs[0]));
        if (!mPlanarInput || !mPlanarOutput) {
            return OUT_OF_MEMORY;
        }
    }
    return NO_ERROR;
}

ErrorCode CPULayerNorm::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    Tensor* input  = inputs[0];
    Tensor* output = outputs[0];
    if (mPlanarInput) {
        backend()->onCopyBuffer(input, mPlanarInput.get());
        input  = mPlanarInput.get();
        output = mPlanarOutput.get();
    }
    const float* src   = input->host<float>();
    float* dst         = output->host<float>();
    const int inside   = mInside;
    const int outside  = mOutside;
    const float* gamma = mGamma.empty() ? nullptr : mGamma.data();
    const float* beta  = mBeta.empty() ? nullptr : mBeta.data();
    const int threads  = ALIMAX(1, ALIMIN(static_cast<CPUBackend*>(backend())->threadNumber(), outside));
    if (inside > 0) {
        MNN_CONCURRENCY_BEGIN(tId, threads) {
            for (int row = tId; row < outside; row += threads) {
                const float* x = src + (size_t)row * inside;
                float* y       = dst + (size_t)row * inside;
                float mean     = 0.0f;
                int i;
                if (!mRMSNorm) {
                    Vec4 acc(0.0f);
                    for (i = 0; i + 4 <= inside; i += 4) acc = acc + Vec4::load(x + i);
                    float sum = horizontalSum(acc);
                    for (; i < inside; ++i) sum += x[i];
                    mean = sum / inside;
                }
                // Second moment about the mean (about 0 for RMSNorm).
                Vec4 acc(0.0f);
                const Vec4 m(mean);
                for (i = 0; i + 4 <= inside; i += 4) {
                    Vec4 d = Vec4::load(x + i) - m;
                    acc    = acc + d * d;
                }
                float squares = horizontalSum(acc);
                for (; i < inside; ++i) squares += (x[i] - mean) * (x[i] - mean);
                const float scale = 1.0f / sqrtf(squares / inside + mEpsilon);
                const Vec4 k(scale);
                for (i = 0; i + 4 <= inside; i += 4) {
                    Vec4 v = (Vec4::load(x + i) - m) * k;
                    if (gamma) v = v * Vec4::load(gamma + i);
                    if (beta) v = v + Vec4::load(beta + i);
                    Vec4::save(y + i, v);
                }
                for (; i < inside; ++i) {
                    float v = (x[i] - mean) * scale;
                    if (gamma) v *= gamma[i];
                    if (beta) v += beta[i];
                    y[i] = v;
                }
            }
        }
        MNN_CONCURRENCY_END();
    }
    if (mPlanarOutput) {
        backend()->onCopyBuffer(mPlanarOutput.get(), outputs[0]);
    }
    return NO_ERROR;
}

class CPULayerNormCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_LayerNorm();
        if (!param) {
            return nullptr;
        }
        auto toVector = [](const flatbuffers::Vector<float>* v) {
            return v ? std::vector<float>(v->begin(), v->end()) : std::vector<float>();
        };
        const int axisCount = param->axis() ? (int)param->axis()->size() : 1;
        return new CPULayerNorm(backend, axisCount, param->group(), param->epsilon(), param->useRMSNorm(),
                                toVector(param->gamma()), toVector(param->beta()));
    }
};

REGISTER_CPU_OP_CREATOR(CPULayerNormCreator, OpType_LayerNorm);
} // namespace MNN
