// The runtime behind the MNN-compatible headers: Tensor, TensorUtils, Backend memory, CPUBackend
// (creator registry, thread pool), and the CoreFunctions table.
#include <stdlib.h>
#include <string.h>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "backend/cpu/compute/CommonOptFunction.h"
#include "core/Concurrency.h"
#include "core/TensorUtils.hpp"
#include "runtime.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MKB_CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define MKB_CPU_RELAX() asm volatile("yield")
#else
#define MKB_CPU_RELAX() ((void)0)
#endif

namespace MNN {

// ---------------------------------------------------------------------------------------------
// Tensor

static MNN_DATA_FORMAT formatOf(Tensor::DimensionType type) {
    switch (type) {
        case Tensor::TENSORFLOW: return MNN_DATA_FORMAT_NHWC;
        case Tensor::CAFFE_C4: return MNN_DATA_FORMAT_NC4HW4;
        default: return MNN_DATA_FORMAT_NCHW;
    }
}

static void* allocAligned(size_t bytes) {
    void* p = nullptr;
    if (posix_memalign(&p, 64, bytes == 0 ? 64 : (bytes + 63) / 64 * 64) != 0) {
        return nullptr;
    }
    return p;
}

Tensor::Tensor(int dimSize, DimensionType type) {
    if (dimSize < 0 || dimSize > MNN_MAX_TENSOR_DIM) {
        dimSize = dimSize < 0 ? 0 : MNN_MAX_TENSOR_DIM;
    }
    mDescribe                          = new InsideDescribe;
    mDescribe->content.dimensionFormat = formatOf(type);
    mBuffer.device                     = 0;
    mBuffer.device_interface           = nullptr;
    mBuffer.host                       = nullptr;
    mBuffer.flags                      = 0;
    mBuffer.type                       = halide_type_of<float>();
    mBuffer.dimensions                 = dimSize;
    mBuffer.dim                        = mDescribe->content.dims;
    mBuffer.padding                    = nullptr;
}

Tensor::Tensor(const Tensor* tensor, DimensionType type, bool allocMemory) : Tensor(tensor->dimensions(), type) {
    mBuffer.type   = tensor->getType();
    const int dims = mBuffer.dimensions;
    for (int i = 0; i < dims; ++i) {
        mBuffer.dim[i].extent = tensor->length(i);
    }
    // Same logical tensor in another dimension order: move the channel axis.
    const bool srcTF = tensor->getDimensionType() == TENSORFLOW;
    const bool dstTF = type == TENSORFLOW;
    if (srcTF != dstTF && dims >= 3) {
        if (srcTF) { // NHWC -> NCHW
            mBuffer.dim[1].extent = tensor->length(dims - 1);
            for (int i = 2; i < dims; ++i) mBuffer.dim[i].extent = tensor->length(i - 1);
        } else { // NCHW -> NHWC
            mBuffer.dim[dims - 1].extent = tensor->length(1);
            for (int i = 1; i < dims - 1; ++i) mBuffer.dim[i].extent = tensor->length(i + 1);
        }
    }
    TensorUtils::setLinearLayout(this);
    for (int i = dims; i < 4; ++i) {
        mBuffer.dim[i].extent = 1;
    }
    if (allocMemory) {
        mBuffer.host = (uint8_t*)allocAligned(usize());
        if (mBuffer.host) {
            memset(mBuffer.host, 0, usize());
            mDescribe->ownsHost = true;
        }
    }
}

Tensor::~Tensor() {
    if (mDescribe->ownsHost) {
        free(mBuffer.host);
    }
    delete mDescribe;
}

Tensor* Tensor::createDevice(const std::vector<int>& shape, halide_type_t type, DimensionType dimType) {
    auto t          = new Tensor((int)shape.size(), dimType);
    t->mBuffer.type = type;
    TensorUtils::setShape(t, shape);
    return t;
}

Tensor* Tensor::create(const std::vector<int>& shape, halide_type_t type, void* data, DimensionType dimType) {
    auto t = createDevice(shape, type, dimType);
    if (data) {
        t->mBuffer.host = (uint8_t*)data;
        return t;
    }
    t->mBuffer.host = (uint8_t*)allocAligned(t->usize());
    if (!t->mBuffer.host) {
        delete t;
        return nullptr;
    }
    memset(t->mBuffer.host, 0, t->usize());
    t->mDescribe->ownsHost = true;
    return t;
}

void Tensor::destroy(Tensor* tensor) {
    delete tensor;
}

Tensor::DimensionType Tensor::getDimensionType() const {
    return mDescribe->content.dimensionFormat == MNN_DATA_FORMAT_NHWC ? TENSORFLOW : CAFFE;
}

Tensor::HandleDataType Tensor::getHandleDataType() const {
    return mBuffer.type.code == halide_type_handle ? HANDLE_STRING : HANDLE_NONE;
}

std::vector<int> Tensor::shape() const {
    std::vector<int> result(mBuffer.dimensions);
    for (int i = 0; i < mBuffer.dimensions; ++i) {
        result[i] = mBuffer.dim[i].extent;
    }
    return result;
}

size_t Tensor::usize() const {
    size_t bytes = mBuffer.type.bytes();
    for (int i = 0; i < mBuffer.dimensions; ++i) {
        size_t extent = mBuffer.dim[i].extent;
        if (i == 1 && mDescribe->content.dimensionFormat == MNN_DATA_FORMAT_NC4HW4) {
            extent = ALIGN_UP4(extent);
        }
        bytes *= extent;
    }
    return bytes;
}

int Tensor::size() const {
    return (int)usize();
}

void Tensor::printShape() const {
    MNN_PRINT("\t**Tensor shape**: ");
    for (int i = 0; i < mBuffer.dimensions; ++i) {
        MNN_PRINT("%d, ", mBuffer.dim[i].extent);
    }
    MNN_PRINT("\n");
}

// ---------------------------------------------------------------------------------------------
// TensorUtils

// MNN's semantics: extents AND strides are copied as they are; the type only with copyRef (which in MNN
// also copies the quantisation, absent here); dimensions below 4 then read length 1.
void TensorUtils::copyShape(const Tensor* source, Tensor* dest, bool copyFormat, bool copyRef) {
    auto& d = dest->buffer();
    auto& s = source->buffer();
    d.dimensions = s.dimensions;
    for (int i = 0; i < s.dimensions; ++i) {
        d.dim[i] = s.dim[i];
    }
    if (copyFormat) {
        getDescribe(dest)->dimensionFormat = getDescribe(source)->dimensionFormat;
    }
    if (copyRef) {
        d.type = s.type;
    }
    for (int i = d.dimensions; i < 4; ++i) {
        dest->setLength(i, 1);
    }
}

void TensorUtils::setShape(Tensor* dest, const std::vector<int>& alldims) {
    auto& b      = dest->buffer();
    b.dimensions = (int)alldims.size();
    for (int i = 0; i < b.dimensions; ++i) {
        b.dim[i].extent = alldims[i];
    }
    setLinearLayout(dest);
}

void TensorUtils::setLinearLayout(Tensor* tensor) {
    auto& b     = tensor->buffer();
    int stride  = 1;
    const bool c4 = getDescribe(tensor)->dimensionFormat == MNN_DATA_FORMAT_NC4HW4;
    for (int i = b.dimensions - 1; i >= 0; --i) {
        b.dim[i].stride = stride;
        stride *= (i == 1 && c4) ? ALIGN_UP4(b.dim[i].extent) : b.dim[i].extent;
    }
}

// ---------------------------------------------------------------------------------------------
// Backend memory

bool Backend::onAcquireBuffer(const Tensor* tensor, StorageType storageType) {
    return tensor != nullptr && onAcquireMemory(tensor, storageType);
}

bool Backend::onReleaseBuffer(const Tensor* tensor, StorageType storageType) {
    return tensor != nullptr && onReleaseMemory(tensor, storageType);
}

// ---------------------------------------------------------------------------------------------
// Thread pool: `threads - 1` workers plus the calling thread. Tasks are handed out one index at a
// time; workers spin briefly between jobs (as MNN's pool does) before sleeping.

namespace {
thread_local bool tInsidePool = false;

struct Job {
    void (*fn)(void*, int);
    void* ctx;
    int count;
    std::atomic<int> next{0};
    std::atomic<int> helpers{0}; // workers currently inside this job
    std::mutex errorMutex;
    std::exception_ptr error;

