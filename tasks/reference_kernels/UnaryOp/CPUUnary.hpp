// Reference UnaryOp (float32, every operation the suite's Unary and Trigonometry tasks produce) for
// the workbench, in MNN's CPU-op style.
#ifndef CPUUnary_hpp
#define CPUUnary_hpp

#include "ElementwiseB.hpp"

namespace MNN {
class CPUUnary : public mkb::ExecutionB {
public:
    CPUUnary(Backend* b, int opType) : mkb::ExecutionB(b), mOpType(opType) {}
    virtual ~CPUUnary() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    int mOpType;
};
} // namespace MNN

#endif // CPUUnary_hpp
