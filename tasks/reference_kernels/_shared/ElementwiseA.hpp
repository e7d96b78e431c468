// Shared helpers of the part-A reference kernels (activations, binary/logic, convolution, matrix,
// normalization): thread counts, NCHW scratch copies for ops that compute on plain row-major data,
// and a per-channel elementwise loop that works on NCHW, NHWC and NC4HW4 buffers alike.
#ifndef ElementwiseA_hpp
#define ElementwiseA_hpp

#include <memory>
#include <vector>
#include "backend/cpu/CPUBackend.hpp"
#include "backend/cpu/compute/CommonOptFunction.h"
#include "core/Concurrency.h"
#include "core/Execution.hpp"
#include "core/Macro.h"
#include "core/TensorUtils.hpp"

namespace MNN {
namespace mkba {

inline int threadsFor(Backend* backend, size_t work) {
    const size_t threads = (size_t)static_cast<CPUBackend*>(backend)->threadNumber();
    return (int)ALIMAX((size_t)1, ALIMIN(threads, work));
}

inline MNN_DATA_FORMAT formatOf(const Tensor* t) {
    return TensorUtils::getDescribe(t)->dimensionFormat;
}

// NCHW stand-ins for the NC4HW4 tensors among an op's inputs and outputs. Made in onResize (memory
// acquired and released as DYNAMIC, so it stays valid for the execution, as in MNN); onExecute asks
// for the planar view of each tensor: inputs are copied in, outputs copied back by `finish`.
class PlanarViews {
public:
    // False when out of memory. All copies are acquired before any is released: released at once, the
    // next copy could get the same memory (MNN's allocator reuses a freed chunk), and an output's copy
    // would then overwrite an input's copy while the op computes.
    bool prepare(Backend* backend, const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
        mBackend = backend;
        mInputs.clear();
        mOutputs.clear();
        bool ok = true;
        for (auto t : inputs) mInputs.emplace_back(makeCopy(t, ok));
        for (auto t : outputs) mOutputs.emplace_back(makeCopy(t, ok));
        for (auto& copies : {&mInputs, &mOutputs})
            for (auto& c : *copies)
                if (c) mBackend->onReleaseBuffer(c.get(), Backend::DYNAMIC);
        return ok;
    }
    // Input i in NCHW (copied from its NC4HW4 buffer when needed).
    const Tensor* input(const std::vector<Tensor*>& inputs, size_t i) const {
        if (i < mInputs.size() && mInputs[i]) {
            mBackend->onCopyBuffer(inputs[i], mInputs[i].get());
            return mInputs[i].get();
        }
        return inputs[i];
    }
    Tensor* output(const std::vector<Tensor*>& outputs, size_t i) const {
        return i < mOutputs.size() && mOutputs[i] ? mOutputs[i].get() : outputs[i];
    }
    // Copies the planar outputs back into their NC4HW4 buffers.
    void finish(const std::vector<Tensor*>& outputs) const {
        for (size_t i = 0; i < outputs.size() && i < mOutputs.size(); ++i)
            if (mOutputs[i]) mBackend->onCopyBuffer(mOutputs[i].get(), outputs[i]);
    }

private:
    // An NCHW tensor with t's shape, acquired as DYNAMIC (the caller releases it); nullptr when t is not
    // NC4HW4, or when out of memory (then ok becomes false).
    Tensor* makeCopy(const Tensor* t, bool& ok) const {
        if (formatOf(t) != MNN_DATA_FORMAT_NC4HW4) return nullptr;
        auto copy = new Tensor(t, Tensor::CAFFE, false);
        if (!mBackend->onAcquireBuffer(copy, Backend::DYNAMIC)) {
            delete copy;
            ok = false;
            return nullptr;
        }
        return copy;
    }
    Backend* mBackend = nullptr;
    std::vector<std::unique_ptr<Tensor>> mInputs, mOutputs;
};

// The buffer of a tensor as runs of values sharing one channel (dimension 1): `runs` runs of `length`
// values `step` apart, run r holding channel channelOf(r, lane). NCHW: one run per (batch, channel);
// NC4HW4: per (channel block, batch) `pack` interleaved runs (lanes), pack being the backend's
// functions()->pack (4 on the host, 8 in an AVX2 MNN, 16 with AVX-512); NHWC: channels are innermost.
// NC4HW4 buffers are [C/pack][N][H][W][pack] (MNN's CPU order, the host's too): item = block * N + batch.
struct ChannelRuns {
    int batch = 1, channels = 1, inner = 1, pack = 1;
    MNN_DATA_FORMAT format = MNN_DATA_FORMAT_NCHW;

    ChannelRuns(const Tensor* t, Backend* backend) : format(formatOf(t)) {
        const int dims = t->dimensions();
        batch          = dims > 0 ? t->length(0) : 1;
        channels       = dims > 1 ? t->length(1) : 1;
        for (int i = 2; i < dims; ++i) inner *= t->length(i);
        if (format == MNN_DATA_FORMAT_NC4HW4) pack = static_cast<CPUBackend*>(backend)->functions()->pack;
    }
    // Independent work items (each writes a disjoint part of the buffer).
    int items() const {
        if (format == MNN_DATA_FORMAT_NC4HW4) return batch * UP_DIV(channels, pack);
        if (format == MNN_DATA_FORMAT_NHWC) return batch;
        return batch * channels;
    }
    // NC4HW4 only: the first value of item `item`'s (block, batch) plane (inner positions of `pack` lanes
    // each) and the channel of its lane 0.
    size_t blockOffset(int item) const { return (size_t)item * inner * pack; }
    int blockChannel(int item) const { return item / batch * pack; }
    // f(offset, count, step, channel) for every run of item `item`; channel == -1 marks NC4HW4 padding lanes.
    template <typename F>
    void forItem(int item, F f) const {
        if (format == MNN_DATA_FORMAT_NC4HW4) {
            const size_t base = blockOffset(item);
            const int c0      = blockChannel(item);
            for (int lane = 0; lane < pack; ++lane) {
                const int c = c0 + lane;
                f(base + lane, inner, pack, c < channels ? c : -1);
            }
        } else if (format == MNN_DATA_FORMAT_NHWC) {
            const size_t base = (size_t)item * inner * channels;
            for (int c = 0; c < channels; ++c) f(base + c, inner, channels, c);
        } else {
            f((size_t)item * inner, inner, 1, item % channels);
        }
    }
};

} // namespace mkba
} // namespace MNN

#endif // ElementwiseA_hpp
