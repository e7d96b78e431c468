// y = x > 0 ? x : slope[c] * x, on the buffer in the layout it arrives in (MNN hands PReLU NC4HW4,
// channels = dimension 1 even for a 2-D [batch, features] tensor). Padding lanes are written as zero.
#include "CPUPRelu.hpp"

#include "ElementwiseA.hpp"

namespace MNN {

ErrorCode CPUPRelu::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const mkba::ChannelRuns runs(inputs[0], backend());
    const bool shared = mSlope.size() == 1;
    if (inputs[0]->getType() != halide_type_of<float>() || (!shared && (int)mSlope.size() != runs.channels) ||
        mkba::formatOf(outputs[0]) != mkba::formatOf(inputs[0])) {
        return NOT_SUPPORT;
    }
    return NO_ERROR;
}

ErrorCode CPUPRelu::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const mkba::ChannelRuns runs(inputs[0], backend());
    const float* src  = inputs[0]->host<float>();
    float* dst        = outputs[0]->host<float>();
    const bool shared = mSlope.size() == 1;
    const int items   = runs.items();
    const int threads = mkba::threadsFor(backend(), items);
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        for (int item = tId; item < items; item += threads) {
            runs.forItem(item, [&](size_t offset, int count, int step, int c) {
                const float k = c < 0 ? 0.0f : mSlope[shared ? 0 : c];
                for (int i = 0; i < count; ++i) {
                    const float x                  = c < 0 ? 0.0f : src[offset + (size_t)i * step];
                    dst[offset + (size_t)i * step] = x > 0.0f ? x : x * k;
                }
            });
        }
    }
    MNN_CONCURRENCY_END();
    return NO_ERROR;
}

class CPUReluCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_PRelu();
        if (!param || !param->slope() || param->slope()->size() == 0) {
            return nullptr;
        }
        return new CPUPRelu(backend, std::vector<float>(param->slope()->begin(), param->slope()->end()));
    }
};

REGISTER_CPU_OP_CREATOR(CPUReluCreator, OpType_PReLU);
} // namespace MNN
