// out[o, :] is the inputs' blocks for outside index o, one after another; threads take outside
// indices in a strided loop. NC4HW4 tensors are concatenated through NCHW copies.
#include "CPUConcat.hpp"

namespace MNN {

ErrorCode CPUConcat::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto output    = outputs[0];
    const int dims = output->dimensions();
    const int axis = mkb::normalizeAxis(mAxis, dims);
    if (axis < 0) {
        return INVALID_VALUE;
    }
    mOutside = 1;
    for (int d = 0; d < axis; ++d) mOutside *= (size_t)output->length(d);
    size_t inside = 1;
    for (int d = axis + 1; d < dims; ++d) inside *= (size_t)output->length(d);
    mBlock.clear();
    int total = 0;
    for (auto input : inputs) {
        if (input->getType().bytes() != output->getType().bytes() || input->dimensions() != dims) {
            return NOT_SUPPORT;
        }
        total += input->length(axis);
        mBlock.push_back((size_t)input->length(axis) * inside);
    }
    if (total != output->length(axis)) {
        return INVALID_VALUE;
    }
    return mViews.prepare(backend(), inputs, outputs) ? NO_ERROR : OUT_OF_MEMORY;
}

ErrorCode CPUConcat::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const size_t bytes = outputs[0]->getType().bytes();
    std::vector<const uint8_t*> sources;
    for (size_t i = 0; i < inputs.size(); ++i) sources.push_back(mViews.input(inputs, i)->host<uint8_t>());
    uint8_t* dst      = mViews.output(outputs, 0)->host<uint8_t>();
    size_t rowBytes   = 0;
    for (auto b : mBlock) rowBytes += b * bytes;
    const int threads = threadCount(mOutside);
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        for (size_t o = (size_t)tId; o < mOutside; o += (size_t)threads) {
            uint8_t* out = dst + o * rowBytes;
            for (size_t i = 0; i < sources.size(); ++i) {
                const size_t n = mBlock[i] * bytes;
                memcpy(out, sources[i] + o * n, n);
                out += n;
            }
        }
    }
    MNN_CONCURRENCY_END();
    mViews.finish(outputs);
    return NO_ERROR;
}

class CPUConcatCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_Axis();
        return new CPUConcat(backend, param ? param->axis() : 0);
    }
};

REGISTER_CPU_OP_CREATOR(CPUConcatCreator, OpType_Concat);
} // namespace MNN
