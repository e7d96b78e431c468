// The output is walked as rows of its last dimension; each input contributes either a contiguous
// row (step 1) or one broadcast value (step 0). Row starts are precomputed in onResize from the
// numpy-broadcast strides, so onExecute is a flat loop over rows split over the threads.
#include "CPUBinary.hpp"

#include <math.h>
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

// Scalar row loop; the Vec4 variant below covers the common all-contiguous float case.
template <typename In, typename Out, typename F>
static void rowLoop(void* out, const void* a, const void* b, int count, int aStep, int bStep) {
    const In* x = (const In*)a;
    const In* y = (const In*)b;
    Out* z      = (Out*)out;
    F f;
    for (int i = 0; i < count; ++i) z[i] = f(x[i * aStep], y[i * bStep]);
}

template <typename F, typename VF>
static void rowLoopFloat(void* out, const void* a, const void* b, int count, int aStep, int bStep) {
    const float* x = (const float*)a;
    const float* y = (const float*)b;
    float* z       = (float*)out;
    int i          = 0;
    VF vf;
    if (aStep == 1 && bStep == 1) {
        for (; i + 4 <= count; i += 4) Vec4::save(z + i, vf(Vec4::load(x + i), Vec4::load(y + i)));
    } else if (aStep == 1) {
        const Vec4 yv(y[0]);
        for (; i + 4 <= count; i += 4) Vec4::save(z + i, vf(Vec4::load(x + i), yv));
    } else if (bStep == 1) {
        const Vec4 xv(x[0]);
        for (; i + 4 <= count; i += 4) Vec4::save(z + i, vf(xv, Vec4::load(y + i)));
    }
    F f;
    for (; i < count; ++i) z[i] = f(x[i * aStep], y[i * bStep]);
}

struct Add { template <typename T> T operator()(T a, T b) const { return a + b; } };
struct Sub { template <typename T> T operator()(T a, T b) const { return a - b; } };
struct Mul { template <typename T> T operator()(T a, T b) const { return a * b; } };
struct Max { template <typename T> T operator()(T a, T b) const { return a > b ? a : b; } };
struct Min { template <typename T> T operator()(T a, T b) const { return a < b ? a : b; } };
struct SquaredDiff { template <typename T> T operator()(T a, T b) const { return (a - b) * (a - b); } };
struct Div { float operator()(float a, float b) const { return a / b; } };
struct Pow { float operator()(float a, float b) const { return powf(a, b); } };
struct Atan2 { float operator()(float a, float b) const { return atan2f(a, b); } };
struct FloorDiv { float operator()(float a, float b) const { return floorf(a / b); } };
// Python-style modulo: the result takes the divisor's sign.
struct FloorMod { float operator()(float a, float b) const { return a - floorf(a / b) * b; } };
struct VAdd { Vec4 operator()(const Vec4& a, const Vec4& b) const { return a + b; } };
struct VSub { Vec4 operator()(const Vec4& a, const Vec4& b) const { return a - b; } };
struct VMul { Vec4 operator()(const Vec4& a, const Vec4& b) const { return a * b; } };
struct VMax { Vec4 operator()(const Vec4& a, const Vec4& b) const { return Vec4::max(a, b); } };
struct VMin { Vec4 operator()(const Vec4& a, const Vec4& b) const { return Vec4::min(a, b); } };
struct VSquaredDiff { Vec4 operator()(const Vec4& a, const Vec4& b) const { return (a - b) * (a - b); } };
// Integer-only operations; MNN carries ONNX bool tensors as int32 0 / 1, so logical ops test != 0.
struct BitAnd { int32_t operator()(int32_t a, int32_t b) const { return a & b; } };
struct BitOr { int32_t operator()(int32_t a, int32_t b) const { return a | b; } };
struct BitXor { int32_t operator()(int32_t a, int32_t b) const { return a ^ b; } };
struct LogicalOr { int32_t operator()(int32_t a, int32_t b) const { return (a != 0) || (b != 0); } };
struct LogicalXor { int32_t operator()(int32_t a, int32_t b) const { return (a != 0) != (b != 0); } };
struct Greater { template <typename T> int32_t operator()(T a, T b) const { return a > b; } };
struct GreaterEqual { template <typename T> int32_t operator()(T a, T b) const { return a >= b; } };
struct Less { template <typename T> int32_t operator()(T a, T b) const { return a < b; } };
struct LessEqual { template <typename T> int32_t operator()(T a, T b) const { return a <= b; } };
struct Equal { template <typename T> int32_t operator()(T a, T b) const { return a == b; } };
struct NotEqual { template <typename T> int32_t operator()(T a, T b) const { return a != b; } };

