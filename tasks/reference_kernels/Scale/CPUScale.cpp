// Works on the buffer in whatever layout it arrives (MNN hands Scale NC4HW4): every run of values of
// one channel gets that channel's scale and bias; NC4HW4 padding lanes are written as zero.
#include "CPUScale.hpp"

#include "ElementwiseA.hpp"

namespace MNN {

ErrorCode CPUScale::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const mkba::ChannelRuns runs(inputs[0]);
    if (inputs[0]->getType() != halide_type_of<float>() || (int)mScale.size() != runs.channels ||
        (!mBias.empty() && mBias.size() != mScale.size()) ||
        mkba::formatOf(outputs[0]) != mkba::formatOf(inputs[0])) {
        return NOT_SUPPORT;
    }
    return NO_ERROR;
}

ErrorCode CPUScale::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const mkba::ChannelRuns runs(inputs[0]);
    const float* src  = inputs[0]->host<float>();
    float* dst        = outputs[0]->host<float>();
    const int items   = runs.items();
    const int threads = mkba::threadsFor(backend(), items);
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