    void runTasks() {
        for (int i; (i = next.fetch_add(1)) < count;) {
            try {
                fn(ctx, i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (!error) {
                    error = std::current_exception();
                }
            }
        }
    }
};

class ThreadPool {
public:
    explicit ThreadPool(int threads) {
        for (int i = 1; i < threads; ++i) {
            mWorkers.emplace_back([this] { workerLoop(); });
        }
    }
    ~ThreadPool() {
        {
            std::lock_guard<std::mutex> lock(mMutex);
            mStop = true;
        }
        mWake.notify_all();
        for (auto& w : mWorkers) {
            w.join();
        }
    }

    void run(int count, void (*fn)(void*, int), void* ctx) {
        if (mWorkers.empty() || count <= 1 || tInsidePool) {
            for (int i = 0; i < count; ++i) {
                fn(ctx, i);
            }
            return;
        }
        Job job;
        job.fn    = fn;
        job.ctx   = ctx;
        job.count = count;
        {
            std::lock_guard<std::mutex> lock(mMutex);
            mJob = &job;
            mGeneration.fetch_add(1, std::memory_order_release);
        }
        mWake.notify_all();
        tInsidePool = true;
        job.runTasks();
        tInsidePool = false;
        {
            // No worker may join after this; wait for those that did.
            std::lock_guard<std::mutex> lock(mMutex);
            mJob = nullptr;
        }
        // Spin briefly, then yield: a helper may have been descheduled on a busy machine.
        for (int spin = 0; job.helpers.load(std::memory_order_acquire) != 0; ++spin) {
            if (spin < 4096) {
                MKB_CPU_RELAX();
            } else {
                std::this_thread::yield();
            }
        }
        if (job.error) {
            std::rethrow_exception(job.error);
        }
    }

private:
    void workerLoop() {
        tInsidePool   = true;
        uint64_t seen = 0;
        while (true) {
            for (int spin = 0; spin < 20000 && mGeneration.load(std::memory_order_acquire) == seen; ++spin) {
                MKB_CPU_RELAX();
            }
            Job* job = nullptr;
            {
                std::unique_lock<std::mutex> lock(mMutex);
                mWake.wait(lock, [&] { return mStop || mGeneration.load(std::memory_order_relaxed) != seen; });
                if (mStop) {
                    return;
                }
                seen = mGeneration.load(std::memory_order_relaxed);
                job  = mJob;
                if (job) {
                    job->helpers.fetch_add(1, std::memory_order_relaxed);
                }
            }
            if (job) {
                job->runTasks();
                job->helpers.fetch_sub(1, std::memory_order_release);
            }
        }
    }

