// Reference Concat (any number of inputs along one axis, any 1/2/4-byte dtype) for the workbench, in
// MNN's CPU-op style.
#ifndef CPUConcat_hpp
#define CPUConcat_hpp

#include "TensorIndex.hpp"

namespace MNN {
class CPUConcat : public mkb::ExecutionT {
public:
    CPUConcat(Backend* b, int axis) : mkb::ExecutionT(b), mAxis(axis) {}
    virtual ~CPUConcat() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    int mAxis;
    // outside = product of the dims before the axis; each input contributes a block of
    // length(axis) * inside elements per outside index.
    size_t mOutside = 1;
    std::vector<size_t> mBlock;
    mkba::PlanarViews mViews;
};
} // namespace MNN

#endif // CPUConcat_hpp
