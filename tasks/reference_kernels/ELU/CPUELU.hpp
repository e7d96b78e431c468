// Reference ELU for the workbench, in MNN's CPU-op style.
#ifndef CPUELU_hpp
#define CPUELU_hpp

#include "core/Execution.hpp"

namespace MNN {
class CPUELU : public Execution {
public:
    CPUELU(Backend* b, float alpha) : Execution(b), mAlpha(alpha) {}
    virtual ~CPUELU() = default;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    float mAlpha;
};
} // namespace MNN

#endif // CPUELU_hpp
