// Reference GridSample (2-D; bilinear or nearest; zeros, border or reflection padding; float32) for
// the workbench, in MNN's CPU-op style.
#ifndef CPUGridSample_hpp
#define CPUGridSample_hpp

#include "TensorIndex.hpp"

namespace MNN {
class CPUGridSample : public mkb::ExecutionT {
public:
    CPUGridSample(Backend* b, const GridSample* param)
        : mkb::ExecutionT(b), mMode(param->mode()), mPadding(param->paddingMode()), mAlignCorners(param->alignCorners()) {}
    virtual ~CPUGridSample() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    int mMode, mPadding;
    bool mAlignCorners;
    mkba::PlanarViews mViews;
};
} // namespace MNN

#endif // CPUGridSample_hpp
