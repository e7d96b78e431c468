// Each (outside, inside) column of length n yields its k best elements by a partial sort of the
// positions 0..n-1; ties go to the lower index (ONNX's rule), and the output is always sorted, which
// also satisfies sorted=false. Threads take columns in a strided loop.
#include "CPUTopKV2.hpp"

#include <algorithm>

namespace MNN {

ErrorCode CPUTopKV2::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input     = inputs[0];
    const auto type = input->getType();
    if (inputs.size() < 2 || outputs.size() < 2 || outputs[0]->getType() != type ||
        outputs[1]->getType() != halide_type_of<int32_t>() ||
        (type != halide_type_of<float>() && type != halide_type_of<int32_t>())) {
        return NOT_SUPPORT;
    }
    mK             = mkb::readInts(inputs[1])[0];
    const int axis = inputs.size() > 2 ? mkb::readInts(inputs[2])[0] : -1;
    if (!mkb::splitAt(input, axis, mSplit) || mK < 0 || mK > mSplit.length) {
        return INVALID_VALUE;
    }
    return mViews.prepare(backend(), {input}, outputs) ? NO_ERROR : OUT_OF_MEMORY;
}

template <typename T>
void CPUTopKV2::run(const T* src, T* values, int32_t* indices) {
    const mkb::AxisSplit s = mSplit;
    const int k = mK;
    const bool largest = mLargest;
    const size_t columns = (size_t)s.outside * s.inside;
    const int threads = threadCount(columns);
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        std::vector<int32_t> order(s.length);
        std::vector<T> column(s.length);
        for (size_t c = (size_t)tId; c < columns; c += (size_t)threads) {
            const size_t o = c / s.inside, i = c % s.inside;
            const T* x     = src + o * s.length * s.inside + i;
            for (int l = 0; l < s.length; ++l) {
                column[l] = x[(size_t)l * s.inside];
                order[l]  = l;
            }
            auto better = [&](int32_t a, int32_t b) {
                if (column[a] != column[b]) return largest ? column[a] > column[b] : column[a] < column[b];
                return a < b;
            };
            std::partial_sort(order.begin(), order.begin() + k, order.end(), better);
            T* v       = values + o * k * s.inside + i;
            int32_t* p = indices + o * k * s.inside + i;
            for (int j = 0; j < k; ++j) {
                v[(size_t)j * s.inside] = column[order[j]];
                p[(size_t)j * s.inside] = order[j];
            }
        }
    }
    MNN_CONCURRENCY_END();
}

ErrorCode CPUTopKV2::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const Tensor* input = mViews.input(inputs, 0);
    Tensor* values      = mViews.output(outputs, 0);
    int32_t* indices    = mViews.output(outputs, 1)->host<int32_t>();
    if (input->getType() == halide_type_of<float>()) {
        run(input->host<float>(), values->host<float>(), indices);
    } else {
        run(input->host<int32_t>(), values->host<int32_t>(), indices);
    }
    mViews.finish(outputs);
    return NO_ERROR;
}

class CPUTopKV2Creator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_TopKV2();
        return new CPUTopKV2(backend, param ? param->largest() : true);
    }
};

REGISTER_CPU_OP_CREATOR(CPUTopKV2Creator, OpType_TopKV2);
} // namespace MNN
