// Clean-room, MNN-compatible MNN::Backend: memory for tensors an execution creates itself.
#ifndef Backend_hpp
#define Backend_hpp

#include <MNN/MNNForwardType.h>
#include <MNN/ErrorCode.hpp>
#include <MNN/Tensor.hpp>
#include <vector>
#include "core/NonCopyable.hpp"

namespace MNN {
struct Op;
class Execution;

class Backend : public NonCopyable {
public:
    enum StorageType {
        // Kept until onReleaseBuffer (freed then) or the backend's end.
        STATIC,
        // Scratch: MNN may share it with other ops once released, but it stays usable by this
        // execution's onExecute after being released in onResize (the usual MNN pattern).
        DYNAMIC,
        // Like DYNAMIC, never shared.
        DYNAMIC_SEPERATE,
        DYNAMIC_IN_EXECUTION
    };

    Backend(MNNForwardType type) : mType(type) {}
    virtual ~Backend() = default;

    // Creates the execution for `op` with the registered creator; nullptr when none.
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op) = 0;
    virtual void onResizeBegin() {}
    virtual ErrorCode onResizeEnd() = 0;
    virtual void onExecuteBegin() const = 0;
    virtual void onExecuteEnd() const = 0;

    // Gives `tensor` host memory of tensor->usize() bytes (64-byte aligned); false when out of memory.
    MNN_PUBLIC bool onAcquireBuffer(const Tensor* tensor, StorageType storageType);
    // STATIC: frees the memory now. DYNAMIC*: the memory stays valid until the backend's end.
    MNN_PUBLIC bool onReleaseBuffer(const Tensor* tensor, StorageType storageType);

    virtual bool onClearBuffer() = 0;
    // Copies src into dst; the two may differ in layout (NCHW, NHWC, NC4HW4) but not in type.
    virtual void onCopyBuffer(const Tensor* srcTensor, const Tensor* dstTensor) const = 0;

    inline MNNForwardType type() const { return mType; }

protected:
    // host-only: how the host backend gets memory (MNN's backends implement onAcquire instead).
    virtual bool onAcquireMemory(const Tensor* tensor, StorageType storageType) = 0;
    // host-only
    virtual bool onReleaseMemory(const Tensor* tensor, StorageType storageType) = 0;

private:
    const MNNForwardType mType;
};

} // namespace MNN

#endif // Backend_hpp
