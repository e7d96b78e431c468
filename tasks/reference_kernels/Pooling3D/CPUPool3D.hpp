// Reference Pooling3D for the workbench, in MNN's CPU-op style: the global form (MAX or AVE over every
// spatial position of each channel), which is what ONNX GlobalAveragePool / GlobalMaxPool and a 3-D
// pool whose kernel covers the whole volume convert to.
#ifndef CPUPool3D_hpp
#define CPUPool3D_hpp

#include "ElementwiseB.hpp"

namespace MNN {
class CPUPool3D : public mkb::ExecutionB {
public:
    CPUPool3D(Backend* b, int type) : mkb::ExecutionB(b), mType(type) {}
    virtual ~CPUPool3D() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    int mType;
    int mArea = 1;
};
} // namespace MNN

#endif // CPUPool3D_hpp
