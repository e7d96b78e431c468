// Reference Softmax over any axis for the workbench, in MNN's CPU-op style.
#ifndef CPUSoftmax_hpp
#define CPUSoftmax_hpp

#include <memory>
#include "core/Execution.hpp"

namespace MNN {
class CPUSoftmax : public Execution {
public:
    CPUSoftmax(Backend* b, int axis) : Execution(b), mAxis(axis) {}
    virtual ~CPUSoftmax() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    int mAxis;
    int mOutside = 1, mChannel = 1, mInside = 1;
    // NC4HW4 tensors are computed through NCHW copies.
    std::unique_ptr<Tensor> mPlanarInput, mPlanarOutput;
};
} // namespace MNN

#endif // CPUSoftmax_hpp
