// Elementwise, so the memory layout does not matter: the whole buffer (NC4HW4 padding included,
// where relu(0) = 0 keeps it zero) is processed in Vec4 blocks split over the threads.
#include "CPURelu.hpp"

#include "backend/cpu/CPUBackend.hpp"
#include "core/Concurrency.h"
#include "core/Macro.h"
#include "math/Vec.hpp"

namespace MNN {
using Vec4 = Math::Vec<float, 4>;

ErrorCode CPURelu::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input  = inputs[0];
    auto output = outputs[0];
    if (input->getType() != halide_type_of<float>()) {
        return NOT_SUPPORT;
    }
    const int size   = input->elementSize();
    const float* src = input->host<float>();
    float* dst       = output->host<float>();
    const float slope = mSlope;
    // Blocks of 4 * 1024 elements, interleaved over the threads.
    const int blockSize = 4096;
    const int blocks    = UP_DIV(size, blockSize);
    const int threads   = ALIMAX(1, ALIMIN(static_cast<CPUBackend*>(backend())->threadNumber(), blocks));
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        const Vec4 zero(0.0f), k(slope);
        for (int b = tId; b < blocks; b += threads) {
            const int start = b * blockSize, end = ALIMIN(start + blockSize, size);
            int i = start;
            for (; i + 4 <= end; i += 4) {
                Vec4 x = Vec4::load(src + i);
                Vec4::save(dst + i, Vec4::max(x, zero) + Vec4::min(x, zero) * k);
            }
            for (; i < end; ++i) {
                dst[i] = src[i] > 0.0f ? src[i] : src[i] * slope;
            }
        }
    }
    MNN_CONCURRENCY_END();
    return NO_ERROR;
}

class CPUReluCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_Relu();
        return new CPURelu(backend, param ? param->slope() : 0.0f);
    }
};

REGISTER_CPU_OP_CREATOR(CPUReluCreator, OpType_ReLU);
} // namespace MNN
