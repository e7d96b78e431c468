// Resolves (start, step, length) per input dim in onResize (the index inputs are constants loaded
// before it), then the slice is one strided gather of the input.
#include "CPUStridedSlice.hpp"

namespace MNN {

// Clamps a start / end pair to the dim as ONNX Slice and TF StridedSlice both do, and returns the
// number of elements it selects with the given step.
static int sliceLength(int dim, int step, int& start, int end) {
    start = start < 0 ? start + dim : start;
    end   = end < 0 ? end + dim : end;
    if (step > 0) {
        start = ALIMAX(0, ALIMIN(start, dim));
        end   = ALIMAX(0, ALIMIN(end, dim));
        return end > start ? (end - start + step - 1) / step : 0;
    }
    start = ALIMAX(-1, ALIMIN(start, dim - 1));
    end   = ALIMAX(-1, ALIMIN(end, dim - 1));
    return start > end ? (start - end - step - 1) / (-step) : 0;
}

ErrorCode CPUStridedSlice::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input     = inputs[0];
    const int dims = input->dimensions();
    if (inputs.size() < 3 || input->getType().bytes() != outputs[0]->getType().bytes()) {
        return NOT_SUPPORT;
    }
    std::vector<int> start(dims, 0), step(dims, 1), length = input->shape();
    const auto begins = mkb::readInts(inputs[1]), ends = mkb::readInts(inputs[2]);
    if (mParam->fromType() == 1) {
        std::vector<int> axes, steps;
        if (inputs.size() > 3) axes = mkb::readInts(inputs[3]);
        if (inputs.size() > 4) steps = mkb::readInts(inputs[4]);
        for (size_t i = 0; i < begins.size(); ++i) {
            const int axis = mkb::normalizeAxis(i < axes.size() ? axes[i] : (int)i, dims);
            const int st   = i < steps.size() ? steps[i] : 1;
            if (axis < 0 || st == 0 || i >= ends.size()) {
                return INVALID_VALUE;
            }
            step[axis]   = st;
            start[axis]  = begins[i];
            length[axis] = sliceLength(input->length(axis), st, start[axis], ends[i]);
        }
    } else {
        if (mParam->ellipsisMask() != 0 || mParam->newAxisMask() != 0) {
            return NOT_SUPPORT;
        }
        const auto strides = inputs.size() > 3 ? mkb::readInts(inputs[3]) : std::vector<int>();
        for (int d = 0; d < (int)begins.size() && d < dims; ++d) {
            const int st  = d < (int)strides.size() ? strides[d] : 1;
            const int dim = input->length(d);
            if (st == 0) {
                return INVALID_VALUE;
            }
            int b = begins[d], e = d < (int)ends.size() ? ends[d] : dim;
            if (mParam->beginMask() & (1 << d)) b = st > 0 ? 0 : dim - 1;
            if (mParam->endMask() & (1 << d)) e = st > 0 ? dim : -dim - 1; // -dim-1 clamps to "before 0"
            step[d]  = st;
            start[d] = b;
            // A shrunk dim keeps exactly the element at begin (it is dropped from the output shape).
            length[d] = (mParam->shrinkAxisMask() & (1 << d)) ? 1 : sliceLength(dim, st, start[d], e);
            if (mParam->shrinkAxisMask() & (1 << d)) start[d] = ALIMAX(0, ALIMIN(start[d], dim - 1));
        }
    }
    size_t count = 1, outCount = 1;
    for (int d = 0; d < dims; ++d) count *= (size_t)length[d];
    for (int d = 0; d < outputs[0]->dimensions(); ++d) outCount *= (size_t)outputs[0]->length(d);
    if (count != outCount) {
        return INVALID_VALUE;
    }
    const auto strides = mkb::rowMajorStrides(input->shape());
    mView = mkb::StridedView();
    for (int d = 0; d < dims; ++d) {
        mView.push(length[d], (ptrdiff_t)step[d] * (ptrdiff_t)strides[d]);
        mView.base += (ptrdiff_t)start[d] * (ptrdiff_t)strides[d];
    }
    return mViews.prepare(backend(), {input}, outputs) ? NO_ERROR : OUT_OF_MEMORY;
}

ErrorCode CPUStridedSlice::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const Tensor* input = mViews.input(inputs, 0);
    Tensor* output      = mViews.output(outputs, 0);
    const bool ok = gatherBytes(output->getType().bytes(), input->host<void>(), output->host<void>(), mView);
    mViews.finish(outputs);
    return ok ? NO_ERROR : NOT_SUPPORT;
}

class CPUStridedSliceCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_StridedSliceParam();
        return param ? new CPUStridedSlice(backend, param) : nullptr;
    }
};

REGISTER_CPU_OP_CREATOR(CPUStridedSliceCreator, OpType_StridedSlice);
} // namespace MNN
