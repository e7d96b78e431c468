// A reshape keeps the row-major order of the elements, so it is a copy of the planar buffer; only
// NC4HW4 tensors (whose buffer is not row-major) need their NCHW copies.
#include "CPUReshape.hpp"

namespace MNN {

ErrorCode CPUReshape::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input = inputs[0], output = outputs[0];
    size_t inCount = 1, outCount = 1;
    for (int d = 0; d < input->dimensions(); ++d) inCount *= (size_t)input->length(d);
    for (int d = 0; d < output->dimensions(); ++d) outCount *= (size_t)output->length(d);
    if (inCount != outCount || input->getType().bytes() != output->getType().bytes()) {
        return INVALID_VALUE;
    }
    // Only the data input is copied; the shape input stays as it is.
    return mViews.prepare(backend(), {input}, outputs) ? NO_ERROR : OUT_OF_MEMORY;
}

ErrorCode CPUReshape::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const uint8_t* src = mViews.input(inputs, 0)->host<uint8_t>();
    uint8_t* dst       = mViews.output(outputs, 0)->host<uint8_t>();
    size_t count       = 1;
    for (int d = 0; d < outputs[0]->dimensions(); ++d) count *= (size_t)outputs[0]->length(d);
    const size_t bytes = count * outputs[0]->getType().bytes();
    parallelRange(bytes, [&](size_t begin, size_t end) { memcpy(dst + begin, src + begin, end - begin); });
    mViews.finish(outputs);
    return NO_ERROR;
}

class CPUReshapeCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        return new CPUReshape(backend);
    }
};

REGISTER_CPU_OP_CREATOR(CPUReshapeCreator, OpType_Reshape);
} // namespace MNN
