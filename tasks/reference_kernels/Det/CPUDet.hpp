// Reference Det (determinants of the trailing n x n matrices of a tensor) for the workbench, in
// MNN's CPU-op style.
#ifndef CPUDet_hpp
#define CPUDet_hpp

#include "core/Execution.hpp"

namespace MNN {
class CPUDet : public Execution {
public:
    explicit CPUDet(Backend* b) : Execution(b) {}
    virtual ~CPUDet() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    int mSize = 0, mCount = 0;
};
} // namespace MNN

#endif // CPUDet_hpp
