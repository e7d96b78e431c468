// Running sums along the axis, in the input type, accumulated row by row so the inside dimension
// stays contiguous; reverse walks the axis backwards, exclusive stores the sum before adding.
// Threads take outside indices.
#include "CPUCumSum.hpp"

#include <algorithm>

namespace MNN {

ErrorCode CPUCumSum::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const auto type = inputs[0]->getType();
    if (outputs[0]->getType() != type || (type != halide_type_of<float>() && type != halide_type_of<int32_t>())) {
        return NOT_SUPPORT;
    }
    const int axis = inputs.size() > 1 ? mkb::readInts(inputs[1])[0] : 0;
    if (!mkb::splitAt(inputs[0], axis, mSplit)) {
        return INVALID_VALUE;
    }
    return mViews.prepare(backend(), {inputs[0]}, outputs) ? NO_ERROR : OUT_OF_MEMORY;
}

template <typename T>
void CPUCumSum::run(const T* src, T* dst) {
    const mkb::AxisSplit s = mSplit;
    const bool exclusive = mExclusive, reverse = mReverse;
    const int threads = threadCount(s.outside);
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        std::vector<T> acc(s.inside);
        for (int o = tId; o < s.outside; o += threads) {
            std::fill(acc.begin(), acc.end(), T(0));
            const size_t block = (size_t)o * s.length * s.inside;
            for (int step = 0; step < s.length; ++step) {
                const int l    = reverse ? s.length - 1 - step : step;
                const T* x     = src + block + (size_t)l * s.inside;
                T* y           = dst + block + (size_t)l * s.inside;
                for (int i = 0; i < s.inside; ++i) {
                    if (exclusive) {
                        y[i] = acc[i];
                        acc[i] += x[i];
                    } else {
                        acc[i] += x[i];
                        y[i] = acc[i];
                    }
                }
            }
        }
    }
    MNN_CONCURRENCY_END();
}

ErrorCode CPUCumSum::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const Tensor* input = mViews.input(inputs, 0);
    Tensor* output      = mViews.output(outputs, 0);
    if (input->getType() == halide_type_of<float>()) {
        run(input->host<float>(), output->host<float>());
    } else {
        run(input->host<int32_t>(), output->host<int32_t>());
    }
    mViews.finish(outputs);
    return NO_ERROR;
}

class CPUCumSumCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_CumSum();
        return param ? new CPUCumSum(backend, param->exclusive(), param->reverse()) : new CPUCumSum(backend, false, false);
    }
};

REGISTER_CPU_OP_CREATOR(CPUCumSumCreator, OpType_CumSum);
} // namespace MNN
