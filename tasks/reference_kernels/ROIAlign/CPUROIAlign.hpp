// Reference ROIAlign (average pooling of bilinear samples, ONNX RoiAlign semantics; float32) for the
// workbench, in MNN's CPU-op style.
#ifndef CPUROIAlign_hpp
#define CPUROIAlign_hpp

#include "TensorIndex.hpp"

namespace MNN {
class CPUROIAlign : public mkb::ExecutionT {
public:
    CPUROIAlign(Backend* b, const RoiParameters* param) : mkb::ExecutionT(b), mParam(param) {}
    virtual ~CPUROIAlign() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    const RoiParameters* mParam;
    mkba::PlanarViews mViews;
};
} // namespace MNN

#endif // CPUROIAlign_hpp
