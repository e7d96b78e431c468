// out = data, then out[e's coordinates with the axis one replaced by indices[e]] (op)= updates[e].
// Within one outer block the updates are applied in index order, so duplicate indices resolve as ONNX
// specifies (the last write wins, or all reduce); blocks touch disjoint data and run on threads.
#include "CPUScatterElements.hpp"

#include <atomic>

namespace MNN {

ErrorCode CPUScatterElements::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const auto type = outputs[0]->getType();
    if (inputs.size() < 3 || inputs[1]->getType() != halide_type_of<int32_t>() || inputs[0]->getType() != type ||
        inputs[2]->getType() != type || (type != halide_type_of<float>() && type != halide_type_of<int32_t>())) {
        return NOT_SUPPORT;
    }
    switch (mReduction) {
        case -1: case BinaryOpOperation_ADD: case BinaryOpOperation_MUL:
        case BinaryOpOperation_MAXIMUM: case BinaryOpOperation_MINIMUM: break;
        default: return NOT_SUPPORT;
    }
    const int axis = inputs.size() > 3 ? mkb::readInts(inputs[3])[0] : 0;
    if (!mPositions.prepare(inputs[1]->shape(), inputs[0]->shape(), axis) || inputs[1]->shape() != inputs[2]->shape()) {
        return INVALID_VALUE;
    }
    return mViews.prepare(backend(), {inputs[0], inputs[1], inputs[2]}, outputs) ? NO_ERROR : OUT_OF_MEMORY;
}

template <typename T>
bool CPUScatterElements::scatter(const T* updates, const int32_t* indices, T* dst) {
    const size_t axisStride = mPositions.axisStride();
    const int reduction     = mReduction;
    std::atomic<bool> outOfRange(false);
    const int threads = threadCount(mPositions.outer());
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        for (size_t o = (size_t)tId; o < mPositions.outer(); o += (size_t)threads) {
            mPositions.forOuter(o, [&](size_t e, size_t base) {
                const int a = mPositions.wrap(indices[e]);
                if (a < 0) {
                    outOfRange = true;
                    return;
                }
                T& y      = dst[base + (size_t)a * axisStride];
                const T u = updates[e];
                switch (reduction) {
                    case BinaryOpOperation_ADD: y = y + u; break;
                    case BinaryOpOperation_MUL: y = y * u; break;
                    case BinaryOpOperation_MAXIMUM: y = y > u ? y : u; break;
                    case BinaryOpOperation_MINIMUM: y = y < u ? y : u; break;
                    default: y = u; break;
                }
            });
        }
    }
    MNN_CONCURRENCY_END();
    return !outOfRange;
}

ErrorCode CPUScatterElements::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const Tensor* data     = mViews.input(inputs, 0);
    const int32_t* indices = mViews.input(inputs, 1)->host<int32_t>();
    const Tensor* updates  = mViews.input(inputs, 2);
    Tensor* output         = mViews.output(outputs, 0);
    const uint8_t* src     = data->host<uint8_t>();
    uint8_t* dst           = output->host<uint8_t>();
    parallelRange(data->usize(), [&](size_t begin, size_t end) { memcpy(dst + begin, src + begin, end - begin); });
    const bool ok = output->getType() == halide_type_of<float>()
                        ? scatter(updates->host<float>(), indices, output->host<float>())
                        : scatter(updates->host<int32_t>(), indices, output->host<int32_t>());
    mViews.finish(outputs);
    return ok ? NO_ERROR : INPUT_DATA_ERROR;
}

class CPUScatterElementsCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        // MNN keeps the ONNX reduction in a BinaryOp table; no table means a plain scatter.
        auto param = op->main_as_BinaryOp();
        return new CPUScatterElements(backend, param ? (int)param->opType() : -1);
    }
};

REGISTER_CPU_OP_CREATOR(CPUScatterElementsCreator, OpType_ScatterElements);
} // namespace MNN
