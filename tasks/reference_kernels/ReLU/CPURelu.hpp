// Reference ReLU (leaky when slope != 0) for the workbench, in MNN's CPU-op style.
#ifndef CPURelu_hpp
#define CPURelu_hpp

#include "core/Execution.hpp"

namespace MNN {
class CPURelu : public Execution {
public:
    CPURelu(Backend* b, float slope) : Execution(b), mSlope(slope) {}
    virtual ~CPURelu() = default;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    float mSlope;
};
} // namespace MNN

#endif // CPURelu_hpp
