// Reference Deconvolution (2-D transposed convolution, grouped, strided, dilated, padded) for
// the workbench, in MNN's CPU-op style. The computation is shared: _shared/ConvolutionA.hpp.
#ifndef CPUDeconvolution_hpp
#define CPUDeconvolution_hpp

#include "ConvolutionA.hpp"

namespace MNN {
class CPUDeconvolutionCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override;
};
} // namespace MNN

#endif // CPUDeconvolution_hpp
