// Reference Range (scalar start, limit and delta inputs, float32 or int32) for the workbench, in
// MNN's CPU-op style.
#ifndef CPURange_hpp
#define CPURange_hpp

#include "ElementwiseB.hpp"

namespace MNN {
class CPURange : public mkb::ExecutionB {
public:
    using mkb::ExecutionB::ExecutionB;
    virtual ~CPURange() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    template <typename T>
    void fill(const std::vector<Tensor*>& inputs, T* dst, size_t count);
};
} // namespace MNN

#endif // CPURange_hpp
