// Reference PReLU (one slope per channel, or one shared slope) for the workbench, in MNN's CPU-op style.
#ifndef CPUPRelu_hpp
#define CPUPRelu_hpp

#include <vector>
#include "core/Execution.hpp"

namespace MNN {
class CPUPRelu : public Execution {
public:
    CPUPRelu(Backend* b, std::vector<float> slope) : Execution(b), mSlope(std::move(slope)) {}
    virtual ~CPUPRelu() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    std::vector<float> mSlope;
};
} // namespace MNN

#endif // CPUPRelu_hpp
