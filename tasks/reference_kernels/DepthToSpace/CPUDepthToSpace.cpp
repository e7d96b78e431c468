// out[n, c, h*b + i, w*b + j] = in[n, channel(c, i, j), h, w], with channel = (i*b + j)*C' + c in DCR
// mode and c*b*b + i*b + j in CRD mode. Viewing the output as [N, C', H, b, W, b] makes that one
// strided gather of the input.
#include "CPUDepthToSpace.hpp"

namespace MNN {

ErrorCode CPUDepthToSpace::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input = inputs[0], output = outputs[0];
    // Channel semantics need NCHW order; NC4HW4 goes through planar copies, NHWC is not supported.
    if (TensorUtils::getDescribe(input)->dimensionFormat == MNN_DATA_FORMAT_NHWC ||
        TensorUtils::getDescribe(output)->dimensionFormat == MNN_DATA_FORMAT_NHWC || input->dimensions() != 4 ||
        input->getType().bytes() != output->getType().bytes()) {
        return NOT_SUPPORT;
    }
    const int b = mBlock, N = input->length(0), C = input->length(1), H = input->length(2), W = input->length(3);
    if (b <= 0 || C % (b * b) != 0 || output->length(1) != C / (b * b) || output->length(2) != H * b ||
        output->length(3) != W * b) {
        return INVALID_VALUE;
    }
    const int oc        = C / (b * b);
    const ptrdiff_t hw  = (ptrdiff_t)H * W;
    const bool crd      = mMode == DepthToSpaceMode_CRD;
    mView               = mkb::StridedView();
    mView.push(N, (ptrdiff_t)C * hw);
    mView.push(oc, crd ? (ptrdiff_t)b * b * hw : hw);
    mView.push(H, W);
    mView.push(b, crd ? (ptrdiff_t)b * hw : (ptrdiff_t)b * oc * hw);
    mView.push(W, 1);
    mView.push(b, crd ? hw : (ptrdiff_t)oc * hw);
    return mViews.prepare(backend(), inputs, outputs) ? NO_ERROR : OUT_OF_MEMORY;
}

ErrorCode CPUDepthToSpace::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const Tensor* input = mViews.input(inputs, 0);
    Tensor* output      = mViews.output(outputs, 0);
    const bool ok = gatherBytes(output->getType().bytes(), input->host<void>(), output->host<void>(), mView);
    mViews.finish(outputs);
    return ok ? NO_ERROR : NOT_SUPPORT;
}

class CPUDepthToSpaceCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_DepthSpaceParam();
        return param ? new CPUDepthToSpace(backend, param->blockSize(), param->mode()) : nullptr;
    }
};

REGISTER_CPU_OP_CREATOR(CPUDepthToSpaceCreator, OpType_DepthToSpace);
} // namespace MNN
