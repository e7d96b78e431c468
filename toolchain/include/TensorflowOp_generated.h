// Clean-room, MNN-compatible rendering of MNN's schema/default/TensorflowOp.fbs: enums, and the
// tables the workbench supports so far (field names, types and defaults as in the schema).
#ifndef MNN_TENSORFLOWOP_GENERATED_H
#define MNN_TENSORFLOWOP_GENERATED_H

#include "Tensor_generated.h"

namespace MNN {

#define MNN_ENUM_BinaryOpOperation(X)            \
    X(BinaryOpOperation, ADD, 0)                 \
    X(BinaryOpOperation, SUB, 1)                 \
    X(BinaryOpOperation, MUL, 2)                 \
    X(BinaryOpOperation, DIV, 3)                 \
    X(BinaryOpOperation, MAX_TEMP, 4)            \
    X(BinaryOpOperation, MIN_TEMP, 5)            \
    X(BinaryOpOperation, POW, 6)                 \
    X(BinaryOpOperation, REALDIV, 7)             \
    X(BinaryOpOperation, MINIMUM, 8)             \
    X(BinaryOpOperation, MAXIMUM, 9)             \
    X(BinaryOpOperation, GREATER, 10)            \
    X(BinaryOpOperation, GREATER_EQUAL, 11)      \
    X(BinaryOpOperation, LESS, 12)               \
    X(BinaryOpOperation, FLOORDIV, 13)           \
    X(BinaryOpOperation, SquaredDifference, 14)  \
    X(BinaryOpOperation, EQUAL, 15)              \
    X(BinaryOpOperation, LESS_EQUAL, 16)         \
    X(BinaryOpOperation, FLOORMOD, 17)           \
    X(BinaryOpOperation, MOD, 19)                \
    X(BinaryOpOperation, ATAN2, 20)              \
    X(BinaryOpOperation, LOGICALOR, 21)          \
    X(BinaryOpOperation, NOTEQUAL, 22)           \
    X(BinaryOpOperation, BITWISE_AND, 23)        \
    X(BinaryOpOperation, BITWISE_OR, 24)         \
    X(BinaryOpOperation, BITWISE_XOR, 25)        \
    X(BinaryOpOperation, LOGICALXOR, 26)         \
    X(BinaryOpOperation, LEFTSHIFT, 27)          \
    X(BinaryOpOperation, RIGHTSHIFT, 28)         \
    X(BinaryOpOperation, MUL_SILU, 29)
MNN_DEFINE_ENUM(BinaryOpOperation, int32_t, MNN_ENUM_BinaryOpOperation)

#define MNN_ENUM_ReductionType(X)  \
    X(ReductionType, SUM, 0)       \
    X(ReductionType, ASUM, 1)      \
    X(ReductionType, SUMSQ, 2)     \
    X(ReductionType, MEAN, 3)      \
    X(ReductionType, MAXIMUM, 4)   \
    X(ReductionType, MINIMUM, 5)   \
    X(ReductionType, PROD, 6)      \
    X(ReductionType, ANY, 7)       \
    X(ReductionType, ALL, 8)
MNN_DEFINE_ENUM(ReductionType, int8_t, MNN_ENUM_ReductionType)

#define MNN_ENUM_UnaryOpOperation(X)        \
    X(UnaryOpOperation, ABS, 0)             \
    X(UnaryOpOperation, NEG, 1)             \
    X(UnaryOpOperation, FLOOR, 2)           \
    X(UnaryOpOperation, CEIL, 3)            \
    X(UnaryOpOperation, SQUARE, 4)          \
    X(UnaryOpOperation, SQRT, 5)            \
    X(UnaryOpOperation, RSQRT, 6)           \
    X(UnaryOpOperation, EXP, 7)             \
    X(UnaryOpOperation, LOG, 8)             \
    X(UnaryOpOperation, SIN, 9)             \
    X(UnaryOpOperation, COS, 10)            \
    X(UnaryOpOperation, TAN, 11)            \
    X(UnaryOpOperation, ASIN, 12)           \
    X(UnaryOpOperation, ACOS, 13)           \
    X(UnaryOpOperation, ATAN, 14)           \
    X(UnaryOpOperation, RECIPROCAL, 15)     \
    X(UnaryOpOperation, LOG1P, 16)          \
    X(UnaryOpOperation, BNLL, 17)           \
    X(UnaryOpOperation, ACOSH, 18)          \
    X(UnaryOpOperation, SINH, 19)           \
    X(UnaryOpOperation, ASINH, 20)          \
    X(UnaryOpOperation, ATANH, 21)          \
    X(UnaryOpOperation, SIGN, 22)           \
    X(UnaryOpOperation, ROUND, 23)          \
    X(UnaryOpOperation, COSH, 24)           \
    X(UnaryOpOperation, ERF, 25)            \
    X(UnaryOpOperation, ERFC, 26)           \
    X(UnaryOpOperation, ERFINV, 27)         \
    X(UnaryOpOperation, EXPM1, 28)          \
    X(UnaryOpOperation, SIGMOID, 29)        \
    X(UnaryOpOperation, TANH, 30)           \
    X(UnaryOpOperation, HARDSWISH, 31)      \
    X(UnaryOpOperation, GELU, 32)           \
    X(UnaryOpOperation, GELU_STANDARD, 33)  \
    X(UnaryOpOperation, SILU, 34)
MNN_DEFINE_ENUM(UnaryOpOperation, int32_t, MNN_ENUM_UnaryOpOperation)

#define MNN_ENUM_CropAndResizeMethod(X)  \
    X(CropAndResizeMethod, BILINEAR, 0)  \
    X(CropAndResizeMethod, NEAREST, 1)
MNN_DEFINE_ENUM(CropAndResizeMethod, int8_t, MNN_ENUM_CropAndResizeMethod)

#define MNN_ENUM_DepthToSpaceMode(X)  \
    X(DepthToSpaceMode, DCR, 0)       \
    X(DepthToSpaceMode, CRD, 1)
MNN_DEFINE_ENUM(DepthToSpaceMode, int8_t, MNN_ENUM_DepthToSpaceMode)

#define MNN_ENUM_PadValueMode(X)   \
    X(PadValueMode, CONSTANT, 0)   \
    X(PadValueMode, REFLECT, 1)    \
    X(PadValueMode, SYMMETRIC, 2)  \
    X(PadValueMode, EDGE, 3)
MNN_DEFINE_ENUM(PadValueMode, int8_t, MNN_ENUM_PadValueMode)

struct BinaryOp : public flatbuffers::Table {
    using Table::Table;
    BinaryOpOperation opType() const { return GetField<BinaryOpOperation>("opType", BinaryOpOperation_ADD); }
    DataType T() const { return GetField<DataType>("T", DataType_DT_FLOAT); }
    int32_t activationType() const { return GetField<int32_t>("activationType", 0); }
};

struct CastParam : public flatbuffers::Table {
    using Table::Table;
    DataType srcT() const { return GetField<DataType>("srcT", DataType_DT_INVALID); }
    DataType dstT() const { return GetField<DataType>("dstT", DataType_DT_INVALID); }
};

struct SqueezeParam : public flatbuffers::Table {
    using Table::Table;
    const flatbuffers::Vector<int32_t>* squeezeDims() const { return GetVector<int32_t>("squeezeDims"); }
};

struct ReductionParam : public flatbuffers::Table {
    using Table::Table;
    ReductionType operation() const { return GetField<ReductionType>("operation", ReductionType_SUM); }
    const flatbuffers::Vector<int32_t>* dim() const { return GetVector<int32_t>("dim"); }
    float coeff() const { return GetField<float>("coeff", 0.0f); }
    bool keepDims() const { return GetField<bool>("keepDims", false); }
    DataType dType() const { return GetField<DataType>("dType", DataType_DT_FLOAT); }
};

struct Gather : public flatbuffers::Table {
    using Table::Table;
    DataType Tindices() const { return GetField<DataType>("Tindices", DataType_DT_INVALID); }
    DataType Tparams() const { return GetField<DataType>("Tparams", DataType_DT_INVALID); }
    bool validateIndices() const { return GetField<bool>("validateIndices", false); }
    int32_t axis() const { return GetField<int32_t>("axis", 0); }
};

struct Selu : public flatbuffers::Table {
    using Table::Table;
    float scale() const { return GetField<float>("scale", 0.0f); }
    float alpha() const { return GetField<float>("alpha", 0.0f); }
};

struct UnaryOp : public flatbuffers::Table {
    using Table::Table;
    UnaryOpOperation opType() const { return GetField<UnaryOpOperation>("opType", UnaryOpOperation_ABS); }
    DataType T() const { return GetField<DataType>("T", DataType_DT_INVALID); }
    const flatbuffers::Vector<int8_t>* tableInt8() const { return GetVector<int8_t>("tableInt8"); }
};

struct TopKV2 : public flatbuffers::Table {
    using Table::Table;
    DataType T() const { return GetField<DataType>("T", DataType_DT_FLOAT); }
    bool sorted() const { return GetField<bool>("sorted", false); }
    bool largest() const { return GetField<bool>("largest", true); }
};

struct StridedSliceParam : public flatbuffers::Table {
    using Table::Table;
    DataType Index() const { return GetField<DataType>("Index", DataType_DT_INVALID); }
    DataType T() const { return GetField<DataType>("T", DataType_DT_INVALID); }
    int32_t beginMask() const { return GetField<int32_t>("beginMask", 0); }
    int32_t endMask() const { return GetField<int32_t>("endMask", 0); }
    int32_t ellipsisMask() const { return GetField<int32_t>("ellipsisMask", 0); }
    int32_t newAxisMask() const { return GetField<int32_t>("newAxisMask", 0); }
    int32_t shrinkAxisMask() const { return GetField<int32_t>("shrinkAxisMask", 0); }
    int32_t fromType() const { return GetField<int32_t>("fromType", 0); }
};

struct MatMul : public flatbuffers::Table {
    using Table::Table;
    DataType T() const { return GetField<DataType>("T", DataType_DT_INVALID); }
    bool transposeA() const { return GetField<bool>("transposeA", false); }
    bool transposeB() const { return GetField<bool>("transposeB", false); }
    const flatbuffers::Vector<float>* weight() const { return GetVector<float>("weight"); }
    const flatbuffers::Vector<float>* bias() const { return GetVector<float>("bias"); }
};

struct MomentsParam : public flatbuffers::Table {
    using Table::Table;
    const flatbuffers::Vector<int32_t>* dim() const { return GetVector<int32_t>("dim"); }
    bool keepDims() const { return GetField<bool>("keepDims", true); }
    DataType dType() const { return GetField<DataType>("dType", DataType_DT_FLOAT); }
};

struct DepthSpaceParam : public flatbuffers::Table {
    using Table::Table;
    int32_t blockSize() const { return GetField<int32_t>("blockSize", 0); }
    DepthToSpaceMode mode() const { return GetField<DepthToSpaceMode>("mode", DepthToSpaceMode_DCR); }
};

struct OneHotParam : public flatbuffers::Table {
    using Table::Table;
    DataType dType() const { return GetField<DataType>("dType", DataType_DT_FLOAT); }
    int32_t axis() const { return GetField<int32_t>("axis", -1); }
};

struct PadParam : public flatbuffers::Table {
    using Table::Table;
    PadValueMode mode() const { return GetField<PadValueMode>("mode", PadValueMode_CONSTANT); }
};

struct LayerNorm : public flatbuffers::Table {
    using Table::Table;
    const flatbuffers::Vector<int32_t>* axis() const { return GetVector<int32_t>("axis"); }
    float epsilon() const { return GetField<float>("epsilon", 0.0f); }
    const flatbuffers::Vector<float>* gamma() const { return GetVector<float>("gamma"); }
    const flatbuffers::Vector<float>* beta() const { return GetVector<float>("beta"); }
    int32_t group() const { return GetField<int32_t>("group", 1); }
    const flatbuffers::Vector<int64_t>* external() const { return GetVector<int64_t>("external"); }
    bool useRMSNorm() const { return GetField<bool>("useRMSNorm", false); }
};

struct GroupNorm : public flatbuffers::Table {
    using Table::Table;
    int32_t axis() const { return GetField<int32_t>("axis", 0); }
    float epsilon() const { return GetField<float>("epsilon", 0.0f); }
    const flatbuffers::Vector<float>* gamma() const { return GetVector<float>("gamma"); }
    const flatbuffers::Vector<float>* beta() const { return GetVector<float>("beta"); }
    int32_t group() const { return GetField<int32_t>("group", 1); }
    int32_t bSwish() const { return GetField<int32_t>("bSwish", 0); }
    const flatbuffers::Vector<int64_t>* external() const { return GetVector<int64_t>("external"); }
};

} // namespace MNN

#endif // MNN_TENSORFLOWOP_GENERATED_H
