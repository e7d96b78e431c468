// MNN hands the op NC4HW4 tensors; the shared execution computes on NCHW copies of them.
#include "CPUConvolution.hpp"

namespace MNN {

Execution* ConvolutionFactory::onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                     const MNN::Op* op, Backend* backend) const {
    return mkba::createConvolution(op, backend, /* transposed */ false);
}

REGISTER_CPU_OP_CREATOR(ConvolutionFactory, OpType_Convolution);
} // namespace MNN
