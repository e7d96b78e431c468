// Clean-room, MNN-compatible parallel loop:
//     MNN_CONCURRENCY_BEGIN(tId, numberOfTasks) { ... body using tId ... } MNN_CONCURRENCY_END();
// runs the body once for every tId in [0, numberOfTasks) on the backend's thread pool (inline when
// the backend has one thread) and returns when all are done. As in MNN, it must be written inside
// an Execution member (it calls backend()).
#ifndef concurrency_h
#define concurrency_h

#define LAUNCH_MULTI_THREADS_WORKLOAD 1e+5

namespace MNN {
class Backend;
namespace detail {
// host-only: runs fn(ctx, i) for i in [0, n) on the pool of `backend` (a CPUBackend); rethrows the
// first exception a task threw.
void concurrencyRun(const Backend* backend, int n, void (*fn)(void*, int), void* ctx);

// host-only: what MNN_CONCURRENCY_END calls.
template <typename F>
inline void concurrencyDispatch(const Backend* backend, int n, F& task) {
    concurrencyRun(backend, n, [](void* ctx, int i) { (*static_cast<F*>(ctx))(i); }, &task);
}
} // namespace detail
} // namespace MNN

#define MNN_CONCURRENCY_BEGIN(__iter__, __num__)        \
    {                                                   \
        const int __mnnTaskNumber = (int)(__num__);     \
        auto task = [&](int __iter__) {
// The body's closure is named `task`, as in MNN (whose pool version declares `task` there too), so a
// kernel's own `task` is shadowed inside the body here exactly as it is in MNN.
#define MNN_CONCURRENCY_END()                                                  \
    }                                                                          \
    ;                                                                          \
    ::MNN::detail::concurrencyDispatch(backend(), __mnnTaskNumber, task);      \
    }

#endif // concurrency_h
