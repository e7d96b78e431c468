// Clean-room, MNN-compatible rendering of MNN's schema/default/CaffeOp.fbs: enums, and the tables
// the workbench supports so far (field names, types and defaults as in the schema).
#ifndef MNN_CAFFEOP_GENERATED_H
#define MNN_CAFFEOP_GENERATED_H

#include "Tensor_generated.h"

namespace MNN {

#define MNN_ENUM_PadMode(X)  \
    X(PadMode, CAFFE, 0)     \
    X(PadMode, VALID, 1)     \
    X(PadMode, SAME, 2)
MNN_DEFINE_ENUM(PadMode, int8_t, MNN_ENUM_PadMode)

#define MNN_ENUM_SparseAlgo(X)  \
    X(SparseAlgo, RANDOM, 0)    \
    X(SparseAlgo, SIMD_OC, 1)
MNN_DEFINE_ENUM(SparseAlgo, int8_t, MNN_ENUM_SparseAlgo)

#define MNN_ENUM_ScaleStorageType(X)  \
    X(ScaleStorageType, FP32, 0)      \
    X(ScaleStorageType, FP16, 1)
MNN_DEFINE_ENUM(ScaleStorageType, int8_t, MNN_ENUM_ScaleStorageType)

#define MNN_ENUM_QuantizeAlgo(X)        \
    X(QuantizeAlgo, DEFAULT, 0)         \
    X(QuantizeAlgo, OVERFLOW_AWARE, 1)  \
    X(QuantizeAlgo, WINOGRAD_AWARE, 2)
MNN_DEFINE_ENUM(QuantizeAlgo, int8_t, MNN_ENUM_QuantizeAlgo)

#define MNN_ENUM_PoolType(X)  \
    X(PoolType, MAXPOOL, 0)   \
    X(PoolType, AVEPOOL, 1)
MNN_DEFINE_ENUM(PoolType, int8_t, MNN_ENUM_PoolType)

#define MNN_ENUM_PoolPadType(X)  \
    X(PoolPadType, CAFFE, 0)     \
    X(PoolPadType, VALID, 1)     \
    X(PoolPadType, SAME, 2)
MNN_DEFINE_ENUM(PoolPadType, int8_t, MNN_ENUM_PoolPadType)

#define MNN_ENUM_AvgPoolCountType(X)         \
    X(AvgPoolCountType, DEFAULT, 0)          \
    X(AvgPoolCountType, INCLUDE_PADDING, 1)  \
    X(AvgPoolCountType, EXCLUDE_PADDING, 2)
MNN_DEFINE_ENUM(AvgPoolCountType, int8_t, MNN_ENUM_AvgPoolCountType)

#define MNN_ENUM_EltwiseType(X)  \
    X(EltwiseType, PROD, 0)      \
    X(EltwiseType, SUM, 1)       \
    X(EltwiseType, MAXIMUM, 2)   \
    X(EltwiseType, SUB, 3)
MNN_DEFINE_ENUM(EltwiseType, int8_t, MNN_ENUM_EltwiseType)

#define MNN_ENUM_CoordinateTransformationMode(X)                 \
    X(CoordinateTransformationMode, NotSet, 0)                   \
    X(CoordinateTransformationMode, AlignCorners, 1)             \
    X(CoordinateTransformationMode, HalfPixels, 2)               \
    X(CoordinateTransformationMode, PytorchHalfPixels, 3)        \
    X(CoordinateTransformationMode, Asymmetric, 4)               \
    X(CoordinateTransformationMode, TensorflowHalfPixels, 5)     \
    X(CoordinateTransformationMode, TensorflowCropAndResize, 6)
MNN_DEFINE_ENUM(CoordinateTransformationMode, int8_t, MNN_ENUM_CoordinateTransformationMode)

struct Convolution2DCommon : public flatbuffers::Table {
    using Table::Table;
    int32_t padX() const { return GetField<int32_t>("padX", 0); }
    int32_t padY() const { return GetField<int32_t>("padY", 0); }
    int32_t kernelX() const { return GetField<int32_t>("kernelX", 1); }
    int32_t kernelY() const { return GetField<int32_t>("kernelY", 1); }
    int32_t strideX() const { return GetField<int32_t>("strideX", 1); }
    int32_t strideY() const { return GetField<int32_t>("strideY", 1); }
    int32_t dilateX() const { return GetField<int32_t>("dilateX", 1); }
    int32_t dilateY() const { return GetField<int32_t>("dilateY", 1); }
    PadMode padMode() const { return GetField<PadMode>("padMode", PadMode_CAFFE); }
    int32_t group() const { return GetField<int32_t>("group", 1); }
    int32_t outputCount() const { return GetField<int32_t>("outputCount", 0); }
    int32_t inputCount() const { return GetField<int32_t>("inputCount", 0); }
    bool relu() const { return GetField<bool>("relu", false); }
    bool relu6() const { return GetField<bool>("relu6", false); }
    const flatbuffers::Vector<int32_t>* pads() const { return GetVector<int32_t>("pads"); }
    const flatbuffers::Vector<int32_t>* outPads() const { return GetVector<int32_t>("outPads"); }
    bool hasOutputShape() const { return GetField<bool>("hasOutputShape", false); }
};

// Float convolution only: the quantisation / sparse sub-tables are not supported.
struct Convolution2D : public flatbuffers::Table {
    using Table::Table;
    const Convolution2DCommon* common() const { return GetTable<Convolution2DCommon>("common"); }
    const flatbuffers::Vector<float>* weight() const { return GetVector<float>("weight"); }
    const flatbuffers::Vector<float>* bias() const { return GetVector<float>("bias"); }
    const flatbuffers::Vector<int64_t>* external() const { return GetVector<int64_t>("external"); }
};

struct Pool : public flatbuffers::Table {
    using Table::Table;
    int32_t padX() const { return GetField<int32_t>("padX", 0); }
    int32_t padY() const { return GetField<int32_t>("padY", 0); }
    bool isGlobal() const { return GetField<bool>("isGlobal", false); }
    int32_t kernelX() const { return GetField<int32_t>("kernelX", 0); }
    int32_t kernelY() const { return GetField<int32_t>("kernelY", 0); }
    int32_t strideX() const { return GetField<int32_t>("strideX", 0); }
    int32_t strideY() const { return GetField<int32_t>("strideY", 0); }
    PoolType type() const { return GetField<PoolType>("type", PoolType_MAXPOOL); }
    PoolPadType padType() const { return GetField<PoolPadType>("padType", PoolPadType_CAFFE); }
    DataType dataType() const { return GetField<DataType>("dataType", DataType_DT_FLOAT); }
    bool ceilModel() const { return GetField<bool>("ceilModel", true); }
    const flatbuffers::Vector<int32_t>* pads() const { return GetVector<int32_t>("pads"); }
    AvgPoolCountType countType() const { return GetField<AvgPoolCountType>("countType", AvgPoolCountType_DEFAULT); }
};

// Pooling3D's parameters: per-axis vectors in depth, height, width order.
struct Pool3D : public flatbuffers::Table {
    using Table::Table;
    const flatbuffers::Vector<int32_t>* strides() const { return GetVector<int32_t>("strides"); }
    const flatbuffers::Vector<int32_t>* kernels() const { return GetVector<int32_t>("kernels"); }
    const flatbuffers::Vector<int32_t>* pads() const { return GetVector<int32_t>("pads"); }
    PoolType type() const { return GetField<PoolType>("type", PoolType_MAXPOOL); }
    PoolPadType padType() const { return GetField<PoolPadType>("padType", PoolPadType_CAFFE); }
    bool isGlobal() const { return GetField<bool>("isGlobal", false); }
};

// ROIAlign's parameters (RoiPooling keeps only the first three fields).
struct RoiParameters : public flatbuffers::Table {
    using Table::Table;
    int32_t pooledWidth() const { return GetField<int32_t>("pooledWidth", 0); }
    int32_t pooledHeight() const { return GetField<int32_t>("pooledHeight", 0); }
    float spatialScale() const { return GetField<float>("spatialScale", 0.0f); }
    int32_t samplingRatio() const { return GetField<int32_t>("samplingRatio", -1); }
    bool aligned() const { return GetField<bool>("aligned", false); }
    PoolType poolType() const { return GetField<PoolType>("poolType", PoolType_AVEPOOL); }
    bool outputGrad() const { return GetField<bool>("outputGrad", false); }
};

struct Relu : public flatbuffers::Table {
    using Table::Table;
    float slope() const { return GetField<float>("slope", 0.0f); }
};

struct Relu6 : public flatbuffers::Table {
    using Table::Table;
    float minValue() const { return GetField<float>("minValue", 0.0f); }
    float maxValue() const { return GetField<float>("maxValue", 6.0f); }
};

struct PRelu : public flatbuffers::Table {
    using Table::Table;
    int32_t slopeCount() const { return GetField<int32_t>("slopeCount", 0); }
    const flatbuffers::Vector<float>* slope() const { return GetVector<float>("slope"); }
};

struct ELU : public flatbuffers::Table {
    using Table::Table;
    float alpha() const { return GetField<float>("alpha", 0.0f); }
};

struct ArgMax : public flatbuffers::Table {
    using Table::Table;
    int32_t outMaxVal() const { return GetField<int32_t>("outMaxVal", 0); }
    int32_t topK() const { return GetField<int32_t>("topK", 0); }
    int32_t axis() const { return GetField<int32_t>("axis", 0); }
    int32_t softmaxThreshold() const { return GetField<int32_t>("softmaxThreshold", 0); }
};

struct Axis : public flatbuffers::Table {
    using Table::Table;
    int32_t axis() const { return GetField<int32_t>("axis", 0); }
};

struct Eltwise : public flatbuffers::Table {
    using Table::Table;
    EltwiseType type() const { return GetField<EltwiseType>("type", EltwiseType_PROD); }
    const flatbuffers::Vector<float>* coeff() const { return GetVector<float>("coeff"); }
};

struct Interp : public flatbuffers::Table {
    using Table::Table;
    float widthScale() const { return GetField<float>("widthScale", 0.0f); }
    float heightScale() const { return GetField<float>("heightScale", 0.0f); }
    int32_t outputWidth() const { return GetField<int32_t>("outputWidth", 0); }
    int32_t outputHeight() const { return GetField<int32_t>("outputHeight", 0); }
    int32_t resizeType() const { return GetField<int32_t>("resizeType", 0); }
    bool alignCorners() const { return GetField<bool>("alignCorners", false); }
    bool halfPixelCenters() const { return GetField<bool>("halfPixelCenters", false); }
    float widthOffset() const { return GetField<float>("widthOffset", 0.0f); }
    float heightOffset() const { return GetField<float>("heightOffset", 0.0f); }
    float cubicCoeffA() const { return GetField<float>("cubicCoeffA", -0.75f); }
    CoordinateTransformationMode ctm() const {
        return GetField<CoordinateTransformationMode>("ctm", CoordinateTransformationMode_NotSet);
    }
    float depthScale() const { return GetField<float>("depthScale", 0.0f); }
    int32_t outputDepth() const { return GetField<int32_t>("outputDepth", 0); }
    float depthOffset() const { return GetField<float>("depthOffset", 0.0f); }
};

struct Scale : public flatbuffers::Table {
    using Table::Table;
    int32_t channels() const { return GetField<int32_t>("channels", 0); }
    const flatbuffers::Vector<float>* scaleData() const { return GetVector<float>("scaleData"); }
    const flatbuffers::Vector<float>* biasData() const { return GetVector<float>("biasData"); }
    const flatbuffers::Vector<int64_t>* external() const { return GetVector<int64_t>("external"); }
};

struct Flatten : public flatbuffers::Table {
    using Table::Table;
    int32_t axis() const { return GetField<int32_t>("axis", 0); }
    int32_t endAxis() const { return GetField<int32_t>("endAxis", 0); }
};

struct Permute : public flatbuffers::Table {
    using Table::Table;
    const flatbuffers::Vector<int32_t>* dims() const { return GetVector<int32_t>("dims"); }
};

struct Reshape : public flatbuffers::Table {
    using Table::Table;
    const flatbuffers::Vector<int32_t>* dims() const { return GetVector<int32_t>("dims"); }
    MNN_DATA_FORMAT dimType() const { return GetField<MNN_DATA_FORMAT>("dimType", MNN_DATA_FORMAT_NCHW); }
};

struct Slice : public flatbuffers::Table {
    using Table::Table;
    int32_t axis() const { return GetField<int32_t>("axis", 0); }
    const flatbuffers::Vector<int32_t>* slicePoints() const { return GetVector<int32_t>("slicePoints"); }
    NetSource sourceType() const { return GetField<NetSource>("sourceType", NetSource_CAFFE); }
};

struct Normalize : public flatbuffers::Table {
    using Table::Table;
    int32_t acrossSpatial() const { return GetField<int32_t>("acrossSpatial", 0); }
    int32_t channelShared() const { return GetField<int32_t>("channelShared", 0); }
    float eps() const { return GetField<float>("eps", 0.0f); }
    const flatbuffers::Vector<float>* scale() const { return GetVector<float>("scale"); }
};

struct CumSum : public flatbuffers::Table {
    using Table::Table;
    bool exclusive() const { return GetField<bool>("exclusive", false); }
    bool reverse() const { return GetField<bool>("reverse", false); }
};

} // namespace MNN

#endif // MNN_CAFFEOP_GENERATED_H
