// Each output bin averages grid_h x grid_w bilinear samples placed at the centres of a regular
// sub-grid of the bin (samplingRatio per side, or ceil(roi size / pooled size) when it is not
// positive). Samples follow ONNX RoiAlign: beyond one pixel outside the map they count as 0, otherwise
// coordinates clamp to the map. The taps and weights of a bin are found once and applied to every
// channel. Inputs: feature map [N, C, H, W], rois [R, 4] as (x1, y1, x2, y2), int32 batch indices [R].
// Threads take (roi, bin row) pairs; NC4HW4 tensors go through NCHW copies.
#include "CPUROIAlign.hpp"

#include <math.h>

namespace MNN {

ErrorCode CPUROIAlign::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    if (inputs.size() != 3 || mParam->poolType() != PoolType_AVEPOOL || mParam->outputGrad()) {
        return NOT_SUPPORT; // max mode and the gradient are not implemented
    }
    auto input = inputs[0], rois = inputs[1], output = outputs[0];
    if (input->getType() != halide_type_of<float>() || rois->getType() != halide_type_of<float>() ||
        inputs[2]->getType() != halide_type_of<int32_t>() || input->dimensions() != 4 ||
        TensorUtils::getDescribe(input)->dimensionFormat == MNN_DATA_FORMAT_NHWC ||
        TensorUtils::getDescribe(output)->dimensionFormat == MNN_DATA_FORMAT_NHWC) {
        return NOT_SUPPORT;
    }
    const int R = rois->length(0);
    if (rois->dimensions() != 2 || rois->length(1) != 4 || inputs[2]->elementSize() != R || output->length(0) != R ||
        output->length(1) != input->length(1) || output->length(2) != mParam->pooledHeight() ||
        output->length(3) != mParam->pooledWidth()) {
        return INVALID_VALUE;
    }
    return mViews.prepare(backend(), inputs, outputs) ? NO_ERROR : OUT_OF_MEMORY;
}

ErrorCode CPUROIAlign::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const Tensor* input    = mViews.input(inputs, 0);
    const float* rois      = mViews.input(inputs, 1)->host<float>();
    const int32_t* batches = mViews.input(inputs, 2)->host<int32_t>();
    Tensor* output         = mViews.output(outputs, 0);
    const int N = input->length(0), C = input->length(1), H = input->length(2), W = input->length(3);
    const int R = output->length(0), PH = output->length(2), PW = output->length(3);
    const float scale  = mParam->spatialScale();
    const int ratio    = mParam->samplingRatio();
    const bool aligned = mParam->aligned();
    const float* src   = input->host<float>();
    float* dst         = output->host<float>();
    const size_t area = (size_t)H * W, outArea = (size_t)PH * PW;
    bool badBatch     = false;
    for (int r = 0; r < R; ++r) badBatch = badBatch || batches[r] < 0 || batches[r] >= N;
    if (badBatch) {
        return INPUT_DATA_ERROR;
    }
    const int rows    = R * PH;
    const int threads = threadCount(rows);
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        std::vector<size_t> offset;
        std::vector<float> weight;
        for (int row = tId; row < rows; row += threads) {
            const int r = row / PH, ph = row % PH;
            const float* box   = rois + (size_t)r * 4;
            const float shift  = aligned ? 0.5f : 0.0f;
            const float x1 = box[0] * scale - shift, y1 = box[1] * scale - shift;
            float roiW = box[2] * scale - shift - x1, roiH = box[3] * scale - shift - y1;
            if (!aligned) { // the legacy mode keeps boxes at least one pixel wide
                roiW = ALIMAX(roiW, 1.0f);
                roiH = ALIMAX(roiH, 1.0f);
            }
            const float binH = roiH / PH, binW = roiW / PW;
            const int gridH  = ratio > 0 ? ratio : (int)ceilf(roiH / PH);
            const int gridW  = ratio > 0 ? ratio : (int)ceilf(roiW / PW);
            const float norm = 1.0f / (float)ALIMAX(gridH * gridW, 1);
            const float* plane0 = src + (size_t)batches[r] * C * area;
            for (int pw = 0; pw < PW; ++pw) {
                offset.clear();
                weight.clear();
                for (int iy = 0; iy < gridH; ++iy) {
                    float y = y1 + ph * binH + (iy + 0.5f) * binH / gridH;
                    for (int ix = 0; ix < gridW; ++ix) {
                        float x = x1 + pw * binW + (ix + 0.5f) * binW / gridW;
                        if (y < -1.0f || y > H || x < -1.0f || x > W) {
                            continue; // the sample is 0
                        }
                        float yy = ALIMAX(y, 0.0f), xx = ALIMAX(x, 0.0f);
                        int yLow = (int)yy, xLow = (int)xx, yHigh, xHigh;
                        if (yLow >= H - 1) {
                            yLow = yHigh = H - 1;
                            yy   = (float)yLow;
                        } else {
                            yHigh = yLow + 1;
                        }
                        if (xLow >= W - 1) {
                            xLow = xHigh = W - 1;
                            xx   = (float)xLow;
                        } else {
                            xHigh = xLow + 1;
                        }
                        const float ly = yy - yLow, lx = xx - xLow, hy = 1.0f - ly, hx = 1.0f - lx;
                        const size_t taps[4] = {(size_t)yLow * W + xLow, (size_t)yLow * W + xHigh,
                                                (size_t)yHigh * W + xLow, (size_t)yHigh * W + xHigh};
                        const float w[4] = {hy * hx, hy * lx, ly * hx, ly * lx};
                        for (int t = 0; t < 4; ++t) {
                            offset.push_back(taps[t]);
                            weight.push_back(w[t] * norm);
                        }
                    }
                }
                for (int c = 0; c < C; ++c) {
                    const float* plane = plane0 + (size_t)c * area;
                    float sum          = 0.0f;
                    for (size_t t = 0; t < offset.size(); ++t) sum += weight[t] * plane[offset[t]];
                    dst[((size_t)r * C + c) * outArea + (size_t)ph * PW + pw] = sum;
                }
            }
        }
    }
    MNN_CONCURRENCY_END();
    mViews.finish(outputs);
    return NO_ERROR;
}

class CPUROIAlignCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_RoiParameters();
        return param ? new CPUROIAlign(backend, param) : nullptr;
    }
};

REGISTER_CPU_OP_CREATOR(CPUROIAlignCreator, OpType_ROIAlign);
} // namespace MNN
