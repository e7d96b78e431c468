// Reference Convolution (2-D, grouped, strided, dilated, padded; weights as parameters or inputs) for
// the workbench, in MNN's CPU-op style. The computation is shared: _shared/ConvolutionA.hpp.
#ifndef CPUConvolution_hpp
#define CPUConvolution_hpp

#include "ConvolutionA.hpp"

namespace MNN {
class ConvolutionFactory : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override;
};
} // namespace MNN

#endif // CPUConvolution_hpp
