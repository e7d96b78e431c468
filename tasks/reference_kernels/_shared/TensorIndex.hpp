// Shared index math of the Tensor-category reference kernels (data movement, indexing, sorting along
// an axis): axis normalisation, small int inputs, row-major strides, and one strided gather that
// Slice, StridedSlice, Tile and DepthToSpace all reduce to. Data-movement ops compute on row-major
// buffers (NCHW or NHWC as given, like MNN); NC4HW4 tensors go through planar copies (PlanarViews).
#ifndef TensorIndex_hpp
#define TensorIndex_hpp

#include <string.h>
#include <vector>
#include "ElementwiseA.hpp"
#include "ElementwiseB.hpp"

namespace MNN {
namespace mkb {

// axis in [-dims, dims) -> [0, dims); -1 when out of range.
inline int normalizeAxis(int axis, int dims) {
    axis = axis < 0 ? axis + dims : axis;
    return axis >= 0 && axis < dims ? axis : -1;
}

// The values of a small int32 input (axes, shapes, k, ...).
inline std::vector<int> readInts(const Tensor* t) {
    const int32_t* p = t->host<int32_t>();
    return std::vector<int>(p, p + t->elementSize());
}

inline std::vector<size_t> rowMajorStrides(const std::vector<int>& shape) {
    std::vector<size_t> strides(shape.size(), 1);
    for (int d = (int)shape.size() - 2; d >= 0; --d) strides[d] = strides[d + 1] * (size_t)shape[d + 1];
    return strides;
}

// A view of a source buffer as a row-major array of `shape`: element (i0, ..., ik) lives at
// base + sum(i_d * stride[d]) (strides may be 0 to repeat, or negative to walk backwards).
struct StridedView {
    std::vector<int> shape;
    std::vector<ptrdiff_t> stride;
    ptrdiff_t base = 0;

    void push(int extent, ptrdiff_t step) {
        shape.push_back(extent);
        stride.push_back(step);
    }
};

// The positions of an elements-along-an-axis op (GatherElements, ScatterElements): an index tensor of
// `shape` picks, for each of its elements, a data element with the same coordinates except along
// `axis`. The elements sharing one "outer" coordinate (the dims before the axis) form one contiguous
// block of the index tensor and touch one disjoint part of the data, so outer blocks can go to
// different threads even when scattering.
class AxisElements {
public:
    // False when the axis is out of range or the index tensor has another rank than the data.
    bool prepare(const std::vector<int>& indexShape, const std::vector<int>& dataShape, int axis) {
        const int dims = (int)indexShape.size();
        mAxis          = normalizeAxis(axis, dims);
        if (mAxis < 0 || (int)dataShape.size() != dims) {
            return false;
        }
        mShape       = indexShape;
        mDataStrides = rowMajorStrides(dataShape);
        mAxisLength  = dataShape[mAxis];
        mOuter       = 1;
        for (int d = 0; d < mAxis; ++d) mOuter *= (size_t)indexShape[d];
        std::vector<int> innerShape(indexShape.begin() + mAxis + 1, indexShape.end());
        size_t inside = 1;
        for (int n : innerShape) inside *= (size_t)n;
        mInnerOffset.assign(inside, 0);
        for (size_t q = 0; q < inside; ++q) {
            size_t rest = q;
            for (int d = dims - 1; d > mAxis; --d) {
                mInnerOffset[q] += (rest % (size_t)indexShape[d]) * mDataStrides[d];
                rest /= (size_t)indexShape[d];
            }
        }
        return true;
    }
    size_t outer() const { return mOuter; }
    int axisLength() const { return mAxisLength; }
    size_t axisStride() const { return mDataStrides[mAxis]; }
    // f(e, base) for every index element e of outer block o, base being its data offset with the
    // axis coordinate 0 (the caller adds the wrapped index times axisStride()).
    template <typename F>
    void forOuter(size_t o, F f) const {
        size_t base = 0, rest = o;
        for (int d = mAxis - 1; d >= 0; --d) {
            base += (rest % (size_t)mShape[d]) * mDataStrides[d];
            rest /= (size_t)mShape[d];
        }
        const size_t inside = mInnerOffset.size();
        size_t e            = o * (size_t)mShape[mAxis] * inside;
        for (int a = 0; a < mShape[mAxis]; ++a) {
            for (size_t q = 0; q < inside; ++q, ++e) f(e, base + mInnerOffset[q]);
        }
    }
    // An index in [-length, length) as a coordinate; -1 when out of range.
    int wrap(int index) const {
        index = index < 0 ? index + mAxisLength : index;
        return index >= 0 && index < mAxisLength ? index : -1;
    }

private:
    int mAxis = 0, mAxisLength = 1;
    size_t mOuter = 1;
    std::vector<int> mShape;
    std::vector<size_t> mDataStrides, mInnerOffset;
};


// ExecutionB plus the threaded strided gather.
class ExecutionT : public ExecutionB {
public:
    using ExecutionB::ExecutionB;

protected:
    // dst (row-major, view.shape) = the view of src. Rows (the last axis) are dealt to threads in a
    // strided loop; a row whose source is contiguous is one memcpy.
    // gather<T> for the element width of `bytes`: data movement only copies bits, so one instantiation
    // per width serves every dtype of that width (a switch, not a generic lambda: MNN builds C++11).
    bool gatherBytes(int bytes, const void* src, void* dst, const StridedView& view) {
        switch (bytes) {
            case 1: gather((const uint8_t*)src, (uint8_t*)dst, view); return true;
            case 2: gather((const uint16_t*)src, (uint16_t*)dst, view); return true;
            case 4: gather((const uint32_t*)src, (uint32_t*)dst, view); return true;
            default: return false;
        }
    }
    template <typename T>
    void gather(const T* src, T* dst, const StridedView& view) {
        const int dims       = (int)view.shape.size();
        const int inner      = dims > 0 ? view.shape[dims - 1] : 1;
        const ptrdiff_t step = dims > 0 ? view.stride[dims - 1] : 0;
        size_t rows          = 1;
        for (int d = 0; d + 1 < dims; ++d) rows *= (size_t)view.shape[d];
        // Small copies stay on one thread: waking the pool costs more than they do.
        const int threads = threadCount(ALIMIN(rows, rows * (size_t)inner / 4096 + 1));
        MNN_CONCURRENCY_BEGIN(tId, threads) {
            for (size_t r = (size_t)tId; r < rows; r += (size_t)threads) {
                ptrdiff_t offset = view.base;
                size_t rest      = r;
                for (int d = dims - 2; d >= 0; --d) {
                    offset += (ptrdiff_t)(rest % (size_t)view.shape[d]) * view.stride[d];
                    rest /= (size_t)view.shape[d];
                }
                T* out      = dst + r * (size_t)inner;
                const T* in = src + offset;
                if (step == 1) {
                    memcpy(out, in, (size_t)inner * sizeof(T));
                } else {
                    for (int i = 0; i < inner; ++i) out[i] = in[(ptrdiff_t)i * step];
                }
            }
        }
        MNN_CONCURRENCY_END();
    }
};

} // namespace mkb
} // namespace MNN

#endif // TensorIndex_hpp
