// Clean-room, MNN-compatible MNN::Execution: one op instance. Created once by a creator, then
// onResize once for the shapes, then onExecute per run.
#ifndef Execution_hpp
#define Execution_hpp

#include <MNN/MNNForwardType.h>
#include <MNN/ErrorCode.hpp>
#include <MNN/Tensor.hpp>
#include <memory>
#include <string>
#include "core/NonCopyable.hpp"

namespace MNN {
class Backend;
struct Op;

class Execution : public NonCopyable {
public:
    Execution() = delete;
    Execution(Backend* backend) : mBackEnd(backend) {}
    virtual ~Execution() = default;

    // Prepare for the given shapes (acquire scratch memory, precompute); called before onExecute.
    virtual ErrorCode onResize(const std::vector<Tensor*>& /*inputs*/, const std::vector<Tensor*>& /*outputs*/) {
        return NO_ERROR;
    }
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) = 0;
    // Copy this execution for another backend; not used by the workbench.
    virtual bool onClone(Backend* /*bn*/, const Op* /*op*/, Execution** /*dst*/) { return false; }

    inline bool valid() const { return mValid; }
    inline bool needAllocIO() const { return mNeedAllocIO; }
    Backend* backend() const { return mBackEnd; }

protected:
    bool mValid       = true;
    bool mNeedAllocIO = true;

private:
    Backend* mBackEnd;
};

} // namespace MNN

#endif // Execution_hpp
