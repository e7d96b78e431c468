// Reference BinaryOp with numpy broadcasting for the workbench, in MNN's CPU-op style.
#ifndef CPUBinary_hpp
#define CPUBinary_hpp

#include <memory>
#include <vector>
#include "core/Execution.hpp"

namespace MNN {
class CPUBinary : public Execution {
public:
    CPUBinary(Backend* b, int opType, int activationType) : Execution(b), mOpType(opType), mActivation(activationType) {}
    virtual ~CPUBinary() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

    // Computes one row: out[i] = f(a[i * aStep], b[i * bStep]) for i < count.
    typedef void (*RowFunction)(void* out, const void* a, const void* b, int count, int aStep, int bStep);

private:
    int mOpType, mActivation;
    RowFunction mRow = nullptr;
    // The output as rows of mInner elements; per row, the start of each input.
    int mInner = 1, mRows = 0;
    int mAStep = 0, mBStep = 0;
    std::vector<size_t> mAOffsets, mBOffsets;
    // NC4HW4 tensors are computed through NCHW copies.
    std::unique_ptr<Tensor> mPlanar[3];
};
} // namespace MNN

#endif // CPUBinary_hpp