static CPUBinary::RowFunction selectFloat(int op) {
    switch (op) {
        case BinaryOpOperation_ADD: return rowLoopFloat<Add, VAdd>;
        case BinaryOpOperation_SUB: return rowLoopFloat<Sub, VSub>;
        case BinaryOpOperation_MUL: return rowLoopFloat<Mul, VMul>;
        case BinaryOpOperation_MAXIMUM:
        case BinaryOpOperation_MAX_TEMP: return rowLoopFloat<Max, VMax>;
        case BinaryOpOperation_MINIMUM:
        case BinaryOpOperation_MIN_TEMP: return rowLoopFloat<Min, VMin>;
        case BinaryOpOperation_SquaredDifference: return rowLoopFloat<SquaredDiff, VSquaredDiff>;
        case BinaryOpOperation_DIV:
        case BinaryOpOperation_REALDIV: return rowLoop<float, float, Div>;
        case BinaryOpOperation_POW: return rowLoop<float, float, Pow>;
        case BinaryOpOperation_ATAN2: return rowLoop<float, float, Atan2>;
        case BinaryOpOperation_FLOORDIV: return rowLoop<float, float, FloorDiv>;
        case BinaryOpOperation_FLOORMOD: return rowLoop<float, float, FloorMod>;
        default: return nullptr;
    }
}

template <typename T>
static CPUBinary::RowFunction selectCompare(int op) {
    switch (op) {
        case BinaryOpOperation_GREATER: return rowLoop<T, int32_t, Greater>;
        case BinaryOpOperation_GREATER_EQUAL: return rowLoop<T, int32_t, GreaterEqual>;
        case BinaryOpOperation_LESS: return rowLoop<T, int32_t, Less>;
        case BinaryOpOperation_LESS_EQUAL: return rowLoop<T, int32_t, LessEqual>;
        case BinaryOpOperation_EQUAL: return rowLoop<T, int32_t, Equal>;
        case BinaryOpOperation_NOTEQUAL: return rowLoop<T, int32_t, NotEqual>;
        default: return nullptr;
    }
}

static CPUBinary::RowFunction selectInt(int op) {
    switch (op) {
        case BinaryOpOperation_ADD: return rowLoop<int32_t, int32_t, Add>;
        case BinaryOpOperation_SUB: return rowLoop<int32_t, int32_t, Sub>;
        case BinaryOpOperation_MUL: return rowLoop<int32_t, int32_t, Mul>;
        case BinaryOpOperation_MAXIMUM:
        case BinaryOpOperation_MAX_TEMP: return rowLoop<int32_t, int32_t, Max>;
        case BinaryOpOperation_MINIMUM:
        case BinaryOpOperation_MIN_TEMP: return rowLoop<int32_t, int32_t, Min>;
        case BinaryOpOperation_SquaredDifference: return rowLoop<int32_t, int32_t, SquaredDiff>;
        case BinaryOpOperation_BITWISE_AND: return rowLoop<int32_t, int32_t, BitAnd>;
        case BinaryOpOperation_BITWISE_OR: return rowLoop<int32_t, int32_t, BitOr>;
        case BinaryOpOperation_BITWISE_XOR: return rowLoop<int32_t, int32_t, BitXor>;
        case BinaryOpOperation_LOGICALOR: return rowLoop<int32_t, int32_t, LogicalOr>;
        case BinaryOpOperation_LOGICALXOR: return rowLoop<int32_t, int32_t, LogicalXor>;
        default: return nullptr;
    }
}

