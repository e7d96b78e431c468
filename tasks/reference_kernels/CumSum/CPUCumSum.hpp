// Reference CumSum (axis from the int32 second input; exclusive and reverse) for the workbench, in
// MNN's CPU-op style.
#ifndef CPUCumSum_hpp
#define CPUCumSum_hpp

#include "TensorIndex.hpp"

namespace MNN {
class CPUCumSum : public mkb::ExecutionT {
public:
    CPUCumSum(Backend* b, bool exclusive, bool reverse) : mkb::ExecutionT(b), mExclusive(exclusive), mReverse(reverse) {}
    virtual ~CPUCumSum() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    template <typename T>
    void run(const T* src, T* dst);

    bool mExclusive, mReverse;
    mkb::AxisSplit mSplit;
    mkba::PlanarViews mViews;
};
} // namespace MNN

#endif // CPUCumSum_hpp
