// Clean-room, MNN-compatible CPUBackend: the creator registry, the thread count and the per-ISA
// function table, plus REGISTER_CPU_OP_CREATOR.
#ifndef CPUBackend_hpp
#define CPUBackend_hpp

#include <utility>
#include "core/Backend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

namespace MNN {
struct CoreFunctions;

class CPUBackend : public Backend {
public:
    // host-only: created by the driver (MNN's constructor takes a CPURuntime).
    explicit CPUBackend(int threadNumber);
    virtual ~CPUBackend();

    class Creator {
    public:
        virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                    const MNN::Op* op, Backend* backend) const = 0;
    };
    // Registers the creator of `t`; false (and nothing changes) when one is already registered.
    static bool addCreator(OpType t, Creator* c);

    inline int threadNumber() const { return mThreadNumber; }
    const CoreFunctions* functions() const { return mCoreFunctions; }

    // {elements per task, number of tasks} splitting `size` over the threads.
    std::pair<int, int> multiThreadDivide(int size) const;
    // dst[i] (i < threadNumber) = end of thread i's share of `size`, shares as equal as possible.
    void computeDivideSizes(int size, int* dst, float computeI = 0.f) const;
    // Bytes one element of `output` is computed in, as MNN: `functions()->bytes` for float tensors (4
    // here), 1 for an applied-quantised tensor (none on the host target), else the type's bytes.
    static size_t getBytes(const Backend* backend, const Tensor* output);
    // As MNN: DT_FLOAT unless the tensor carries an applied quantisation attribute (then its quantised
    // type). It is NOT the tensor's element type: use getType() for that. No host tensor is quantised.
    static DataType getDataType(const Tensor* tensor);

    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op) override;
    virtual ErrorCode onResizeEnd() override { return NO_ERROR; }
    virtual void onExecuteBegin() const override {}
    virtual void onExecuteEnd() const override {}
    virtual bool onClearBuffer() override { return true; }
    virtual void onCopyBuffer(const Tensor* srcTensor, const Tensor* dstTensor) const override;

    // host-only: driver-side state (memory and thread pool).
    struct Internal;
    // host-only: the driver's state.
    Internal* internal() const { return mInternal; }

protected:
    // host-only: MNN's backends implement onAcquire (a MemObj) instead.
    virtual bool onAcquireMemory(const Tensor* tensor, StorageType storageType) override;
    // host-only
    virtual bool onReleaseMemory(const Tensor* tensor, StorageType storageType) override;

private:
    int mThreadNumber;
    const CoreFunctions* mCoreFunctions;
    Internal* mInternal;
};

} // namespace MNN

// As in MNN this defines `void ___<name>__<opType>__()` registering a static `name`. MNN calls
// these from a generated list; here a static initialiser calls it, so linking the file is enough.
#define REGISTER_CPU_OP_CREATOR(name, opType)                                   \
    void ___##name##__##opType##__() {                                          \
        static name _temp;                                                      \
        CPUBackend::addCreator(opType, &_temp);                                 \
    }                                                                           \
    __attribute__((unused)) static const bool __mnnRegistered_##name##__##opType##__ = \
        (___##name##__##opType##__(), true);

#endif // CPUBackend_hpp
