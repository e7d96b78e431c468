// y = min(max(x, minValue), maxValue), elementwise over the raw buffer (any layout, as long as input
// and output share it; NC4HW4 padding lanes clamp zeros, which is harmless).
#include "CPURelu6.hpp"

namespace MNN {

ErrorCode CPURelu6::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    // A converted Clip may carry its bounds as inputs 1 and 2 instead of parameters; the suite's
    // Clip folds them into the op, so only that form is supported.
    if (inputs.size() != 1 || inputs[0]->getType() != halide_type_of<float>() ||
        outputs[0]->getType() != halide_type_of<float>()) {
        return NOT_SUPPORT;
    }
    auto inFormat  = TensorUtils::getDescribe(inputs[0])->dimensionFormat;
    auto outFormat = TensorUtils::getDescribe(outputs[0])->dimensionFormat;
    return inFormat == outFormat ? NO_ERROR : NOT_SUPPORT;
}

ErrorCode CPURelu6::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const float lo = mMin, hi = mMax;
    unaryLoop(inputs[0]->host<float>(), outputs[0]->host<float>(), (size_t)outputs[0]->elementSize(),
              [lo, hi](float x) -> float { return x < lo ? lo : (x > hi ? hi : x); });
    return NO_ERROR;
}

class CPURelu6Creator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_Relu6();
        // No parameter table means MNN's defaults: ReLU6 proper.
        return param ? new CPURelu6(backend, param->minValue(), param->maxValue()) : new CPURelu6(backend, 0.0f, 6.0f);
    }
};

REGISTER_CPU_OP_CREATOR(CPURelu6Creator, OpType_ReLU6);
} // namespace MNN
