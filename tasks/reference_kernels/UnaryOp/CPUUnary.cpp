// One threaded loop (ElementwiseB.hpp) instantiated per operation, so the switch on the operation runs
// once per execution, not once per element. Scalar libm calls: correctness first.
#include "CPUUnary.hpp"

#include <math.h>
namespace MNN {

ErrorCode CPUUnary::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    if (inputs[0]->getType() != halide_type_of<float>() || outputs[0]->getType() != halide_type_of<float>()) {
        return NOT_SUPPORT;
    }
    // Elementwise over the raw buffers: valid only when both sides share one layout.
    auto inFormat  = TensorUtils::getDescribe(inputs[0])->dimensionFormat;
    auto outFormat = TensorUtils::getDescribe(outputs[0])->dimensionFormat;
    return inFormat == outFormat ? NO_ERROR : NOT_SUPPORT;
}

ErrorCode CPUUnary::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const float* src = inputs[0]->host<float>();
    float* dst       = outputs[0]->host<float>();
    const size_t n   = (size_t)outputs[0]->elementSize();
#define MKB_UNARY(OP, EXPR)                                              \
    case UnaryOpOperation_##OP:                                          \
        unaryLoop(src, dst, n, [](float x) -> float { return EXPR; }); \
        return NO_ERROR;
    switch (mOpType) {
        MKB_UNARY(ABS, fabsf(x))
        MKB_UNARY(NEG, -x)
        MKB_UNARY(FLOOR, floorf(x))
        MKB_UNARY(CEIL, ceilf(x))
        MKB_UNARY(SQUARE, x * x)
        MKB_UNARY(SQRT, sqrtf(x))
        MKB_UNARY(RSQRT, 1.0f / sqrtf(x))
        MKB_UNARY(EXP, expf(x))
        MKB_UNARY(LOG, logf(x))
        MKB_UNARY(SIN, sinf(x))
        MKB_UNARY(COS, cosf(x))
        MKB_UNARY(TAN, tanf(x))
        MKB_UNARY(ASIN, asinf(x))
        MKB_UNARY(ACOS, acosf(x))
        MKB_UNARY(ATAN, atanf(x))
        MKB_UNARY(RECIPROCAL, 1.0f / x)
        MKB_UNARY(LOG1P, log1pf(x))
        MKB_UNARY(ACOSH, acoshf(x))
        MKB_UNARY(SINH, sinhf(x))
        MKB_UNARY(ASINH, asinhf(x))
        MKB_UNARY(ATANH, atanhf(x))
        MKB_UNARY(SIGN, (float)((x > 0.0f) - (x < 0.0f)))
        // ONNX Round is round-half-to-even: the default floating-point rounding mode.
        MKB_UNARY(ROUND, nearbyintf(x))
        MKB_UNARY(COSH, coshf(x))
        MKB_UNARY(ERF, erff(x))
        MKB_UNARY(ERFC, erfcf(x))
        MKB_UNARY(EXPM1, expm1f(x))
        MKB_UNARY(SIGMOID, 1.0f / (1.0f + expf(-x)))
        MKB_UNARY(TANH, tanhf(x))
        default:
            return NOT_SUPPORT;
    }
#undef MKB_UNARY
}

class CPUUnaryCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_UnaryOp();
        return param ? new CPUUnary(backend, param->opType()) : nullptr;
    }
};

REGISTER_CPU_OP_CREATOR(CPUUnaryCreator, OpType_UnaryOp);
} // namespace MNN
