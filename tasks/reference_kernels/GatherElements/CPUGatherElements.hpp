// Reference GatherElements (data, int32 indices, int32 axis input) for the workbench, in MNN's
// CPU-op style.
#ifndef CPUGatherElements_hpp
#define CPUGatherElements_hpp

#include "TensorIndex.hpp"

namespace MNN {
class CPUGatherElements : public mkb::ExecutionT {
public:
    using mkb::ExecutionT::ExecutionT;
    virtual ~CPUGatherElements() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    // dst = the gathered elements; false when an index was out of range (its element is 0).
    template <typename T>
    bool gatherAll(const T* src, T* dst, const int32_t* indices);
    mkb::AxisElements mPositions;
    mkba::PlanarViews mViews;
};
} // namespace MNN

#endif // CPUGatherElements_hpp
