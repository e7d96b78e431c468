// Clean-room, MNN-compatible tensor internals: the layout of a tensor's memory
// (TensorUtils::getDescribe(t)->dimensionFormat) and a few shape helpers.
#ifndef TensorUtils_hpp
#define TensorUtils_hpp

#include <MNN/Tensor.hpp>
#include "core/Backend.hpp"
#include "Tensor_generated.h"

#define MNN_MAX_TENSOR_DIM 9

namespace MNN {

struct Tensor::InsideDescribe {
    struct NativeInsideDescribe {
        // NCHW, NHWC or NC4HW4 (channels in blocks of 4, MNN's CPU order: [ceil(C/4)][N][H][W][4], zero padded).
        MNN_DATA_FORMAT dimensionFormat = MNN_DATA_FORMAT_NC4HW4;
        halide_dimension_t dims[MNN_MAX_TENSOR_DIM];
    };
    // host-only: MNN keeps a shared_ptr `mContent`; reach it with TensorUtils::getDescribe.
    NativeInsideDescribe content;
    // host-only: host memory allocated by the Tensor itself.
    bool ownsHost = false;
};

class MNN_PUBLIC TensorUtils {
public:
    static Tensor::InsideDescribe::NativeInsideDescribe* getDescribe(const Tensor* tensor) {
        return &tensor->mDescribe->content;
    }
    // As MNN: copies extents and strides as they are (and the layout when copyFormat, the type when
    // copyRef); dimensions below 4 then read length 1. Call setLinearLayout for dest's own strides.
    static void copyShape(const Tensor* source, Tensor* dest, bool copyFormat = false, bool copyRef = false);
    // Sets the extents, then recomputes strides.
    static void setShape(Tensor* dest, const std::vector<int>& alldims);
    // Strides for a dense row-major buffer; NC4HW4 rounds dim 1 up to 4. As in MNN, an NC4HW4 tensor's
    // strides do not describe its packed buffer: index it as [UP_DIV(C,pack)][N][H][W][pack].
    static void setLinearLayout(Tensor* tensor);
    // Channel block of NC4HW4 tensors (always 4 here).
    static int getTensorChannelPack(const Tensor* /*tensor*/) { return 4; }
};

} // namespace MNN

#endif // TensorUtils_hpp
