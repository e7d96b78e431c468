// Shared convolution machinery of the part-A reference kernels: one Execution that runs a 2-D
// convolution or transposed convolution (grouped, strided, dilated, padded) on NCHW copies of MNN's
// NC4HW4 tensors. Weights and bias come from the op's parameters or, when the model feeds them as
// tensors, from inputs 1 and 2. CPUConvolution, CPUDeconvolution and CPUDeconvolutionDepthwise are
// thin creators over it.
#ifndef ConvolutionA_hpp
#define ConvolutionA_hpp

#include <string.h>
#include <vector>
#include "ElementwiseA.hpp"

namespace MNN {
namespace mkba {

// floor(a / b) and ceil(a / b) for b > 0 and any sign of a.
inline int floorDiv(int a, int b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}
inline int ceilDiv(int a, int b) {
    return -floorDiv(-a, b);
}

class ConvolutionExecution : public Execution {
public:
    // transposed: a Deconvolution (weights [inC, outC / group, kh, kw]) rather than a Convolution
    // (weights [outC, inC / group, kh, kw]). weight / bias empty: read from inputs 1 / 2 at execution.
    ConvolutionExecution(Backend* b, const Convolution2DCommon* common, bool transposed, std::vector<float> weight,
                         std::vector<float> bias)
        : Execution(b), mTransposed(transposed), mWeight(std::move(weight)), mBias(std::move(bias)) {
        mKernelY = common->kernelY(), mKernelX = common->kernelX();
        mStrideY = common->strideY(), mStrideX = common->strideX();
        mDilateY = common->dilateY(), mDilateX = common->dilateX();
        mGroup = ALIMAX(1, common->group());
        mPadMode = common->padMode();
        auto pads = common->pads();
        // MNN orders pads as ONNX does: begins (y, x) then ends; only the begins matter once the output
        // size is known.
        mPadY = pads && pads->size() >= 2 ? pads->Get(0) : common->padY();
        mPadX = pads && pads->size() >= 2 ? pads->Get(1) : common->padX();
    }

    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        auto input = inputs[0], output = outputs[0];
        if (input->dimensions() != 4 || output->dimensions() != 4 || input->getType() != halide_type_of<float>()) {
            return NOT_SUPPORT;
        }
        mBatch = input->length(0), mInC = input->length(1), mInH = input->length(2), mInW = input->length(3);
        mOutC = output->length(1), mOutH = output->length(2), mOutW = output->length(3);
        if (mWeight.empty()) {
            if (inputs.size() < 2 || inputs[1]->dimensions() != 4) return INVALID_VALUE;
            mKernelY = inputs[1]->length(2), mKernelX = inputs[1]->length(3);
        }
        if (mInC % mGroup != 0 || mOutC % mGroup != 0 || output->length(0) != mBatch) {
            return INVALID_VALUE;
        }
        const size_t weightCount = (size_t)mInC * (mOutC / mGroup) * mKernelY * mKernelX;
        const size_t given = mWeight.empty() ? (size_t)inputs[1]->elementSize() : mWeight.size();
        if (given != weightCount) {
            return INVALID_VALUE;
        }
        const bool biasInput = mWeight.empty() ? inputs.size() > 2 : false;
        if ((!mBias.empty() && (int)mBias.size() != mOutC) || (biasInput && inputs[2]->elementSize() != mOutC)) {
            return INVALID_VALUE;
        }
        if (mPadMode == PadMode_SAME) {
            // The total padding that makes the sizes meet, split with the smaller half first.
            const int spanY = (mKernelY - 1) * mDilateY + 1, spanX = (mKernelX - 1) * mDilateX + 1;
            const int totalY = mTransposed ? (mInH - 1) * mStrideY + spanY - mOutH : (mOutH - 1) * mStrideY + spanY - mInH;
            const int totalX = mTransposed ? (mInW - 1) * mStrideX + spanX - mOutW : (mOutW - 1) * mStrideX + spanX - mInW;
            mPadY = ALIMAX(0, totalY) / 2, mPadX = ALIMAX(0, totalX) / 2;
        }
        return mViews.prepare(backend(), inputs, outputs) ? NO_ERROR : OUT_OF_MEMORY;
    }

    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        const float* src    = mViews.input(inputs, 0)->host<float>();
        float* dst          = mViews.output(outputs, 0)->host<float>();
        const float* weight = mWeight.empty() ? mViews.input(inputs, 1)->host<float>() : mWeight.data();
        const float* bias   = !mBias.empty() ? mBias.data()
                              : (mWeight.empty() && inputs.size() > 2) ? mViews.input(inputs, 2)->host<float>()
                                                                       : nullptr;
        // One work item per output plane (batch, output channel): planes never overlap, so the
        // transposed form can scatter into its plane without races.
        const int items   = mBatch * mOutC;
        const int threads = threadsFor(backend(), items);
        MNN_CONCURRENCY_BEGIN(tId, threads) {
            for (int item = tId; item < items; item += threads) {
                const int n = item / mOutC, o = item % mOutC;
                float* plane = dst + (size_t)item * mOutH * mOutW;
                const float b = bias ? bias[o] : 0.0f;
                for (int i = 0; i < mOutH * mOutW; ++i) plane[i] = b;
                if (mTransposed) {
                    scatterPlane(src, weight, plane, n, o);
                } else {
                    gatherPlane(src, weight, plane, n, o);
                }
            }
        }
        MNN_CONCURRENCY_END();
        mViews.finish(outputs);
        return NO_ERROR;
    }

private:
    // Convolution: out[oy][ox] += w * in[oy * s - pad + k * d] over the input channels of o's group.
    void gatherPlane(const float* src, const float* weight, float* plane, int n, int o) const {
        const int icPerGroup = mInC / mGroup, ocPerGroup = mOutC / mGroup, g = o / ocPerGroup;
        for (int icg = 0; icg < icPerGroup; ++icg) {
            const int ic    = g * icPerGroup + icg;
            const float* in = src + ((size_t)n * mInC + ic) * mInH * mInW;
            const float* w  = weight + ((size_t)o * icPerGroup + icg) * mKernelY * mKernelX;
            for (int ky = 0; ky < mKernelY; ++ky) {
                const int offY = ky * mDilateY - mPadY;
                // Output rows whose input row offY + oy * stride lies inside the input.
                const int oyBegin = ALIMAX(0, ceilDiv(-offY, mStrideY));
                const int oyEnd   = ALIMIN(mOutH, floorDiv(mInH - 1 - offY, mStrideY) + 1);
                for (int kx = 0; kx < mKernelX; ++kx) {
                    const float wv   = w[ky * mKernelX + kx];
                    const int offX   = kx * mDilateX - mPadX;
                    const int oxBegin = ALIMAX(0, ceilDiv(-offX, mStrideX));
                    const int oxEnd   = ALIMIN(mOutW, floorDiv(mInW - 1 - offX, mStrideX) + 1);
                    for (int oy = oyBegin; oy < oyEnd; ++oy) {
                        const float* row = in + (size_t)(oy * mStrideY + offY) * mInW + offX;
                        float* out       = plane + (size_t)oy * mOutW;
                        if (mStrideX == 1) {
                            for (int ox = oxBegin; ox < oxEnd; ++ox) out[ox] += wv * row[ox];
                        } else {
                            for (int ox = oxBegin; ox < oxEnd; ++ox) out[ox] += wv * row[ox * mStrideX];
                        }
                    }
                }
            }
        }
    }

