// Reference MatMul (1-D, 2-D and batched, transposeA / transposeB, numpy broadcasting of the batch
// dimensions, optional bias as a third input) for the workbench, in MNN's CPU-op style.
#ifndef CPUMatMul_hpp
#define CPUMatMul_hpp

#include <memory>
#include <vector>
#include "core/Execution.hpp"

namespace MNN {
class CPUMatMul : public Execution {
public:
    CPUMatMul(Backend* b, bool transposeA, bool transposeB)
        : Execution(b), mTransposeA(transposeA), mTransposeB(transposeB) {}
    virtual ~CPUMatMul() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    bool mTransposeA, mTransposeB;
    int mM = 0, mK = 0, mN = 0;
    // Per output batch, the matrix index in A and in B.
    std::vector<int> mABatch, mBBatch;
    // NC4HW4 tensors are computed through NCHW copies.
    std::unique_ptr<Tensor> mPlanar[4];
};
} // namespace MNN

#endif // CPUMatMul_hpp
