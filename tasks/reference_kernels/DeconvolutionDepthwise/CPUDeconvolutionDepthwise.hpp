// Reference DeconvolutionDepthwise (a transposed convolution with one group per channel) for
// the workbench, in MNN's CPU-op style. The computation is shared: _shared/ConvolutionA.hpp.
#ifndef CPUDeconvolutionDepthwise_hpp
#define CPUDeconvolutionDepthwise_hpp

#include "ConvolutionA.hpp"

namespace MNN {
class CPUDeconvolutionDepthwiseCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override;
};
} // namespace MNN

#endif // CPUDeconvolutionDepthwise_hpp
