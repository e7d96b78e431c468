// y = x > 0 ? x : alpha * (exp(x) - 1). Elementwise with elu(0) = 0, so the whole buffer is processed
// in any layout (NC4HW4 padding stays zero). expm1f keeps precision for x near 0.
#include "CPUELU.hpp"

#include <math.h>
#include "ElementwiseA.hpp"

namespace MNN {

ErrorCode CPUELU::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    if (inputs[0]->getType() != halide_type_of<float>()) {
        return NOT_SUPPORT;
    }
    const size_t size = (size_t)inputs[0]->elementSize();
    const float* src  = inputs[0]->host<float>();
    float* dst        = outputs[0]->host<float>();
    const float alpha = mAlpha;
    // Contiguous chunks of at least 4096 values per thread.
    const int threads  = mkba::threadsFor(backend(), size / 4096 + 1);
    const size_t chunk = UP_DIV(size, (size_t)threads);
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        const size_t begin = (size_t)tId * chunk, end = ALIMIN(size, begin + chunk);
        for (size_t i = begin; i < end; ++i) dst[i] = src[i] > 0.0f ? src[i] : alpha * expm1f(src[i]);
    }
    MNN_CONCURRENCY_END();
    return NO_ERROR;
}

class CPUELUCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_ELU();
        return new CPUELU(backend, param ? param->alpha() : 1.0f);
    }
};

REGISTER_CPU_OP_CREATOR(CPUELUCreator, OpType_ELU);
} // namespace MNN
