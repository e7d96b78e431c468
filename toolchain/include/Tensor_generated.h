// Clean-room, MNN-compatible rendering of MNN's schema/default/Tensor.fbs.
#ifndef MNN_TENSOR_GENERATED_H
#define MNN_TENSOR_GENERATED_H

#include "Type_generated.h"

namespace MNN {

#define MNN_ENUM_MNN_DATA_FORMAT(X)  \
    X(MNN_DATA_FORMAT, NCHW, 0)      \
    X(MNN_DATA_FORMAT, NHWC, 1)      \
    X(MNN_DATA_FORMAT, NC4HW4, 2)    \
    X(MNN_DATA_FORMAT, NHWC4, 3)     \
    X(MNN_DATA_FORMAT, UNKNOWN, 4)
MNN_DEFINE_ENUM(MNN_DATA_FORMAT, int8_t, MNN_ENUM_MNN_DATA_FORMAT)

// A constant tensor: shape, layout, type and the data in the vector matching dataType.
struct Blob : public flatbuffers::Table {
    using Table::Table;
    const flatbuffers::Vector<int32_t>* dims() const { return GetVector<int32_t>("dims"); }
    MNN_DATA_FORMAT dataFormat() const { return GetField<MNN_DATA_FORMAT>("dataFormat", MNN_DATA_FORMAT_NCHW); }
    DataType dataType() const { return GetField<DataType>("dataType", DataType_DT_FLOAT); }
    const flatbuffers::Vector<uint8_t>* uint8s() const { return GetVector<uint8_t>("uint8s"); }
    const flatbuffers::Vector<int8_t>* int8s() const { return GetVector<int8_t>("int8s"); }
    const flatbuffers::Vector<int32_t>* int32s() const { return GetVector<int32_t>("int32s"); }
    const flatbuffers::Vector<int64_t>* int64s() const { return GetVector<int64_t>("int64s"); }
    const flatbuffers::Vector<float>* float32s() const { return GetVector<float>("float32s"); }
    const flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>* strings() const { return GetStringVector("strings"); }
    const flatbuffers::Vector<int64_t>* external() const { return GetVector<int64_t>("external"); }
};

} // namespace MNN

#endif // MNN_TENSOR_GENERATED_H