    std::vector<std::thread> mWorkers;
    std::mutex mMutex;
    std::condition_variable mWake;
    std::atomic<uint64_t> mGeneration{0};
    Job* mJob  = nullptr;
    bool mStop = false;
};

// ---------------------------------------------------------------------------------------------
// Core functions

void packCUnit(float* dst, const float* src, size_t area, size_t depth, int* areaOffset) {
    const size_t srcArea = areaOffset[0], dstArea = areaOffset[1];
    for (size_t z = 0; z < UP_DIV(depth, 4); ++z) {
        float* d = dst + z * dstArea * 4;
        for (size_t x = 0; x < area; ++x) {
            for (size_t c = 0; c < 4; ++c) {
                size_t ch      = z * 4 + c;
                d[x * 4 + c] = ch < depth ? src[ch * srcArea + x] : 0.0f;
            }
        }
    }
}

void unpackCUnit(float* dst, const float* src, size_t area, size_t depth, int* areaOffset) {
    const size_t srcArea = areaOffset[0], dstArea = areaOffset[1];
    for (size_t ch = 0; ch < depth; ++ch) {
        const float* s = src + (ch / 4) * srcArea * 4 + ch % 4;
        for (size_t x = 0; x < area; ++x) {
            dst[ch * dstArea + x] = s[x * 4];
        }
    }
}

CoreFunctions* coreFunctions() {
    static CoreFunctions functions = [] {
        CoreFunctions f;
        f.MNNPackCUnit   = packCUnit;
        f.MNNUnpackCUnit = unpackCUnit;
        return f;
    }();
    return &functions;
}

std::map<int, CPUBackend::Creator*>& creatorMap() {
    static std::map<int, CPUBackend::Creator*> creators;
    return creators;
}

std::vector<int>& refusedList() {
    static std::vector<int> refused;
    return refused;
}
} // namespace

CoreFunctions* MNNGetCoreFunctions() {
    return coreFunctions();
}

// ---------------------------------------------------------------------------------------------
// CPUBackend

struct CPUBackend::Internal {
    struct Allocation {
        const Tensor* tensor;
        StorageType type;
        void* memory;
    };
    explicit Internal(int threads) : pool(threads) {}
    ~Internal() {
        for (auto& a : allocations) {
            free(a.memory);
        }
    }
    std::vector<Allocation> allocations;
    ThreadPool pool;
};

CPUBackend::CPUBackend(int threadNumber)
    : Backend(MNN_FORWARD_CPU),
      mThreadNumber(threadNumber < 1 ? 1 : threadNumber),
      mCoreFunctions(coreFunctions()),
      mInternal(new Internal(mThreadNumber)) {}

CPUBackend::~CPUBackend() {
    delete mInternal;
}

bool CPUBackend::addCreator(OpType t, Creator* c) {
    auto& creators = creatorMap();
    if (creators.count(t)) {
        refusedList().push_back(t);
        return false;
    }
    creators[t] = c;
    return true;
}

Execution* CPUBackend::onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op) {
    auto it = creatorMap().find(op->type());
    return it == creatorMap().end() ? nullptr : it->second->onCreate(inputs, outputs, op, this);
}

std::pair<int, int> CPUBackend::multiThreadDivide(int size) const {
    int sizeDivide = UP_DIV(size, mThreadNumber);
    int schedule   = sizeDivide > 0 ? UP_DIV(size, sizeDivide) : 0;
    return std::make_pair(sizeDivide, schedule);
}

void CPUBackend::computeDivideSizes(int size, int* dst, float) const {
    int length = UP_DIV(size, mThreadNumber);
    for (int i = 0; i < mThreadNumber; ++i) {
        dst[i] = ALIMIN((i + 1) * length, size);
    }
}

// MNN's meaning: float tensors are computed in the backend's float type (`functions()->bytes`), and
// only a tensor carrying an applied quantisation attribute is anything but DT_FLOAT. The host target
// has no quantised tensors, so these are the non-quantised branches of MNN's definitions.
size_t CPUBackend::getBytes(const Backend* backend, const Tensor* output) {
    if (output->getType().code == halide_type_float) {
        return static_cast<const CPUBackend*>(backend)->functions()->bytes;
    }
    return output->getType().bytes();
}

DataType CPUBackend::getDataType(const Tensor* /*tensor*/) {
    return DataType_DT_FLOAT;
}

bool CPUBackend::onAcquireMemory(const Tensor* tensor, StorageType storageType) {
    void* memory = allocAligned(tensor->usize());
    if (!memory) {
        return false;
    }
    mInternal->allocations.push_back({tensor, storageType, memory});
    const_cast<Tensor*>(tensor)->buffer().host = (uint8_t*)memory;
    return true;
}

bool CPUBackend::onReleaseMemory(const Tensor* tensor, StorageType storageType) {
    if (storageType != STATIC) {
        return true; // dynamic memory stays usable by the execution that acquired it
    }
    auto& all = mInternal->allocations;
    for (size_t i = 0; i < all.size(); ++i) {
        if (all[i].tensor == tensor && all[i].type == STATIC && all[i].memory == tensor->buffer().host) {
            free(all[i].memory);
            all.erase(all.begin() + i);
            const_cast<Tensor*>(tensor)->buffer().host = nullptr;
            return true;
        }
    }
    return false;
}

// Element offset of (batch b, channel c, position p) in a tensor of the given layout.
namespace {
struct Layout {
    MNN_DATA_FORMAT format;
    size_t batch, channel, area;
    size_t offset(size_t b, size_t c, size_t p) const {
        switch (format) {
            case MNN_DATA_FORMAT_NHWC: return (b * area + p) * channel + c;
            // MNN's CPU order [UP_DIV(C,4)][N][H][W][4]: the batch sits inside each channel block.
            case MNN_DATA_FORMAT_NC4HW4: return (((c / 4) * batch + b) * area + p) * 4 + c % 4;
            default: return (b * channel + c) * area + p;
        }
    }
};
Layout layoutOf(const Tensor* t) {
    Layout l{TensorUtils::getDescribe(t)->dimensionFormat, 1, 1, 1};
    const int dims = t->dimensions();
    if (dims >= 1) l.batch = t->length(0);
    if (dims >= 2) {
        const bool nhwc = l.format == MNN_DATA_FORMAT_NHWC;
        l.channel       = t->length(nhwc ? dims - 1 : 1);
        for (int i = nhwc ? 1 : 2; i < (nhwc ? dims - 1 : dims); ++i) l.area *= t->length(i);
    }
    return l;
}
} // namespace

void CPUBackend::onCopyBuffer(const Tensor* srcTensor, const Tensor* dstTensor) const {
    const size_t bytes = srcTensor->getType().bytes();
    auto src = layoutOf(srcTensor), dst = layoutOf(dstTensor);
    if (src.format == dst.format || srcTensor->dimensions() < 2) {
        memcpy(dstTensor->host<void>(), srcTensor->host<void>(), ALIMIN(srcTensor->usize(), dstTensor->usize()));
        return;
    }
    if (dst.format == MNN_DATA_FORMAT_NC4HW4) {
        memset(dstTensor->host<void>(), 0, dstTensor->usize()); // the padding channels
    }
    const uint8_t* s = srcTensor->host<uint8_t>();
    uint8_t* d       = dstTensor->host<uint8_t>();
    for (size_t b = 0; b < src.batch; ++b)
        for (size_t c = 0; c < src.channel; ++c)
            for (size_t p = 0; p < src.area; ++p)
                memcpy(d + dst.offset(b, c, p) * bytes, s + src.offset(b, c, p) * bytes, bytes);
}

namespace detail {
void concurrencyRun(const Backend* backend, int n, void (*fn)(void*, int), void* ctx) {
    static_cast<const CPUBackend*>(backend)->internal()->pool.run(n, fn, ctx);
}
} // namespace detail

} // namespace MNN

namespace mkb {
const std::map<int, MNN::CPUBackend::Creator*>& registeredCreators() {
    return MNN::creatorMap();
}
const std::vector<int>& refusedCreators() {
    return MNN::refusedList();
}
} // namespace mkb
