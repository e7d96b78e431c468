// Reference StridedSlice for the workbench, in MNN's CPU-op style: ONNX Slice (fromType 1: inputs
// data, starts, ends, optional axes and steps) and TensorFlow StridedSlice (fromType 0: begin, end,
// strides per leading dim with begin/end/shrink masks).
#ifndef CPUStridedSlice_hpp
#define CPUStridedSlice_hpp

#include "TensorIndex.hpp"

namespace MNN {
class CPUStridedSlice : public mkb::ExecutionT {
public:
    CPUStridedSlice(Backend* b, const StridedSliceParam* param) : mkb::ExecutionT(b), mParam(param) {}
    virtual ~CPUStridedSlice() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    const StridedSliceParam* mParam;
    mkb::StridedView mView;
    mkba::PlanarViews mViews;
};
} // namespace MNN

#endif // CPUStridedSlice_hpp
