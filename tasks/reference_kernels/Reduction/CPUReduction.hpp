// Reference Reduction (SUM, MEAN, MAXIMUM, MINIMUM, PROD, ASUM, SUMSQ) over the axes given by the
// int32 second input (or the op's `dim`) for the workbench, in MNN's CPU-op style.
#ifndef CPUReduction_hpp
#define CPUReduction_hpp

#include <memory>
#include <vector>
#include "core/Execution.hpp"

namespace MNN {
class CPUReduction : public Execution {
public:
    CPUReduction(Backend* b, int operation, std::vector<int> paramAxes)
        : Execution(b), mOperation(operation), mParamAxes(std::move(paramAxes)) {}
    virtual ~CPUReduction() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    // One reduced axis of the current intermediate shape: outside x length x inside -> outside x inside.
    struct Step {
        int outside, length, inside;
    };
    template <typename T>
    void run(const T* src, T* dst);

    int mOperation;
    std::vector<int> mParamAxes;
    std::vector<Step> mSteps;
    size_t mReducedCount = 1;
    std::vector<uint8_t> mScratch[2];
    // NC4HW4 tensors are computed through NCHW copies.
    std::unique_ptr<Tensor> mPlanarInput, mPlanarOutput;
};
} // namespace MNN

#endif // CPUReduction_hpp
