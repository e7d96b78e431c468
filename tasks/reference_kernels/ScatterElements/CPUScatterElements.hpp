// Reference ScatterElements (data, int32 indices, updates, int32 axis input; the reduction is the
// BinaryOp parameter's opType: -1 for none, ADD, MUL, MAXIMUM, MINIMUM) for the workbench, in MNN's
// CPU-op style.
#ifndef CPUScatterElements_hpp
#define CPUScatterElements_hpp

#include "TensorIndex.hpp"

namespace MNN {
class CPUScatterElements : public mkb::ExecutionT {
public:
    CPUScatterElements(Backend* b, int reduction) : mkb::ExecutionT(b), mReduction(reduction) {}
    virtual ~CPUScatterElements() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    template <typename T>
    bool scatter(const T* updates, const int32_t* indices, T* dst);

    int mReduction;
    mkb::AxisElements mPositions;
    mkba::PlanarViews mViews;
};
} // namespace MNN

#endif // CPUScatterElements_hpp
