// Reference TopKV2 (k from input 1, axis from the optional input 2 else the last; values and int32
// indices; largest or smallest) for the workbench, in MNN's CPU-op style.
#ifndef CPUTopKV2_hpp
#define CPUTopKV2_hpp

#include "TensorIndex.hpp"

namespace MNN {
class CPUTopKV2 : public mkb::ExecutionT {
public:
    CPUTopKV2(Backend* b, bool largest) : mkb::ExecutionT(b), mLargest(largest) {}
    virtual ~CPUTopKV2() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    template <typename T>
    void run(const T* src, T* values, int32_t* indices);

    bool mLargest;
    int mK = 0;
    mkb::AxisSplit mSplit;
    mkba::PlanarViews mViews;
};
} // namespace MNN

#endif // CPUTopKV2_hpp
