// Output dim d (length m_d * n_d) indexed r * n_d + j is the pair (r, j) in row-major order, so the
// output is the input viewed as [m_0, n_0, m_1, n_1, ...] with stride 0 on every repeat axis: one
// strided gather.
#include "CPUTile.hpp"

namespace MNN {

ErrorCode CPUTile::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input = inputs[0], output = outputs[0];
    const int dims = input->dimensions();
    if (output->dimensions() != dims || input->getType().bytes() != output->getType().bytes()) {
        return NOT_SUPPORT;
    }
    const auto strides = mkb::rowMajorStrides(input->shape());
    mView = mkb::StridedView();
    for (int d = 0; d < dims; ++d) {
        const int n = input->length(d);
        if (n == 0 || output->length(d) % n != 0) {
            return INVALID_VALUE;
        }
        mView.push(output->length(d) / n, 0);
        mView.push(n, (ptrdiff_t)strides[d]);
    }
    // The repeats (input 1) are already resolved into the output shape; only the data is copied.
    return mViews.prepare(backend(), {input}, outputs) ? NO_ERROR : OUT_OF_MEMORY;
}

ErrorCode CPUTile::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const Tensor* input = mViews.input(inputs, 0);
    Tensor* output      = mViews.output(outputs, 0);
    const bool ok = gatherBytes(output->getType().bytes(), input->host<void>(), output->host<void>(), mView);
    mViews.finish(outputs);
    return ok ? NO_ERROR : NOT_SUPPORT;
}

class CPUTileCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        return new CPUTile(backend);
    }
};

REGISTER_CPU_OP_CREATOR(CPUTileCreator, OpType_Tile);
} // namespace MNN
