// C[b] = op(A[b]) x op(B[b]) (+ bias), work split over (batch, row of C). Without transposeB a row
// of C accumulates rows of B scaled by A's elements (Vec4 over N); with transposeB each element is
// a dot product of contiguous rows (Vec4 over K).
#include "CPUMatMul.hpp"

#include <string.h>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Concurrency.h"
#include "core/Macro.h"
#include "core/TensorUtils.hpp"
#include "math/Vec.hpp"

namespace MNN {
using Vec4 = Math::Vec<float, 4>;

static Tensor* planarCopy(Backend* backend, const Tensor* t) {
    auto copy = new Tensor(t, Tensor::CAFFE, false);
    if (!backend->onAcquireBuffer(copy, Backend::DYNAMIC)) {
        delete copy;
        return nullptr;
    }
    backend->onReleaseBuffer(copy, Backend::DYNAMIC);
    return copy;
}

ErrorCode CPUMatMul::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto A = inputs[0], B = inputs[1], C = outputs[0];
    if (A->getType() != halide_type_of<float>() || B->getType() != halide_type_of<float>() || A->dimensions() < 1 ||
        B->dimensions() < 1) {
        return NOT_SUPPORT;
    }
    // As numpy's matmul: a 1-D A is one row, a 1-D B one column, and C lacks that dimension.
    std::vector<int> aShape = A->shape(), bShape = B->shape();
    if (aShape.size() == 1) aShape.insert(aShape.begin(), 1);
    if (bShape.size() == 1) bShape.push_back(1);
    const int da = (int)aShape.size(), db = (int)bShape.size();
    mM           = mTransposeA ? aShape[da - 1] : aShape[da - 2];
    mK           = mTransposeA ? aShape[da - 2] : aShape[da - 1];
    const int kB = mTransposeB ? bShape[db - 1] : bShape[db - 2];
    mN           = mTransposeB ? bShape[db - 2] : bShape[db - 1];
    // C's batch dimensions: A's and B's broadcast against each other, right-aligned.
    const int rank = ALIMAX(da, db) - 2;
    std::vector<int> batchShape(rank);
    int batch = 1;
    for (int o = rank - 1, ia = da - 3, ib = db - 3; o >= 0; --o, --ia, --ib) {
        const int la = ia >= 0 ? aShape[ia] : 1, lb = ib >= 0 ? bShape[ib] : 1;
        if (la != lb && la != 1 && lb != 1) {
            return INVALID_VALUE;
        }
        batchShape[o] = ALIMAX(la, lb);
        batch *= batchShape[o];
    }
    if (kB != mK || C->elementSize() != batch * mM * mN) {
        return INVALID_VALUE;
    }
    if (inputs.size() > 2 && inputs[2]->elementSize() != mN) {
        return INVALID_VALUE;
    }
    // Batch index of A / B for every batch of C.
    mABatch.assign(batch, 0);
    mBBatch.assign(batch, 0);
    for (int b = 0; b < batch; ++b) {
        int rest = b, strideA = 1, strideB = 1;
        for (int o = rank - 1, ia = da - 3, ib = db - 3; o >= 0; --o, --ia, --ib) {
            const int index = rest % batchShape[o];
            rest /= batchShape[o];
            if (ia >= 0) {
                if (aShape[ia] != 1) mABatch[b] += index * strideA;
                strideA *= aShape[ia];
            }
            if (ib >= 0) {
                if (bShape[ib] != 1) mBBatch[b] += index * strideB;
                strideB *= bShape[ib];
            }
        }
    }
    Tensor* io[4] = {A, B, C, inputs.size() > 2 ? inputs[2] : nullptr};
    for (int i = 0; i < 4; ++i) {
        mPlanar[i].reset();
        if (io[i] && TensorUtils::getDescribe(io[i])->dimensionFormat == MNN_DATA_FORMAT_NC4HW4) {
            mPlanar[i].reset(planarCopy(backend(), io[i]));
            if (!mPlanar[i]) return OUT_OF_MEMORY;
        }
    }
    return NO_ERROR;
}

ErrorCode CPUMatMul::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    Tensor* io[4] = {inputs[0], inputs[1], outputs[0], inputs.size() > 2 ? inputs[2] : nullptr};
    for (int i : {0, 1, 3}) {
        if (mPlanar[i]) {
            backend()->onCopyBuffer(io[i], mPlanar[i].get());
            io[i] = mPlanar[i].get();
        }
    }
    if (mPlanar[2]) io[2] = mPlanar[2].get();
    const float* a    = io[0]->host<float>();
    const float* b    = io[1]->host<float>();
    float* c          = io[2]->host<float>();
    const float* bias = io[3] ? io[3]->host<float>() : nullptr;
    const int M = mM, K = mK, N = mN;
    const bool ta = mTransposeA, tb = mTransposeB;
    const int items   = (int)mABatch.size() * M;
    const int threads = ALIMAX(1, ALIMIN(static_cast<CPUBackend*>(backend())->threadNumber(), items));
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        for (int item = tId; item < items; item += threads) {
            const int batch = item / M, i = item % M;
            const float* A  = a + (size_t)mABatch[batch] * M * K;
            const float* B  = b + (size_t)mBBatch[batch] * K * N;
            float* row      = c + ((size_t)batch * M + i) * N;
            // A(i, k)
            auto aAt = [&](int k) { return ta ? A[(size_t)k * M + i] : A[(size_t)i * K + k]; };
            if (tb) {
                const float* ai = ta ? nullptr : A + (size_t)i * K;
                for (int j = 0; j < N; ++j) {
                    const float* bj = B + (size_t)j * K;
                    float sum       = 0.0f;
                    int k           = 0;
                    if (ai) {
                        Vec4 acc(0.0f);
                        for (; k + 4 <= K; k += 4) acc = acc + Vec4::load(ai + k) * Vec4::load(bj + k);
                        sum = acc[0] + acc[1] + acc[2] + acc[3];
                    }
                    for (; k < K; ++k) sum += aAt(k) * bj[k];
                    row[j] = sum;
                }
            } else {
                memset(row, 0, N * sizeof(float));
                for (int k = 0; k < K; ++k) {
                    const float aik = aAt(k);
                    const Vec4 s(aik);
                    const float* bk = B + (size_t)k * N;
                    int j           = 0;
                    for (; j + 4 <= N; j += 4) Vec4::save(row + j, Vec4::fma(Vec4::load(row + j), s, Vec4::load(bk + j)));
                    for (; j < N; ++j) row[j] += aik * bk[j];
                }
            }
            if (bias) {
                for (int j = 0; j < N; ++j) row[j] += bias[j];
            }
        }
    }
    MNN_CONCURRENCY_END();
    if (mPlanar[2]) {
        backend()->onCopyBuffer(mPlanar[2].get(), outputs[0]);
    }
    return NO_ERROR;
}

class CPUMatMulCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_MatMul();
        return new CPUMatMul(backend, param && param->transposeA(), param && param->transposeB());
    }
};

REGISTER_CPU_OP_CREATOR(CPUMatMulCreator, OpType_MatMul);
} // namespace MNN
