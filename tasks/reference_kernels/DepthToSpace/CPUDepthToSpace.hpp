// Reference DepthToSpace (DCR and CRD modes, NCHW semantics) for the workbench, in MNN's CPU-op style.
#ifndef CPUDepthToSpace_hpp
#define CPUDepthToSpace_hpp

#include "TensorIndex.hpp"

namespace MNN {
class CPUDepthToSpace : public mkb::ExecutionT {
public:
    CPUDepthToSpace(Backend* b, int blockSize, int mode) : mkb::ExecutionT(b), mBlock(blockSize), mMode(mode) {}
    virtual ~CPUDepthToSpace() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    int mBlock, mMode;
    mkb::StridedView mView;
    mkba::PlanarViews mViews;
};
} // namespace MNN

#endif // CPUDepthToSpace_hpp
