// Reference Cast between float32, float16, int32, uint8 and int8 for the workbench, in MNN's CPU-op
// style.
#ifndef CPUCast_hpp
#define CPUCast_hpp

#include "ElementwiseB.hpp"

namespace MNN {
class CPUCast : public mkb::ExecutionB {
public:
    CPUCast(Backend* b, DataType dstT) : mkb::ExecutionB(b), mDstT(dstT) {}
    virtual ~CPUCast() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    template <typename Tin>
    bool castFrom(const Tin* src, Tensor* output, size_t count);

    DataType mDstT;
};
} // namespace MNN

#endif // CPUCast_hpp