    // Transposed convolution: in[iy][ix] adds w * in to out[iy * s - pad + k * d], for o's group.
    void scatterPlane(const float* src, const float* weight, float* plane, int n, int o) const {
        const int icPerGroup = mInC / mGroup, ocPerGroup = mOutC / mGroup, g = o / ocPerGroup, oInGroup = o % ocPerGroup;
        for (int icg = 0; icg < icPerGroup; ++icg) {
            const int ic    = g * icPerGroup + icg;
            const float* in = src + ((size_t)n * mInC + ic) * mInH * mInW;
            const float* w  = weight + ((size_t)ic * ocPerGroup + oInGroup) * mKernelY * mKernelX;
            for (int ky = 0; ky < mKernelY; ++ky) {
                const int offY = ky * mDilateY - mPadY;
                // Input rows whose output row iy * stride + offY lies inside the output.
                const int iyBegin = ALIMAX(0, ceilDiv(-offY, mStrideY));
                const int iyEnd   = ALIMIN(mInH, floorDiv(mOutH - 1 - offY, mStrideY) + 1);
                for (int kx = 0; kx < mKernelX; ++kx) {
                    const float wv    = w[ky * mKernelX + kx];
                    const int offX    = kx * mDilateX - mPadX;
                    const int ixBegin = ALIMAX(0, ceilDiv(-offX, mStrideX));
                    const int ixEnd   = ALIMIN(mInW, floorDiv(mOutW - 1 - offX, mStrideX) + 1);
                    for (int iy = iyBegin; iy < iyEnd; ++iy) {
                        const float* row = in + (size_t)iy * mInW;
                        float* out       = plane + (size_t)(iy * mStrideY + offY) * mOutW + offX;
                        if (mStrideX == 1) {
                            for (int ix = ixBegin; ix < ixEnd; ++ix) out[ix] += wv * row[ix];
                        } else {
                            for (int ix = ixBegin; ix < ixEnd; ++ix) out[ix * mStrideX] += wv * row[ix];
                        }
                    }
                }
            }
        }
    }

    bool mTransposed;
    std::vector<float> mWeight, mBias;
    int mKernelY, mKernelX, mStrideY, mStrideX, mDilateY, mDilateX, mGroup, mPadY, mPadX;
    PadMode mPadMode;
    int mBatch = 0, mInC = 0, mInH = 0, mInW = 0, mOutC = 0, mOutH = 0, mOutW = 0;
    PlanarViews mViews;
};

// The creator's common part: null when the op carries no Convolution2D parameters.
inline Execution* createConvolution(const Op* op, Backend* backend, bool transposed) {
    auto param = op->main_as_Convolution2D();
    if (!param || !param->common()) {
        return nullptr;
    }
    auto toVector = [](const flatbuffers::Vector<float>* v) {
        return v ? std::vector<float>(v->begin(), v->end()) : std::vector<float>();
    };
    return new ConvolutionExecution(backend, param->common(), transposed, toVector(param->weight()),
                                    toVector(param->bias()));
}

} // namespace mkba
} // namespace MNN

#endif // ConvolutionA_hpp
