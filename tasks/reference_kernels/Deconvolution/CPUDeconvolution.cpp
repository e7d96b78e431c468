// MNN hands the op NC4HW4 tensors; the shared execution computes on NCHW copies of them.
#include "CPUDeconvolution.hpp"

namespace MNN {

Execution* CPUDeconvolutionCreator::onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                     const MNN::Op* op, Backend* backend) const {
    return mkba::createConvolution(op, backend, /* transposed */ true);
}

REGISTER_CPU_OP_CREATOR(CPUDeconvolutionCreator, OpType_Deconvolution);
} // namespace MNN
