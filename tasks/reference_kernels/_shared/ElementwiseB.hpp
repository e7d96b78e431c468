// Shared helpers of the part-B reference kernels (unary, reduction-like, data movement): the
// threaded elementwise loop, the outside x length x inside split of a tensor at one axis, and planar
// (NCHW) scratch copies for ops that compute on plain row-major data.
#ifndef ElementwiseB_hpp
#define ElementwiseB_hpp

#include <memory>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Concurrency.h"
#include "core/Execution.hpp"
#include "core/Macro.h"
#include "core/TensorUtils.hpp"

namespace MNN {
namespace mkb {

// An Execution with the shared threaded loops as members (MNN_CONCURRENCY_BEGIN needs backend()).
class ExecutionB : public Execution {
public:
    using Execution::Execution;

protected:
    int threadCount(size_t work) const {
        const size_t threads = (size_t)static_cast<CPUBackend*>(backend())->threadNumber();
        return (int)ALIMAX((size_t)1, ALIMIN(threads, work));
    }
    // body(begin, end) over [0, count) in contiguous chunks, one per thread (contiguous so each thread
    // streams its own cache lines); small counts stay on one thread.
    template <typename F>
    void parallelRange(size_t count, F body) {
        const int threads  = threadCount(count / 4096 + 1);
        const size_t chunk = UP_DIV(count, (size_t)threads);
        MNN_CONCURRENCY_BEGIN(tId, threads) {
            const size_t begin = (size_t)tId * chunk;
            body(begin, ALIMIN(count, begin + chunk));
        }
        MNN_CONCURRENCY_END();
    }
    // dst[i] = f(src[i]) for i < count; valid for any layout as long as src and dst share it.
    template <typename Tin, typename Tout, typename F>
    void unaryLoop(const Tin* src, Tout* dst, size_t count, F f) {
        parallelRange(count, [&](size_t begin, size_t end) {
            for (size_t i = begin; i < end; ++i) dst[i] = f(src[i]);
        });
    }
};

// A tensor viewed as outside x length x inside around one axis (negative axes count from the end).
struct AxisSplit {
    int outside = 1, length = 1, inside = 1;
};

inline bool splitAt(const Tensor* t, int axis, AxisSplit& s) {
    const int dims = t->dimensions();
    axis           = axis < 0 ? axis + dims : axis;
    if (axis < 0 || axis >= ALIMAX(dims, 1)) {
        return false;
    }
    s = AxisSplit();
    for (int i = 0; i < axis; ++i) s.outside *= t->length(i);
    s.length = dims == 0 ? 1 : t->length(axis);
    for (int i = axis + 1; i < dims; ++i) s.inside *= t->length(i);
    return true;
}

inline bool isPacked(const Tensor* t) {
    return TensorUtils::getDescribe(t)->dimensionFormat == MNN_DATA_FORMAT_NC4HW4;
}

// An NCHW tensor with t's shape whose memory stays valid for the execution (acquired and released as
// DYNAMIC in onResize, as MNN does); nullptr when out of memory.
inline Tensor* planarScratch(Backend* backend, const Tensor* t) {
    auto copy = new Tensor(t, Tensor::CAFFE, false);
    if (!backend->onAcquireBuffer(copy, Backend::DYNAMIC)) {
        delete copy;
        return nullptr;
    }
    backend->onReleaseBuffer(copy, Backend::DYNAMIC);
    return copy;
}

} // namespace mkb
} // namespace MNN

#endif // ElementwiseB_hpp
