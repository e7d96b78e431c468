// Reduces one axis at a time (innermost last, so the data shrinks early), ping-ponging between two
// scratch buffers and writing the last step into the output. MEAN is a SUM scaled at the end;
// ASUM / SUMSQ transform the values on the first step only.
#include "CPUReduction.hpp"

#include <math.h>
#include <string.h>
#include <algorithm>
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

ErrorCode CPUReduction::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input = inputs[0];
    const bool isFloat = input->getType() == halide_type_of<float>();
    if (!isFloat && input->getType() != halide_type_of<int32_t>()) {
        return NOT_SUPPORT;
    }
    switch (mOperation) {
        case ReductionType_SUM: case ReductionType_MEAN: case ReductionType_MAXIMUM: case ReductionType_MINIMUM:
        case ReductionType_PROD: case ReductionType_ASUM: case ReductionType_SUMSQ: break;
        default: return NOT_SUPPORT;
    }
    const int dims = input->dimensions();
    std::vector<int> axes = mParamAxes;
    if (inputs.size() >= 2) {
        axes.assign(inputs[1]->host<int32_t>(), inputs[1]->host<int32_t>() + inputs[1]->elementSize());
    }
    if (axes.empty()) { // reduce everything
        for (int i = 0; i < dims; ++i) axes.push_back(i);
    }
    for (auto& a : axes) {
        a = a < 0 ? a + dims : a;
        if (a < 0 || a >= dims) {
            return INVALID_VALUE;
        }
    }
    std::sort(axes.begin(), axes.end());
    axes.erase(std::unique(axes.begin(), axes.end()), axes.end());

    std::vector<int> shape = input->shape();
    mSteps.clear();
    mReducedCount = 1;
    for (int k = (int)axes.size() - 1; k >= 0; --k) {
        Step s{1, shape[axes[k]], 1};
        for (int i = 0; i < axes[k]; ++i) s.outside *= shape[i];
        for (int i = axes[k] + 1; i < dims; ++i) s.inside *= shape[i];
        mReducedCount *= s.length;
        shape[axes[k]] = 1;
        mSteps.push_back(s);
    }
    const size_t bytes = input->getType().bytes();
    size_t largest = 0;
    for (auto& s : mSteps) largest = ALIMAX(largest, (size_t)s.outside * s.inside);
    for (auto& scratch : mScratch) scratch.resize(largest * bytes);

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

template <typename T>
void CPUReduction::run(const T* src, T* dst) {
    const int op      = mOperation;
    const int threadNumber = static_cast<CPUBackend*>(backend())->threadNumber();
    for (size_t k = 0; k < mSteps.size(); ++k) {
        const Step s     = mSteps[k];
        const bool first = k == 0;
        const bool last  = k + 1 == mSteps.size();
        T* out           = last ? dst : (T*)mScratch[k % 2].data();
        const T* in      = src;
        auto load = [op, first](T v) -> T {
            if (first && op == ReductionType_ASUM) return v < 0 ? -v : v;
            if (first && op == ReductionType_SUMSQ) return v * v;
            return v;
        };
        auto combine = [op](T acc, T v) -> T {
            switch (op) {
                case ReductionType_MAXIMUM: return acc > v ? acc : v;
                case ReductionType_MINIMUM: return acc < v ? acc : v;
                case ReductionType_PROD: return acc * v;
                default: return acc + v;
            }
        };
        const int threads = ALIMAX(1, ALIMIN(threadNumber, s.outside));
        MNN_CONCURRENCY_BEGIN(tId, threads) {
            for (int o = tId; o < s.outside; o += threads) {
                const T* x = in + (size_t)o * s.length * s.inside;
                T* y       = out + (size_t)o * s.inside;
                if (s.length == 0) {
                    const T empty = (op == ReductionType_PROD) ? (T)1 : (T)0;
                    for (int i = 0; i < s.inside; ++i) y[i] = empty;
                    continue;
                }
                for (int i = 0; i < s.inside; ++i) y[i] = load(x[i]);
                for (int l = 1; l < s.length; ++l) {
                    const T* row = x + (size_t)l * s.inside;
                    for (int i = 0; i < s.inside; ++i) y[i] = combine(y[i], load(row[i]));
                }
                if (last && op == ReductionType_MEAN) {
                    for (int i = 0; i < s.inside; ++i) y[i] = (T)(y[i] / (T)mReducedCount);
                }
            }
        }
        MNN_CONCURRENCY_END();
        src = out;
    }
}

ErrorCode CPUReduction::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    Tensor* input  = inputs[0];
    Tensor* output = mPlanarOutput ? mPlanarOutput.get() : outputs[0];
    if (mPlanarInput) {
        backend()->onCopyBuffer(input, mPlanarInput.get());
        input = mPlanarInput.get();
    }
    if (mSteps.empty()) {
        memcpy(output->host<void>(), input->host<void>(), output->usize());
    } else if (input->getType() == halide_type_of<float>()) {
        run<float>(input->host<float>(), output->host<float>());
    } else {
        run<int32_t>(input->host<int32_t>(), output->host<int32_t>());
    }
    if (mPlanarOutput) {
        backend()->onCopyBuffer(mPlanarOutput.get(), outputs[0]);
    }
    return NO_ERROR;
}

class CPUReductionCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_ReductionParam();
        if (!param) {
            return nullptr;
        }
        std::vector<int> axes;
        if (param->dim()) {
            axes.assign(param->dim()->begin(), param->dim()->end());
        }
        return new CPUReduction(backend, param->operation(), axes);
    }
};

REGISTER_CPU_OP_CREATOR(CPUReductionCreator, OpType_Reduction);
} // namespace MNN
