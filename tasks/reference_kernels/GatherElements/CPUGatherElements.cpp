// out[e] = data[e's coordinates with the axis one replaced by indices[e]]; threads take outer blocks
// (AxisElements in TensorIndex.hpp). An out-of-range index fails the execution.
#include "CPUGatherElements.hpp"

#include <atomic>

namespace MNN {

ErrorCode CPUGatherElements::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    if (inputs.size() < 2 || inputs[1]->getType() != halide_type_of<int32_t>() ||
        inputs[0]->getType().bytes() != outputs[0]->getType().bytes()) {
        return NOT_SUPPORT;
    }
    // ONNX's axis attribute arrives as the int32 third input; MNN's default is axis 0.
    const int axis = inputs.size() > 2 ? mkb::readInts(inputs[2])[0] : 0;
    if (!mPositions.prepare(inputs[1]->shape(), inputs[0]->shape(), axis) || inputs[1]->shape() != outputs[0]->shape()) {
        return INVALID_VALUE;
    }
    return mViews.prepare(backend(), {inputs[0], inputs[1]}, outputs) ? NO_ERROR : OUT_OF_MEMORY;
}

template <typename T>
bool CPUGatherElements::gatherAll(const T* src, T* dst, const int32_t* indices) {
    const size_t axisStride = mPositions.axisStride();
    std::atomic<bool> outOfRange(false);
    const int threads = threadCount(mPositions.outer());
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        for (size_t o = (size_t)tId; o < mPositions.outer(); o += (size_t)threads) {
            mPositions.forOuter(o, [&](size_t e, size_t base) {
                const int a = mPositions.wrap(indices[e]);
                if (a < 0) {
                    outOfRange = true;
                    dst[e]     = T(0);
                    return;
                }
                dst[e] = src[base + (size_t)a * axisStride];
            });
        }
    }
    MNN_CONCURRENCY_END();
    return !outOfRange;
}

ErrorCode CPUGatherElements::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const Tensor* data     = mViews.input(inputs, 0);
    const int32_t* indices = mViews.input(inputs, 1)->host<int32_t>();
    Tensor* output         = mViews.output(outputs, 0);
    // One instantiation per element width (bits are only copied); a switch, as MNN builds C++11.
    bool ok = true, inRange = true;
    switch (output->getType().bytes()) {
        case 1: inRange = gatherAll(data->host<uint8_t>(), output->host<uint8_t>(), indices); break;
        case 2: inRange = gatherAll(data->host<uint16_t>(), output->host<uint16_t>(), indices); break;
        case 4: inRange = gatherAll(data->host<uint32_t>(), output->host<uint32_t>(), indices); break;
        default: ok = false;
    }
    mViews.finish(outputs);
    if (!ok) {
        return NOT_SUPPORT;
    }
    return inRange ? NO_ERROR : INPUT_DATA_ERROR;
}

class CPUGatherElementsCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        return new CPUGatherElements(backend);
    }
};

REGISTER_CPU_OP_CREATOR(CPUGatherElementsCreator, OpType_GatherElements);
} // namespace MNN
