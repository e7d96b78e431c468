// outside x length x inside: each outside slice keeps a running maximum per inside position while
// walking the axis, so memory is read contiguously.
#include "CPUArgMax.hpp"

#include <vector>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Concurrency.h"
#include "core/Macro.h"
#include "core/TensorUtils.hpp"

namespace MNN {

static Tensor* planarCopy(Backend* backend, const Tensor* t) {
    auto copy = new Tensor(t, Tensor::CAFFE, false);
    if (!backend->onAcquireBuffer(copy, Backend::DYNAMIC)) {
        delete copy;
        return nullptr;
    }
    backend->onReleaseBuffer(copy, Backend::DYNAMIC);
    return copy;
}

ErrorCode CPUArgMax::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input = inputs[0];
    if (input->getType() != halide_type_of<float>() || outputs[0]->getType() != halide_type_of<int32_t>()) {
        return NOT_SUPPORT;
    }
    const int dims = input->dimensions();
    const int axis = mAxis < 0 ? mAxis + dims : mAxis;
    if (axis < 0 || axis >= dims) {
        return INVALID_VALUE;
    }
    mOutside = mInside = 1;
    for (int i = 0; i < axis; ++i) mOutside *= input->length(i);
    mLength = input->length(axis);
    for (int i = axis + 1; i < dims; ++i) mInside *= input->length(i);
    mPlanarInput.reset();
    mPlanarOutput.reset();
    if (TensorUtils::getDescribe(input)->dimensionFormat == MNN_DATA_FORMAT_NC4HW4) {
        mPlanarInput.reset(planarCopy(backend(), input));
        if (!mPlanarInput) return OUT_OF_MEMORY;
    }
    if (TensorUtils::getDescribe(outputs[0])->dimensionFormat == MNN_DATA_FORMAT_NC4HW4) {
        mPlanarOutput.reset(planarCopy(backend(), outputs[0]));
        if (!mPlanarOutput) return OUT_OF_MEMORY;
    }
    return NO_ERROR;
}

ErrorCode CPUArgMax::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    Tensor* input  = inputs[0];
    Tensor* output = mPlanarOutput ? mPlanarOutput.get() : outputs[0];
    if (mPlanarInput) {
        backend()->onCopyBuffer(input, mPlanarInput.get());
        input = mPlanarInput.get();
    }
    const float* src  = input->host<float>();
    int32_t* dst      = output->host<int32_t>();
    const int outside = mOutside, length = mLength, inside = mInside;
    const int threads = ALIMAX(1, ALIMIN(static_cast<CPUBackend*>(backend())->threadNumber(), outside));
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        std::vector<float> best(inside);
        for (int o = tId; o < outside; o += threads) {
            const float* x = src + (size_t)o * length * inside;
            int32_t* y     = dst + (size_t)o * inside;
            for (int i = 0; i < inside; ++i) {
                best[i] = x[i];
                y[i]    = 0;
            }
            for (int l = 1; l < length; ++l) {
                const float* row = x + (size_t)l * inside;
                for (int i = 0; i < inside; ++i) {
                    if (row[i] > best[i]) {
                        best[i] = row[i];
                        y[i]    = l;
                    }
                }
            }
        }
    }
    MNN_CONCURRENCY_END();
    if (mPlanarOutput) {
        backend()->onCopyBuffer(mPlanarOutput.get(), outputs[0]);
    }
    return NO_ERROR;
}

class CPUArgMaxCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_ArgMax();
        if (!param || param->topK() > 1 || param->outMaxVal() != 0) {
            return nullptr; // only the plain index form
        }
        return new CPUArgMax(backend, param->axis());
    }
};

REGISTER_CPU_OP_CREATOR(CPUArgMaxCreator, OpType_ArgMax);
} // namespace MNN
