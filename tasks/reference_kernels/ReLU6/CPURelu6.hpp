// Reference ReLU6 (a clamp to [minValue, maxValue]; MNN's form of ONNX Clip) for the workbench, in
// MNN's CPU-op style.
#ifndef CPURelu6_hpp
#define CPURelu6_hpp

#include "ElementwiseB.hpp"

namespace MNN {
class CPURelu6 : public mkb::ExecutionB {
public:
    CPURelu6(Backend* b, float minValue, float maxValue) : mkb::ExecutionB(b), mMin(minValue), mMax(maxValue) {}
    virtual ~CPURelu6() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    float mMin, mMax;
};
} // namespace MNN

#endif // CPURelu6_hpp
