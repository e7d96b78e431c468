// Reference ArgMin (first index of the minimum along one axis, int32 output) for the workbench, in
// MNN's CPU-op style.
#ifndef CPUArgMin_hpp
#define CPUArgMin_hpp

#include <memory>
#include "ElementwiseB.hpp"

namespace MNN {
class CPUArgMin : public mkb::ExecutionB {
public:
    CPUArgMin(Backend* b, int axis) : mkb::ExecutionB(b), mAxis(axis) {}
    virtual ~CPUArgMin() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    int mAxis;
    mkb::AxisSplit mSplit;
    // A packed (NC4HW4) input is read through a planar copy.
    std::unique_ptr<Tensor> mPlanarInput;
};
} // namespace MNN

#endif // CPUArgMin_hpp