ErrorCode CPUBinary::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    if (inputs.size() != 2) {
        return INVALID_VALUE;
    }
    const bool isFloat  = inputs[0]->getType() == halide_type_of<float>();
    const bool isInt    = inputs[0]->getType() == halide_type_of<int32_t>();
    const bool outFloat = outputs[0]->getType() == halide_type_of<float>();
    if (inputs[1]->getType() != inputs[0]->getType()) {
        return NOT_SUPPORT;
    }
    mRow = selectCompare<float>(mOpType);
    if (isInt) {
        mRow = mRow ? selectCompare<int32_t>(mOpType) : selectInt(mOpType);
    } else if (!mRow) {
        mRow = isFloat ? selectFloat(mOpType) : nullptr;
    }
    if (!mRow || (mActivation != 0 && !outFloat)) {
        return NOT_SUPPORT;
    }

    Tensor* io[3] = {inputs[0], inputs[1], outputs[0]};
    for (int i = 0; i < 3; ++i) {
        mPlanar[i].reset();
        if (TensorUtils::getDescribe(io[i])->dimensionFormat == MNN_DATA_FORMAT_NC4HW4) {
            mPlanar[i].reset(planarCopy(backend(), io[i]));
            if (!mPlanar[i]) {
                return OUT_OF_MEMORY;
            }
        }
    }
    // Broadcast strides of each input against the output shape (right-aligned, 0 where size 1).
    auto output    = outputs[0];
    const int dims = output->dimensions();
    std::vector<size_t> strides[2];
    for (int k = 0; k < 2; ++k) {
        auto input = inputs[k];
        strides[k].assign(dims, 0);
        size_t stride = 1;
        for (int d = input->dimensions() - 1, o = dims - 1; d >= 0; --d, --o) {
            const int len = input->length(d);
            if (o < 0 || (len != 1 && len != output->length(o))) {
                return INVALID_VALUE;
            }
            strides[k][o] = len == 1 ? 0 : stride;
            stride *= len;
        }
    }
    mInner = dims > 0 ? output->length(dims - 1) : 1;
    mAStep = dims > 0 ? (int)strides[0][dims - 1] : 0;
    mBStep = dims > 0 ? (int)strides[1][dims - 1] : 0;
    mRows  = mInner > 0 ? output->elementSize() / mInner : 0;
    if (mPlanar[2]) {
        mRows = 1;
        for (int d = 0; d + 1 < dims; ++d) mRows *= output->length(d);
    }
    mAOffsets.resize(mRows);
    mBOffsets.resize(mRows);
    for (int r = 0; r < mRows; ++r) {
        size_t a = 0, b = 0;
        for (int d = dims - 2, rest = r; d >= 0; --d) {
            const int index = rest % output->length(d);
            rest /= output->length(d);
            a += index * strides[0][d];
            b += index * strides[1][d];
        }
        mAOffsets[r] = a;
        mBOffsets[r] = b;
    }
    return NO_ERROR;
}

ErrorCode CPUBinary::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    Tensor* io[3] = {inputs[0], inputs[1], outputs[0]};
    for (int i = 0; i < 2; ++i) {
        if (mPlanar[i]) {
            backend()->onCopyBuffer(io[i], mPlanar[i].get());
            io[i] = mPlanar[i].get();
        }
    }
    if (mPlanar[2]) {
        io[2] = mPlanar[2].get();
    }
    const int bytes   = io[0]->getType().bytes();
    const int obytes  = io[2]->getType().bytes();
    const uint8_t* a  = io[0]->host<uint8_t>();
    const uint8_t* b  = io[1]->host<uint8_t>();
    uint8_t* out      = io[2]->host<uint8_t>();
    const int rows    = mRows, inner = mInner;
    const int threads = ALIMAX(1, ALIMIN(static_cast<CPUBackend*>(backend())->threadNumber(), rows));
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        for (int r = tId; r < rows; r += threads) {
            void* dst = out + (size_t)r * inner * obytes;
            mRow(dst, a + mAOffsets[r] * bytes, b + mBOffsets[r] * bytes, inner, mAStep, mBStep);
            if (mActivation == 1) { // fused ReLU
                float* y = (float*)dst;
                for (int i = 0; i < inner; ++i) y[i] = ALIMAX(y[i], 0.0f);
            }
        }
    }
    MNN_CONCURRENCY_END();
    if (mPlanar[2]) {
        backend()->onCopyBuffer(mPlanar[2].get(), outputs[0]);
    }
    return NO_ERROR;
}

class CPUBinaryCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_BinaryOp();
        if (!param) {
            return nullptr;
        }
        return new CPUBinary(backend, param->opType(), param->activationType());
    }
};

REGISTER_CPU_OP_CREATOR(CPUBinaryCreator, OpType_BinaryOp);
} // namespace MNN
