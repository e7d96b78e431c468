// Softmax over one axis, as outside x channel x inside. inside == 1 (the last axis) normalises
// contiguous rows; otherwise the inside positions are processed 4 at a time with Vec4.
#include "CPUSoftmax.hpp"

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

ErrorCode CPUSoftmax::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input = inputs[0];
    if (input->getType() != halide_type_of<float>()) {
        return NOT_SUPPORT;
    }
    const int dims = input->dimensions();
    const int axis = mAxis < 0 ? mAxis + dims : mAxis;
    if (axis < 0 || axis >= dims) {
        return INVALID_VALUE;
    }
    mOutside = mChannel = mInside = 1;
    for (int i = 0; i < axis; ++i) mOutside *= input->length(i);
    mChannel = input->length(axis);
    for (int i = axis + 1; i < dims; ++i) mInside *= input->length(i);

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

static void softmaxRow(const float* src, float* dst, int n) {
    float maxValue = src[0];
    for (int i = 1; i < n; ++i) maxValue = ALIMAX(maxValue, src[i]);
    float sum = 0.0f;
    for (int i = 0; i < n; ++i) {
        dst[i] = expf(src[i] - maxValue);
        sum += dst[i];
    }
    const Vec4 scale(1.0f / sum);
    int i = 0;
    for (; i + 4 <= n; i += 4) Vec4::save(dst + i, Vec4::load(dst + i) * scale);
    for (; i < n; ++i) dst[i] *= 1.0f / sum;
}

// `count` (<= 4) neighbouring inside positions of one outside slice.
static void softmaxColumns(const float* src, float* dst, int channel, int inside, int count) {
    float maxValue[4], sum[4] = {0, 0, 0, 0};
    for (int j = 0; j < count; ++j) maxValue[j] = src[j];
    for (int c = 1; c < channel; ++c)
        for (int j = 0; j < count; ++j) maxValue[j] = ALIMAX(maxValue[j], src[c * inside + j]);
    for (int c = 0; c < channel; ++c)
        for (int j = 0; j < count; ++j) {
            float e               = expf(src[c * inside + j] - maxValue[j]);
            dst[c * inside + j] = e;
            sum[j] += e;
        }
    if (count == 4) {
        float inv[4] = {1.0f / sum[0], 1.0f / sum[1], 1.0f / sum[2], 1.0f / sum[3]};
        const Vec4 k = Vec4::load(inv);
        for (int c = 0; c < channel; ++c) Vec4::save(dst + c * inside, Vec4::load(dst + c * inside) * k);
        return;
    }
    for (int c = 0; c < channel; ++c)
        for (int j = 0; j < count; ++j) dst[c * inside + j] /= sum[j];
}

ErrorCode CPUSoftmax::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    Tensor* input  = inputs[0];
    Tensor* output = outputs[0];
    if (mPlanarInput) {
        backend()->onCopyBuffer(input, mPlanarInput.get());
        input  = mPlanarInput.get();
        output = mPlanarOutput.get();
    }
    const float* src  = input->host<float>();
    float* dst        = output->host<float>();
    const int outside = mOutside, channel = mChannel, inside = mInside;
    if (channel > 0) {
        // Work items: rows (inside == 1) or (outside, 4 inside positions) blocks.
        const int insideBlocks = UP_DIV(inside, 4);
        const int items        = inside == 1 ? outside : outside * insideBlocks;
        const int threads = ALIMAX(1, ALIMIN(static_cast<CPUBackend*>(backend())->threadNumber(), items));
        MNN_CONCURRENCY_BEGIN(tId, threads) {
            for (int item = tId; item < items; item += threads) {
                if (inside == 1) {
                    softmaxRow(src + item * channel, dst + item * channel, channel);
                } else {
                    const int o = item / insideBlocks, i = (item % insideBlocks) * 4;
                    const size_t base = (size_t)o * channel * inside + i;
                    softmaxColumns(src + base, dst + base, channel, inside, ALIMIN(4, inside - i));
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

class CPUSoftmaxCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto axis = op->main_as_Axis();
        return new CPUSoftmax(backend, axis ? axis->axis() : 1);
    }
};

REGISTER_CPU_OP_CREATOR(CPUSoftmaxCreator, OpType_Softmax);
} // namespace MNN
