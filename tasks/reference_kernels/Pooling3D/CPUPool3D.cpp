// Global pooling straight on the packed layout: an NC4HW4 block holds 4 channels interleaved over the
// whole area, so one pass over the block reduces 4 channels at once (padding channels included; they
// land in the output's padding lanes, which nobody reads).
#include "CPUPool3D.hpp"

#include "math/Vec.hpp"

namespace MNN {
using Vec4 = Math::Vec<float, 4>;

ErrorCode CPUPool3D::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input = inputs[0];
    if (input->getType() != halide_type_of<float>() || !mkb::isPacked(input) || !mkb::isPacked(outputs[0])) {
        return NOT_SUPPORT;
    }
    for (int i = 2; i < outputs[0]->dimensions(); ++i) {
        if (outputs[0]->length(i) != 1) {
            return NOT_SUPPORT; // only the global form
        }
    }
    mArea = 1;
    for (int i = 2; i < input->dimensions(); ++i) mArea *= input->length(i);
    return NO_ERROR;
}

ErrorCode CPUPool3D::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const float* src  = inputs[0]->host<float>();
    float* dst        = outputs[0]->host<float>();
    const int blocks  = inputs[0]->length(0) * UP_DIV(inputs[0]->length(1), 4);
    const int area    = mArea;
    const bool isMax  = mType == PoolType_MAXPOOL;
    parallelRange(blocks, [&](size_t begin, size_t end) {
        for (size_t b = begin; b < end; ++b) {
            const float* x = src + b * area * 4;
            Vec4 acc       = Vec4::load(x);
            for (int i = 1; i < area; ++i) {
                const Vec4 v = Vec4::load(x + i * 4);
                acc          = isMax ? Vec4::max(acc, v) : acc + v;
            }
            Vec4::save(dst + b * 4, isMax ? acc : acc * (1.0f / (float)area));
        }
    });
    return NO_ERROR;
}

class CPUPool3DCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_Pool3D();
        return param ? new CPUPool3D(backend, param->type()) : nullptr;
    }
};

REGISTER_CPU_OP_CREATOR(CPUPool3DCreator, OpType_Pooling3D);
} // namespace MNN
