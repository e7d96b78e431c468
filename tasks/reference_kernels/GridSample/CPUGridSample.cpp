// ONNX GridSample: grid (x, y) in [-1, 1] maps to pixel coordinates (corner pixels' centres with
// alignCorners, else the image edges); border padding clamps the coordinate, reflection mirrors it
// about the same bounds, and the taps then fetch with the padding rule (zeros: 0 outside). The taps and
// weights of an output pixel are computed once and applied to every channel. Threads take (n, row)
// pairs; NC4HW4 tensors go through NCHW copies.
#include "CPUGridSample.hpp"

#include <math.h>

namespace MNN {

namespace {
// Mirrors x into [lo, hi] (repeatedly, as ONNX's reference does).
float reflect(float x, float lo, float hi) {
    const float range = hi - lo;
    if (range <= 0.0f) return lo;
    if (x < lo) {
        const float d = lo - x;
        const int n   = (int)(d / range);
        const float r = d - n * range;
        return n % 2 == 0 ? lo + r : hi - r;
    }
    if (x > hi) {
        const float d = x - hi;
        const int n   = (int)(d / range);
        const float r = d - n * range;
        return n % 2 == 0 ? hi - r : lo + r;
    }
    return x;
}

struct Axis1D {
    int size;
    bool alignCorners;
    int padding;
    float lo() const { return alignCorners ? 0.0f : -0.5f; }
    float hi() const { return alignCorners ? size - 1.0f : size - 0.5f; }
    // The grid value as a pixel coordinate, after border / reflection handling.
    float coordinate(float g) const {
        float x = alignCorners ? (g + 1.0f) * 0.5f * (size - 1) : ((g + 1.0f) * size - 1.0f) * 0.5f;
        if (padding == BorderMode_CLAMP) x = ALIMIN(ALIMAX(x, 0.0f), size - 1.0f);
        if (padding == BorderMode_REFLECTION) x = reflect(x, lo(), hi());
        return x;
    }
    // The pixel a tap reads, or -1 for a zero (zeros padding outside the image).
    int tap(int i) const {
        if (i >= 0 && i < size) return i;
        if (padding == BorderMode_ZEROS) return -1;
        if (padding == BorderMode_REFLECTION) i = (int)reflect((float)i, lo(), hi());
        return ALIMIN(ALIMAX(i, 0), size - 1);
    }
};
} // namespace

ErrorCode CPUGridSample::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input = inputs[0], grid = inputs[1], output = outputs[0];
    for (auto t : {input, grid, output}) {
        if (t->getType() != halide_type_of<float>() || t->dimensions() != 4 ||
            TensorUtils::getDescribe(t)->dimensionFormat == MNN_DATA_FORMAT_NHWC) {
            return NOT_SUPPORT; // 2-D only; NHWC would need another channel order
        }
    }
    if (mMode != SampleMode_BILINEAR && mMode != SampleMode_NEAREST) {
        return NOT_SUPPORT;
    }
    if (grid->length(0) != input->length(0) || grid->length(3) != 2 || output->length(1) != input->length(1) ||
        output->length(2) != grid->length(1) || output->length(3) != grid->length(2)) {
        return INVALID_VALUE;
    }
    return mViews.prepare(backend(), inputs, outputs) ? NO_ERROR : OUT_OF_MEMORY;
}

ErrorCode CPUGridSample::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const Tensor* input = mViews.input(inputs, 0);
    const Tensor* grid  = mViews.input(inputs, 1);
    Tensor* output      = mViews.output(outputs, 0);
    const int N = input->length(0), C = input->length(1), H = input->length(2), W = input->length(3);
    const int OH = output->length(2), OW = output->length(3);
    const Axis1D ax{W, mAlignCorners, mPadding}, ay{H, mAlignCorners, mPadding};
    const bool nearest = mMode == SampleMode_NEAREST;
    const float* src   = input->host<float>();
    const float* g     = grid->host<float>();
    float* dst         = output->host<float>();
    const size_t area = (size_t)H * W, outArea = (size_t)OH * OW;
    const int rows    = N * OH;
    const int threads = threadCount(rows);
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        for (int r = tId; r < rows; r += threads) {
            const int n = r / OH, oy = r % OH;
            for (int ox = 0; ox < OW; ++ox) {
                const float* xy = g + (((size_t)n * OH + oy) * OW + ox) * 2;
                const float x = ax.coordinate(xy[0]), y = ay.coordinate(xy[1]);
                // Up to 4 taps: pixel offsets (or -1 for zero) and weights.
                size_t offset[4];
                float weight[4];
                int taps = 0;
                auto add = [&](int ix, int iy, float w) {
                    const int tx = ax.tap(ix), ty = ay.tap(iy);
                    if (tx >= 0 && ty >= 0 && w != 0.0f) {
                        offset[taps] = (size_t)ty * W + tx;
                        weight[taps] = w;
                        ++taps;
                    }
                };
                if (nearest) {
                    // Round half to even, as ONNX's reference does.
                    add((int)nearbyintf(x), (int)nearbyintf(y), 1.0f);
                } else {
                    const int x0 = (int)floorf(x), y0 = (int)floorf(y);
                    const float fx = x - x0, fy = y - y0;
                    add(x0, y0, (1.0f - fx) * (1.0f - fy));
                    add(x0 + 1, y0, fx * (1.0f - fy));
                    add(x0, y0 + 1, (1.0f - fx) * fy);
                    add(x0 + 1, y0 + 1, fx * fy);
                }
                const size_t p = (size_t)oy * OW + ox;
                for (int c = 0; c < C; ++c) {
                    const float* plane = src + ((size_t)n * C + c) * area;
                    float sum          = 0.0f;
                    for (int t = 0; t < taps; ++t) sum += weight[t] * plane[offset[t]];
                    dst[((size_t)n * C + c) * outArea + p] = sum;
                }
            }
        }
    }
    MNN_CONCURRENCY_END();
    mViews.finish(outputs);
    return NO_ERROR;
}

class CPUGridSampleCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_GridSample();
        // backward is GridSample's gradient, which this reference does not compute.
        return param && !param->backward() ? new CPUGridSample(backend, param) : nullptr;
    }
};

REGISTER_CPU_OP_CREATOR(CPUGridSampleCreator, OpType_GridSample);
} // namespace MNN
