// Reference Tile (repeats per dim from the int32 second input) for the workbench, in MNN's CPU-op style.
#ifndef CPUTile_hpp
#define CPUTile_hpp

#include "TensorIndex.hpp"

namespace MNN {
class CPUTile : public mkb::ExecutionT {
public:
    using mkb::ExecutionT::ExecutionT;
    virtual ~CPUTile() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    mkb::StridedView mView;
    mkba::PlanarViews mViews;
};
} // namespace MNN

#endif // CPUTile_hpp
