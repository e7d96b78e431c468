// out[i0, ..., ik] = in at position i along input axis dims[k]. The output is written row by row
// (its last axis); each row reads the input with one stride. NC4HW4 tensors go through NCHW copies.
#include "CPUPermute.hpp"

namespace MNN {

ErrorCode CPUPermute::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input = inputs[0], output = outputs[0];
    const int dims = input->dimensions();
    if ((int)mDims.size() != dims || output->dimensions() != dims || input->getType().bytes() != 4) {
        return NOT_SUPPORT; // the 4-byte copy covers float32 and int32
    }
    std::vector<size_t> stride(dims, 1);
    for (int d = dims - 2; d >= 0; --d) stride[d] = stride[d + 1] * input->length(d + 1);
    std::vector<bool> used(dims, false);
    mShape.assign(dims, 1);
    mInStride.assign(dims, 0);
    for (int k = 0; k < dims; ++k) {
        const int axis = mDims[k] < 0 ? mDims[k] + dims : mDims[k];
        if (axis < 0 || axis >= dims || used[axis] || output->length(k) != input->length(axis)) {
            return INVALID_VALUE;
        }
        used[axis]   = true;
        mShape[k]    = output->length(k);
        mInStride[k] = stride[axis];
    }
    return mViews.prepare(backend(), inputs, outputs) ? NO_ERROR : OUT_OF_MEMORY;
}

ErrorCode CPUPermute::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const int32_t* src = mViews.input(inputs, 0)->host<int32_t>();
    int32_t* dst       = mViews.output(outputs, 0)->host<int32_t>();
    const int dims     = (int)mShape.size();
    const int inner    = dims > 0 ? mShape[dims - 1] : 1;
    const size_t step  = dims > 0 ? mInStride[dims - 1] : 0;
    int rows           = 1;
    for (int k = 0; k + 1 < dims; ++k) rows *= mShape[k];
    const int threads = mkba::threadsFor(backend(), rows);
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        for (int r = tId; r < rows; r += threads) {
            size_t offset = 0;
            for (int k = dims - 2, rest = r; k >= 0; --k) {
                offset += (size_t)(rest % mShape[k]) * mInStride[k];
                rest /= mShape[k];
            }
            int32_t* out = dst + (size_t)r * inner;
            for (int i = 0; i < inner; ++i) out[i] = src[offset + i * step];
        }
    }
    MNN_CONCURRENCY_END();
    mViews.finish(outputs);
    return NO_ERROR;
}

class CPUPermuteCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_Permute();
        if (!param || !param->dims()) {
            return nullptr;
        }
        return new CPUPermute(backend, std::vector<int>(param->dims()->begin(), param->dims()->end()));
    }
};

REGISTER_CPU_OP_CREATOR(CPUPermuteCreator, OpType_Permute);
} // namespace MNN
