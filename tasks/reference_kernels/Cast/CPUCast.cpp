// Elementwise conversion over the raw buffers (both share a layout). The tensors' own types decide
// the conversion: MNN's converter writes dstT = DT_FLOAT for a cast to float16 (MNN computes half
// tensors as float), while the output tensor handed to the kernel is float16. float16 is stored as
// raw bits and converted in software with round-to-nearest-even. Float to integer truncates toward
// zero, as ONNX Cast does; a bool target (DT_BOOL, int32 here) gets x != 0.
#include "CPUCast.hpp"

#include <math.h>
#include <string.h>
#include <type_traits>

namespace MNN {

static const halide_type_t kHalf = halide_type_t(halide_type_float, 16);

static float halfToFloat(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    const int exponent  = (h >> 10) & 0x1f;
    const uint32_t mant = h & 0x3ff;
    float value;
    if (exponent == 0) {
        value = ldexpf((float)mant, -24); // subnormal (or zero)
    } else if (exponent == 31) {
        value = mant ? NAN : INFINITY;
    } else {
        value = ldexpf((float)(mant | 0x400), exponent - 25);
    }
    uint32_t bits;
    memcpy(&bits, &value, 4);
    bits |= sign;
    memcpy(&value, &bits, 4);
    return value;
}

static uint16_t floatToHalf(float f) {
    uint32_t bits;
    memcpy(&bits, &f, 4);
    const uint16_t sign = (uint16_t)((bits >> 16) & 0x8000);
    const float a       = fabsf(f);
    if (a != a) return sign | 0x7e00;
    if (a >= 65520.0f) return sign | 0x7c00; // rounds past the largest half: infinity
    if (a < 6.103515625e-05f) {
        // Subnormal range: the value in units of 2^-24, rounded to nearest even by the FPU.
        return sign | (uint16_t)nearbyintf(a * 16777216.0f);
    }
    memcpy(&bits, &a, 4);
    // Re-bias the exponent (127 -> 15) and drop 13 mantissa bits with round-to-nearest-even; a carry
    // out of the mantissa correctly bumps the exponent.
    uint32_t h            = (bits - (112u << 23)) >> 13;
    const uint32_t dropped = bits & 0x1fff;
    if (dropped > 0x1000 || (dropped == 0x1000 && (h & 1))) ++h;
    return sign | (uint16_t)h;
}

ErrorCode CPUCast::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto inFormat  = TensorUtils::getDescribe(inputs[0])->dimensionFormat;
    auto outFormat = TensorUtils::getDescribe(outputs[0])->dimensionFormat;
    return inFormat == outFormat ? NO_ERROR : NOT_SUPPORT;
}

template <typename Tin>
bool CPUCast::castFrom(const Tin* src, Tensor* output, size_t count) {
    const auto type = output->getType();
    auto toFloat    = [](Tin x) -> float {
        if constexpr (std::is_same<Tin, uint16_t>::value) return halfToFloat(x);
        else return (float)x;
    };
    if (type == kHalf) {
        unaryLoop(src, output->host<uint16_t>(), count, [&](Tin x) { return floatToHalf(toFloat(x)); });
    } else if (type == halide_type_of<float>()) {
        unaryLoop(src, output->host<float>(), count, [&](Tin x) { return toFloat(x); });
    } else if (type == halide_type_of<int32_t>() && mDstT == DataType_DT_BOOL) {
        unaryLoop(src, output->host<int32_t>(), count, [&](Tin x) { return (int32_t)(toFloat(x) != 0.0f); });
    } else if (type == halide_type_of<int32_t>()) {
        unaryLoop(src, output->host<int32_t>(), count, [&](Tin x) {
            if constexpr (std::is_same<Tin, int32_t>::value) return x; // exact, unlike a trip through float
            else return (int32_t)toFloat(x);
        });
    } else if (type == halide_type_of<uint8_t>()) {
        unaryLoop(src, output->host<uint8_t>(), count, [&](Tin x) { return (uint8_t)(int32_t)toFloat(x); });
    } else if (type == halide_type_of<int8_t>()) {
        unaryLoop(src, output->host<int8_t>(), count, [&](Tin x) { return (int8_t)(int32_t)toFloat(x); });
    } else {
        return false;
    }
    return true;
}

ErrorCode CPUCast::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const Tensor* input = inputs[0];
    const auto type     = input->getType();
    const size_t count  = (size_t)input->elementSize();
    bool ok             = false;
    if (type == halide_type_of<float>()) ok = castFrom(input->host<float>(), outputs[0], count);
    else if (type == kHalf) ok = castFrom(input->host<uint16_t>(), outputs[0], count);
    else if (type == halide_type_of<int32_t>()) ok = castFrom(input->host<int32_t>(), outputs[0], count);
    else if (type == halide_type_of<uint8_t>()) ok = castFrom(input->host<uint8_t>(), outputs[0], count);
    else if (type == halide_type_of<int8_t>()) ok = castFrom(input->host<int8_t>(), outputs[0], count);
    return ok ? NO_ERROR : NOT_SUPPORT;
}

class CPUCastCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_CastParam();
        return new CPUCast(backend, param ? param->dstT() : DataType_DT_INVALID);
    }
};

REGISTER_CPU_OP_CREATOR(CPUCastCreator, OpType_Cast);
} // namespace MNN
