// Reference ArgMax (first index of the maximum along one axis, int32 output) for the workbench,
// in MNN's CPU-op style.
#ifndef CPUArgMax_hpp
#define CPUArgMax_hpp

#include <memory>
#include "core/Execution.hpp"

namespace MNN {
class CPUArgMax : public Execution {
public:
    CPUArgMax(Backend* b, int axis) : Execution(b), mAxis(axis) {}
    virtual ~CPUArgMax() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    int mAxis;
    int mOutside = 1, mLength = 1, mInside = 1;
    // NC4HW4 tensors are computed through NCHW copies.
    std::unique_ptr<Tensor> mPlanarInput, mPlanarOutput;
};
} // namespace MNN

#endif // CPUArgMax_hpp
