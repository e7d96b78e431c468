// out[i] = start + i * delta for the output's length (the shape, ceil((limit - start) / delta), is
// already resolved). Each element is computed from i, not by repeated addition, so float rounding
// does not accumulate; limit only matters for the shape.
#include "CPURange.hpp"

namespace MNN {

ErrorCode CPURange::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const auto type = outputs[0]->getType();
    if (inputs.size() != 3 || outputs[0]->dimensions() != 1 ||
        (type != halide_type_of<float>() && type != halide_type_of<int32_t>())) {
        return NOT_SUPPORT;
    }
    for (auto t : inputs) {
        if (t->getType() != type || t->elementSize() != 1) return NOT_SUPPORT;
    }
    return NO_ERROR;
}

template <typename T>
void CPURange::fill(const std::vector<Tensor*>& inputs, T* dst, size_t count) {
    const T start = inputs[0]->host<T>()[0], delta = inputs[2]->host<T>()[0];
    parallelRange(count, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) dst[i] = (T)(start + (T)i * delta);
    });
}

ErrorCode CPURange::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const size_t count = (size_t)outputs[0]->length(0);
    if (outputs[0]->getType() == halide_type_of<float>()) {
        fill(inputs, outputs[0]->host<float>(), count);
    } else {
        fill(inputs, outputs[0]->host<int32_t>(), count);
    }
    return NO_ERROR;
}

class CPURangeCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        return new CPURange(backend);
    }
};

REGISTER_CPU_OP_CREATOR(CPURangeCreator, OpType_Range);
} // namespace MNN
