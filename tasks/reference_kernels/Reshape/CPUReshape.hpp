// Reference Reshape (the shape comes from the output tensor; input 1, the target shape, is already
// resolved into it) for the workbench, in MNN's CPU-op style.
#ifndef CPUReshape_hpp
#define CPUReshape_hpp

#include "TensorIndex.hpp"

namespace MNN {
class CPUReshape : public mkb::ExecutionT {
public:
    using mkb::ExecutionT::ExecutionT;
    virtual ~CPUReshape() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    mkba::PlanarViews mViews;
};
} // namespace MNN

#endif // CPUReshape_hpp
