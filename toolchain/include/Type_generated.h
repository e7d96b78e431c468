// Clean-room, MNN-compatible rendering of MNN's schema/default/Type.fbs (enum names and values).
#ifndef MNN_TYPE_GENERATED_H
#define MNN_TYPE_GENERATED_H

#include "flatbuffers/flatbuffers.h"

namespace MNN {

#define MNN_ENUM_NetSource(X)    \
    X(NetSource, CAFFE, 0)       \
    X(NetSource, TENSORFLOW, 1)  \
    X(NetSource, TFLITE, 2)      \
    X(NetSource, ONNX, 3)        \
    X(NetSource, TORCH, 4)
MNN_DEFINE_ENUM(NetSource, int8_t, MNN_ENUM_NetSource)

#define MNN_ENUM_DataType(X)        \
    X(DataType, DT_INVALID, 0)      \
    X(DataType, DT_FLOAT, 1)        \
    X(DataType, DT_DOUBLE, 2)       \
    X(DataType, DT_INT32, 3)        \
    X(DataType, DT_UINT8, 4)        \
    X(DataType, DT_INT16, 5)        \
    X(DataType, DT_INT8, 6)         \
    X(DataType, DT_STRING, 7)       \
    X(DataType, DT_COMPLEX64, 8)    \
    X(DataType, DT_INT64, 9)        \
    X(DataType, DT_BOOL, 10)        \
    X(DataType, DT_QINT8, 11)       \
    X(DataType, DT_QUINT8, 12)      \
    X(DataType, DT_QINT32, 13)      \
    X(DataType, DT_BFLOAT16, 14)    \
    X(DataType, DT_QINT16, 15)      \
    X(DataType, DT_QUINT16, 16)     \
    X(DataType, DT_UINT16, 17)      \
    X(DataType, DT_COMPLEX128, 18)  \
    X(DataType, DT_HALF, 19)        \
    X(DataType, DT_RESOURCE, 20)    \
    X(DataType, DT_VARIANT, 21)
MNN_DEFINE_ENUM(DataType, int32_t, MNN_ENUM_DataType)
} // namespace MNN

#endif // MNN_TYPE_GENERATED_H
