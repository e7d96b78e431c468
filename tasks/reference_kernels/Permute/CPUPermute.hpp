// Reference Permute (a transpose by an axis permutation) for the workbench, in MNN's CPU-op style.
#ifndef CPUPermute_hpp
#define CPUPermute_hpp

#include <vector>
#include "ElementwiseA.hpp"

namespace MNN {
class CPUPermute : public Execution {
public:
    CPUPermute(Backend* b, std::vector<int> dims) : Execution(b), mDims(std::move(dims)) {}
    virtual ~CPUPermute() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    std::vector<int> mDims;
    // Output shape, and for each output axis the input stride it walks.
    std::vector<int> mShape;
    std::vector<size_t> mInStride;
    mkba::PlanarViews mViews;
};
} // namespace MNN

#endif // CPUPermute_hpp
