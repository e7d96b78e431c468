// Reference Scale (y = x * scale[c] + bias[c] per channel; what MNN runs for an inference-mode
// BatchNormalization) for the workbench, in MNN's CPU-op style.
#ifndef CPUScale_hpp
#define CPUScale_hpp

#include <vector>
#include "core/Execution.hpp"

namespace MNN {
class CPUScale : public Execution {
public:
    // bias may be empty (no bias).
    CPUScale(Backend* b, std::vector<float> scale, std::vector<float> bias)
        : Execution(b), mScale(std::move(scale)), mBias(std::move(bias)) {}
    virtual ~CPUScale() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    std::vector<float> mScale, mBias;
};
} // namespace MNN

#endif // CPUScale_hpp
