// Pools each plane independently: a plane is `pack` interleaved channels for NC4HW4 (the backend's
// functions()->pack: 4 on the host and MNN's baseline, 8 on AVX2, 16 on AVX-512; pack / 4 Vec4 per
// position) or one channel for NCHW. Planes are split over the threads. An NC4HW4 plane is one (channel
// block, batch) pair, in the same order in input and output ([C/pack][N], MNN's CPU layout), so the plane
// index never needs decoding.
// Window rules follow MNN: explicit `pads` (CAFFE pad type) give the top / left padding and make
// the pad type VALID; SAME centres the window; AVE with countType DEFAULT counts the padding only
// for the CAFFE pad type, and INCLUDE_PADDING clips the window at input size + padding.
#include "CPUPool.hpp"

#include <float.h>
#include "backend/cpu/CPUBackend.hpp"
#include "backend/cpu/compute/CommonOptFunction.h"
#include "core/Concurrency.h"
#include "core/Macro.h"
#include "core/TensorUtils.hpp"
#include "math/Vec.hpp"

namespace MNN {

ErrorCode CPUPool::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input  = inputs[0];
    auto output = outputs[0];
    const auto format = TensorUtils::getDescribe(input)->dimensionFormat;
    if (input->getType() != halide_type_of<float>() || input->dimensions() != 4 ||
        format != TensorUtils::getDescribe(output)->dimensionFormat ||
        (format != MNN_DATA_FORMAT_NC4HW4 && format != MNN_DATA_FORMAT_NCHW)) {
        return NOT_SUPPORT;
    }
    mPack = format == MNN_DATA_FORMAT_NC4HW4 ? static_cast<CPUBackend*>(backend())->functions()->pack : 1;
    if (mPack != 1 && mPack != 4 && mPack != 8 && mPack != 16) {
        return NOT_SUPPORT;
    }
    auto p  = mParameter;
    Geometry g{p->kernelX(), p->kernelY(), p->strideX(), p->strideY(), p->padX(), p->padY(), false};
    if (p->isGlobal()) {
        g = {input->width(), input->height(), input->width(), input->height(), 0, 0, false};
    }
    auto padType = p->padType();
    if (padType == PoolPadType_SAME) {
        const int needX = (output->width() - 1) * g.strideX + g.kernelX - input->width();
        const int needY = (output->height() - 1) * g.strideY + g.kernelY - input->height();
        g.padX          = ALIMAX(needX, 0) / 2;
        g.padY          = ALIMAX(needY, 0) / 2;
    } else if (padType == PoolPadType_VALID) {
        g.padX = g.padY = 0;
    } else if (!p->isGlobal() && p->pads() && p->pads()->size() == 4) {
        g.padY  = p->pads()->Get(0);
        g.padX  = p->pads()->Get(1);
        padType = PoolPadType_VALID;
    }
    auto count = p->countType();
    if (count == AvgPoolCountType_DEFAULT) {
        count = padType == PoolPadType_CAFFE ? AvgPoolCountType_INCLUDE_PADDING : AvgPoolCountType_EXCLUDE_PADDING;
    }
    g.includePadding = count == AvgPoolCountType_INCLUDE_PADDING;
    if (g.kernelX <= 0 || g.kernelY <= 0 || g.strideX <= 0 || g.strideY <= 0) {
        return INVALID_VALUE;
    }
    mGeometry = g;
    return NO_ERROR;
}

// PACK interleaved channels per position (1, or a multiple of 4 done as PACK / 4 Vec4 chunks).
template <int PACK>
static void poolPlane(const float* src, float* dst, int iw, int ih, int ow, int oh, const CPUPool::Geometry& g,
                      bool isMax) {
    constexpr int W      = PACK >= 4 ? 4 : 1; // lanes per vector
    constexpr int CHUNKS = PACK / W;
    using V              = Math::Vec<float, W>;
    for (int y = 0; y < oh; ++y) {
        const int y0 = y * g.strideY - g.padY;
        const int ys = ALIMAX(y0, 0), ye = ALIMIN(y0 + g.kernelY, ih);
        for (int x = 0; x < ow; ++x) {
            const int x0 = x * g.strideX - g.padX;
            const int xs = ALIMAX(x0, 0), xe = ALIMIN(x0 + g.kernelX, iw);
            V acc[CHUNKS];
            for (int k = 0; k < CHUNKS; ++k) acc[k] = V(isMax ? -FLT_MAX : 0.0f);
            for (int sy = ys; sy < ye; ++sy) {
                const float* row = src + ((size_t)sy * iw) * PACK;
                for (int sx = xs; sx < xe; ++sx) {
                    for (int k = 0; k < CHUNKS; ++k) {
                        V v    = V::load(row + sx * PACK + k * W);
                        acc[k] = isMax ? V::max(acc[k], v) : acc[k] + v;
                    }
                }
            }
            if (!isMax) {
                int count = (ye - ys) * (xe - xs);
                if (g.includePadding) {
                    count = (ALIMIN(y0 + g.kernelY, ih + g.padY) - y0) * (ALIMIN(x0 + g.kernelX, iw + g.padX) - x0);
                }
                const V scale(count > 0 ? 1.0f / count : 0.0f);
                for (int k = 0; k < CHUNKS; ++k) acc[k] = acc[k] * scale;
            }
            float* out = dst + ((size_t)y * ow + x) * PACK;
            for (int k = 0; k < CHUNKS; ++k) V::save(out + k * W, acc[k]);
        }
    }
}

ErrorCode CPUPool::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input  = inputs[0];
    auto output = outputs[0];
    const int iw = input->width(), ih = input->height(), ow = output->width(), oh = output->height();
    const int pack    = mPack;
    const int planes  = input->batch() * UP_DIV(input->channel(), pack);
    const bool isMax  = mParameter->type() == PoolType_MAXPOOL;
    const float* src  = input->host<float>();
    float* dst        = output->host<float>();
    const auto& g     = mGeometry;
    const int threads = ALIMAX(1, ALIMIN(static_cast<CPUBackend*>(backend())->threadNumber(), planes));
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        for (int plane = tId; plane < planes; plane += threads) {
            const float* s = src + (size_t)plane * iw * ih * pack;
            float* d       = dst + (size_t)plane * ow * oh * pack;
            switch (pack) {
                case 4: poolPlane<4>(s, d, iw, ih, ow, oh, g, isMax); break;
                case 8: poolPlane<8>(s, d, iw, ih, ow, oh, g, isMax); break;
                case 16: poolPlane<16>(s, d, iw, ih, ow, oh, g, isMax); break;
                default: poolPlane<1>(s, d, iw, ih, ow, oh, g, isMax); break;
            }
        }
    }
    MNN_CONCURRENCY_END();
    return NO_ERROR;
}

class CPUPoolCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_Pool();
        return param ? new CPUPool(backend, param) : nullptr;
    }
};

REGISTER_CPU_OP_CREATOR(CPUPoolCreator, OpType_Pooling);
} // namespace MNN
