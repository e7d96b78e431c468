// Walks the reduced axis row by row, keeping the smallest value seen per inside position, so memory is
// read contiguously; a strict `<` keeps the first index on ties, as ONNX's select_last_index=0 asks.
#include "CPUArgMin.hpp"

#include <vector>

namespace MNN {

ErrorCode CPUArgMin::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input = inputs[0];
    if (input->getType() != halide_type_of<float>() || outputs[0]->getType() != halide_type_of<int32_t>() ||
        mkb::isPacked(outputs[0])) {
        return NOT_SUPPORT;
    }
    if (!mkb::splitAt(input, mAxis, mSplit)) {
        return INVALID_VALUE;
    }
    mPlanarInput.reset(mkb::isPacked(input) ? mkb::planarScratch(backend(), input) : nullptr);
    return (mkb::isPacked(input) && !mPlanarInput) ? OUT_OF_MEMORY : NO_ERROR;
}

ErrorCode CPUArgMin::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const Tensor* input = inputs[0];
    if (mPlanarInput) {
        backend()->onCopyBuffer(input, mPlanarInput.get());
        input = mPlanarInput.get();
    }
    const float* src        = input->host<float>();
    int32_t* dst            = outputs[0]->host<int32_t>();
    const mkb::AxisSplit s  = mSplit;
    parallelRange(s.outside, [&](size_t begin, size_t end) {
        std::vector<float> best(s.inside);
        for (size_t o = begin; o < end; ++o) {
            const float* x = src + o * s.length * s.inside;
            int32_t* y     = dst + o * s.inside;
            for (int i = 0; i < s.inside; ++i) {
                best[i] = x[i];
                y[i]    = 0;
            }
            for (int l = 1; l < s.length; ++l) {
                const float* row = x + (size_t)l * s.inside;
                for (int i = 0; i < s.inside; ++i) {
                    if (row[i] < best[i]) {
                        best[i] = row[i];
                        y[i]    = l;
                    }
                }
            }
        }
    });
    return NO_ERROR;
}

class CPUArgMaxCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        // MNN's ArgMin carries the ArgMax parameter table.
        auto param = op->main_as_ArgMax();
        if (!param || param->topK() > 1 || param->outMaxVal() != 0) {
            return nullptr;
        }
        return new CPUArgMin(backend, param->axis());
    }
};

REGISTER_CPU_OP_CREATOR(CPUArgMaxCreator, OpType_ArgMin);
} // namespace MNN
