// Works on the buffer in whatever layout it arrives (MNN hands Scale NC4HW4): every run of values of
// one channel gets that channel's scale and bias; NC4HW4 padding lanes are written as zero. NC4HW4
// blocks hold the backend's `pack` channels (4 on the host, 8 in an AVX2 MNN, 16 with AVX-512) and
// are computed pack / 4 Vec4 at a time per position.
#include "CPUScale.hpp"

#include "ElementwiseA.hpp"
#include "math/Vec.hpp"

namespace MNN {

ErrorCode CPUScale::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const mkba::ChannelRuns runs(inputs[0], backend());
    if (inputs[0]->getType() != halide_type_of<float>() || (int)mScale.size() != runs.channels ||
        (!mBias.empty() && mBias.size() != mScale.size()) ||
        mkba::formatOf(outputs[0]) != mkba::formatOf(inputs[0])) {
        return NOT_SUPPORT;
    }
    if (runs.format == MNN_DATA_FORMAT_NC4HW4 && runs.pack % 4 != 0) {
        return NOT_SUPPORT;
    }
    return NO_ERROR;
}

ErrorCode CPUScale::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const mkba::ChannelRuns runs(inputs[0], backend());
    const float* src  = inputs[0]->host<float>();
    float* dst        = outputs[0]->host<float>();
    const int items   = runs.items();
    const int threads = mkba::threadsFor(backend(), items);
    if (runs.format == MNN_DATA_FORMAT_NC4HW4) {
        using V4         = Math::Vec<float, 4>;
        const int pack   = runs.pack;
        const int chunks = pack / 4;
        MNN_CONCURRENCY_BEGIN(tId, threads) {
            // The block's scales and biases by lane (0 for padding lanes), as Vec4 chunks.
            std::vector<float> lanes(2 * pack);
            for (int item = tId; item < items; item += threads) {
                const int c0 = runs.blockChannel(item);
                for (int l = 0; l < pack; ++l) {
                    const int c     = c0 + l;
                    lanes[l]        = c < runs.channels ? mScale[c] : 0.0f;
                    lanes[pack + l] = c < runs.channels && !mBias.empty() ? mBias[c] : 0.0f;
                }
                const size_t base = runs.blockOffset(item);
                for (int k = 0; k < chunks; ++k) {
                    const V4 scale = V4::load(lanes.data() + 4 * k), bias = V4::load(lanes.data() + pack + 4 * k);
                    const float* s = src + base + 4 * k;
                    float* d       = dst + base + 4 * k;
                    for (int i = 0; i < runs.inner; ++i) {
                        V4::save(d + (size_t)i * pack, V4::load(s + (size_t)i * pack) * scale + bias);
                    }
                }
            }
        }
        MNN_CONCURRENCY_END();
        return NO_ERROR;
    }
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        for (int item = tId; item < items; item += threads) {
            runs.forItem(item, [&](size_t offset, int count, int step, int c) {
                const float k = c >= 0 ? mScale[c] : 0.0f;
                const float b = c >= 0 && !mBias.empty() ? mBias[c] : 0.0f;
                for (int i = 0; i < count; ++i) dst[offset + (size_t)i * step] = src[offset + (size_t)i * step] * k + b;
            });
        }
    }
    MNN_CONCURRENCY_END();
    return NO_ERROR;
}

class CPUScaleCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_Scale();
        if (!param || !param->scaleData() || inputs.size() != 1) {
            return nullptr; // scale given as a second input tensor is not supported here
        }
        auto toVector = [](const flatbuffers::Vector<float>* v) {
            return v ? std::vector<float>(v->begin(), v->end()) : std::vector<float>();
        };
        return new CPUScale(backend, toVector(param->scaleData()), toVector(param->biasData()));
    }
};

REGISTER_CPU_OP_CREATOR(CPUScaleCreator, OpType_Scale);
} // namespace MNN
