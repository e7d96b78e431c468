// Clean-room, MNN-compatible rendering of MNN's schema/default/UserDefine.fbs.
#ifndef MNN_USERDEFINE_GENERATED_H
#define MNN_USERDEFINE_GENERATED_H

#include "Tensor_generated.h"

namespace MNN {

#define MNN_ENUM_SampleMode(X)  \
    X(SampleMode, BILINEAR, 0)  \
    X(SampleMode, NEAREST, 1)
MNN_DEFINE_ENUM(SampleMode, int8_t, MNN_ENUM_SampleMode)

#define MNN_ENUM_BorderMode(X)    \
    X(BorderMode, ZEROS, 0)       \
    X(BorderMode, CLAMP, 1)       \
    X(BorderMode, REFLECTION, 2)  \
    X(BorderMode, CUBE, 3)
MNN_DEFINE_ENUM(BorderMode, int8_t, MNN_ENUM_BorderMode)

#define MNN_ENUM_ImageFormatType(X)   \
    X(ImageFormatType, RGBA, 0)       \
    X(ImageFormatType, RGB, 1)        \
    X(ImageFormatType, BGR, 2)        \
    X(ImageFormatType, GRAY, 3)       \
    X(ImageFormatType, BGRA, 4)       \
    X(ImageFormatType, YCrCb, 5)      \
    X(ImageFormatType, YUV, 6)        \
    X(ImageFormatType, HSV, 7)        \
    X(ImageFormatType, XYZ, 8)        \
    X(ImageFormatType, BGR555, 9)     \
    X(ImageFormatType, BGR565, 10)    \
    X(ImageFormatType, YUV_NV21, 11)  \
    X(ImageFormatType, YUV_NV12, 12)  \
    X(ImageFormatType, YUV_I420, 13)  \
    X(ImageFormatType, HSV_FULL, 14)
MNN_DEFINE_ENUM(ImageFormatType, int32_t, MNN_ENUM_ImageFormatType)

#define MNN_ENUM_FilterType(X)  \
    X(FilterType, NEAREST, 0)   \
    X(FilterType, BILINEAR, 1)  \
    X(FilterType, BICUBIC, 2)
MNN_DEFINE_ENUM(FilterType, int8_t, MNN_ENUM_FilterType)

#define MNN_ENUM_WrapType(X)       \
    X(WrapType, CLAMP_TO_EDGE, 0)  \
    X(WrapType, ZERO, 1)           \
    X(WrapType, REPEAT, 2)
MNN_DEFINE_ENUM(WrapType, int8_t, MNN_ENUM_WrapType)

struct TensorConvertInfo : public flatbuffers::Table {
    using Table::Table;
    MNN_DATA_FORMAT source() const { return GetField<MNN_DATA_FORMAT>("source", MNN_DATA_FORMAT_NCHW); }
    MNN_DATA_FORMAT dest() const { return GetField<MNN_DATA_FORMAT>("dest", MNN_DATA_FORMAT_NCHW); }
};

struct GridSample : public flatbuffers::Table {
    using Table::Table;
    SampleMode mode() const { return GetField<SampleMode>("mode", SampleMode_BILINEAR); }
    BorderMode paddingMode() const { return GetField<BorderMode>("paddingMode", BorderMode_ZEROS); }
    bool alignCorners() const { return GetField<bool>("alignCorners", false); }
    bool backward() const { return GetField<bool>("backward", false); }
};

} // namespace MNN

#endif // MNN_USERDEFINE_GENERATED_H
