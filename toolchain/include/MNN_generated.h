// Clean-room, MNN-compatible rendering of MNN's schema/default/MNN.fbs: OpType and OpParameter
// with MNN's numeric values, and the Op table. An Op is a view of the op object from MNN's
// converter JSON dump ({"type": <OpType name>, "main_type": <OpParameter name>, "main": {...},
// "name": ...}).
#ifndef MNN_GENERATED_H
#define MNN_GENERATED_H

#include "CaffeOp_generated.h"
#include "TensorflowOp_generated.h"
#include "TFQuantizeOp_generated.h"
#include "UserDefine_generated.h"

namespace MNN {

#define MNN_ENUM_OpType(X)                   \
    X(OpType, AbsVal, 0)                     \
    X(OpType, QuantizedAdd, 1)               \
    X(OpType, ArgMax, 2)                     \
    X(OpType, AsString, 3)                   \
    X(OpType, InstanceNorm, 4)               \
    X(OpType, BatchToSpaceND, 5)             \
    X(OpType, Copy, 6)                       \
    X(OpType, BinaryOp, 7)                   \
    X(OpType, Bnll, 8)                       \
    X(OpType, Cast, 9)                       \
    X(OpType, Concat, 10)                    \
    X(OpType, Const, 11)                     \
    X(OpType, Convolution, 12)               \
    X(OpType, ConvolutionDepthwise, 13)      \
    X(OpType, Crop, 14)                      \
    X(OpType, CropAndResize, 15)             \
    X(OpType, ImageProcess, 16)              \
    X(OpType, Deconvolution, 17)             \
    X(OpType, DeconvolutionDepthwise, 18)    \
    X(OpType, Dequantize, 19)                \
    X(OpType, DetectionOutput, 20)           \
    X(OpType, Dropout, 21)                   \
    X(OpType, Eltwise, 22)                   \
    X(OpType, ELU, 23)                       \
    X(OpType, Unique, 24)                    \
    X(OpType, Exp, 25)                       \
    X(OpType, ExpandDims, 26)                \
    X(OpType, Fill, 27)                      \
    X(OpType, Flatten, 28)                   \
    X(OpType, Im2Col, 29)                    \
    X(OpType, Gather, 30)                    \
    X(OpType, GatherV2, 31)                  \
    X(OpType, Im2Seq, 32)                    \
    X(OpType, InnerProduct, 33)              \
    X(OpType, Input, 34)                     \
    X(OpType, Interp, 35)                    \
    X(OpType, Log, 36)                       \
    X(OpType, LRN, 37)                       \
    X(OpType, LSTM, 38)                      \
    X(OpType, MatMul, 39)                    \
    X(OpType, MoE, 40)                       \
    X(OpType, NonMaxSuppression, 41)         \
    X(OpType, NonMaxSuppressionV2, 42)       \
    X(OpType, Normalize, 43)                 \
    X(OpType, Pack, 44)                      \
    X(OpType, Padding, 45)                   \
    X(OpType, Permute, 46)                   \
    X(OpType, Pooling, 47)                   \
    X(OpType, Power, 48)                     \
    X(OpType, PReLU, 49)                     \
    X(OpType, PriorBox, 50)                  \
    X(OpType, Proposal, 51)                  \
    X(OpType, QuantizedAvgPool, 52)          \
    X(OpType, QuantizedBiasAdd, 53)          \
    X(OpType, QuantizedConcat, 54)           \
    X(OpType, QuantizedDepthwiseConv2D, 55)  \
    X(OpType, QuantizedLogistic, 56)         \
    X(OpType, RasterAndInterpolate, 57)      \
    X(OpType, QuantizedMaxPool, 58)          \
    X(OpType, Texture, 59)                   \
    X(OpType, RasterDiff, 60)                \
    X(OpType, QuantizedReshape, 61)          \
    X(OpType, QuantizedSoftmax, 62)          \
    X(OpType, QuantizeMaxMin, 63)            \
    X(OpType, QuantizeV2, 64)                \
    X(OpType, Range, 65)                     \
    X(OpType, Rank, 66)                      \
    X(OpType, ReduceJoin, 67)                \
    X(OpType, Reduction, 68)                 \
    X(OpType, ReLU, 69)                      \
    X(OpType, ReLU6, 70)                     \
    X(OpType, RequantizationRange, 71)       \
    X(OpType, Requantize, 72)                \
    X(OpType, Reshape, 73)                   \
    X(OpType, Resize, 74)                    \
    X(OpType, RNN, 75)                       \
    X(OpType, ROIPooling, 76)                \
    X(OpType, Scale, 77)                     \
    X(OpType, Selu, 78)                      \
    X(OpType, Seq2Out, 79)                   \
    X(OpType, Shape, 80)                     \
    X(OpType, Sigmoid, 81)                   \
    X(OpType, Size, 82)                      \
    X(OpType, Slice, 83)                     \
    X(OpType, SliceTf, 84)                   \
    X(OpType, Softmax, 85)                   \
    X(OpType, SpaceToBatchND, 86)            \
    X(OpType, SpatialProduct, 87)            \
    X(OpType, Col2Im, 88)                    \
    X(OpType, Segment, 89)                   \
    X(OpType, Squeeze, 90)                   \
    X(OpType, StridedSlice, 91)              \
    X(OpType, CastLike, 92)                  \
    X(OpType, StringSplit, 93)               \
    X(OpType, StringToNumber, 94)            \
    X(OpType, TanH, 95)                      \
    X(OpType, TfQuantizedConv2D, 96)         \
    X(OpType, Threshold, 97)                 \
    X(OpType, Tile, 98)                      \
    X(OpType, TopKV2, 99)                    \
    X(OpType, Transpose, 100)                \
    X(OpType, UnaryOp, 101)                  \
    X(OpType, Unpack, 102)                   \
    X(OpType, Where, 103)                    \
    X(OpType, Moments, 104)                  \
    X(OpType, RNNSequenceGRU, 105)           \
    X(OpType, BatchMatMul, 106)              \
    X(OpType, Unsqueeze, 107)                \
    X(OpType, CosineSimilarity, 108)         \
    X(OpType, DepthToSpace, 109)             \
    X(OpType, SpaceToDepth, 110)             \
    X(OpType, ReverseSequence, 111)          \
    X(OpType, Pooling3D, 112)                \
    X(OpType, Convolution3D, 113)            \
    X(OpType, MatrixBandPart, 114)           \
    X(OpType, GatherND, 115)                 \
    X(OpType, DetectionPostProcess, 116)     \
    X(OpType, UnravelIndex, 117)             \
    X(OpType, ScatterNd, 118)                \
    X(OpType, OneHot, 119)                   \
    X(OpType, BroadcastTo, 120)              \
    X(OpType, Dilation2D, 121)               \
    X(OpType, Interp3D, 122)                 \
    X(OpType, Raster, 128)                   \
    X(OpType, ConvertTensor, 129)            \
    X(OpType, ArgMin, 130)                   \
    X(OpType, LinSpace, 131)                 \
    X(OpType, RandomUniform, 132)            \
    X(OpType, TensorArray, 133)              \
    X(OpType, TensorArraySize, 134)          \
    X(OpType, TensorArrayRead, 135)          \
    X(OpType, TensorArrayWrite, 136)         \
    X(OpType, TensorArrayGather, 137)        \
    X(OpType, TensorArrayScatter, 138)       \
    X(OpType, TensorArraySplit, 139)         \
    X(OpType, TensorArrayConcat, 140)        \
    X(OpType, LSTMBlockCell, 141)            \
    X(OpType, Reverse, 142)                  \
    X(OpType, ROIAlign, 143)                 \
    X(OpType, RandomNormal, 144)             \
    X(OpType, TensorArrayInsert, 145)        \
    X(OpType, TensorArrayErase, 146)         \
    X(OpType, EyeLike, 147)                  \
    X(OpType, CumSum, 148)                   \
    X(OpType, Det, 149)                      \
    X(OpType, CumProd, 150)                  \
    X(OpType, ScatterElements, 151)          \
    X(OpType, GatherElements, 152)           \
    X(OpType, Svd, 153)                      \
    X(OpType, Histogram, 154)                \
    X(OpType, DynamicQuant, 155)             \
    X(OpType, Stft, 156)                     \
    X(OpType, Plugin, 256)                   \
    X(OpType, Select, 257)                   \
    X(OpType, ZerosLike, 258)                \
    X(OpType, Broastcast, 259)               \
    X(OpType, SetDiff1D, 260)                \
    X(OpType, ReluGrad, 261)                 \
    X(OpType, Identity, 262)                 \
    X(OpType, PoolGrad, 263)                 \
    X(OpType, SoftmaxGrad, 264)              \
    X(OpType, Conv2DBackPropFilter, 265)     \
    X(OpType, TrainableParam, 266)           \
    X(OpType, BatchNorm, 267)                \
    X(OpType, ConvTranspose3D, 268)          \
    X(OpType, ZeroGrad, 269)                 \
    X(OpType, Attention, 299)                \
    X(OpType, FmhaV2, 300)                   \
    X(OpType, Fmhca, 301)                    \
    X(OpType, SeqLen2Spatial, 302)           \
    X(OpType, SplitGeLU, 303)                \
    X(OpType, GroupNorm, 304)                \
    X(OpType, LinearAttention, 305)          \
    X(OpType, RoPE, 306)                     \
    X(OpType, Extra, 512)                    \
    X(OpType, ConvInt8, 513)                 \
    X(OpType, Int8ToFloat, 514)              \
    X(OpType, DepthwiseConvInt8, 515)        \
    X(OpType, FloatToInt8, 517)              \
    X(OpType, EltwiseInt8, 518)              \
    X(OpType, While, 600)                    \
    X(OpType, If, 601)                       \
    X(OpType, LayerNorm, 603)                \
    X(OpType, GridSample, 604)
MNN_DEFINE_ENUM(OpType, int32_t, MNN_ENUM_OpType)

#define MNN_ENUM_OpParameter(X)                    \
    X(OpParameter, NONE, 0)                        \
    X(OpParameter, QuantizedAdd, 1)                \
    X(OpParameter, ArgMax, 2)                      \
    X(OpParameter, AsString, 3)                    \
    X(OpParameter, Axis, 4)                        \
    X(OpParameter, BatchNorm, 5)                   \
    X(OpParameter, BinaryOp, 6)                    \
    X(OpParameter, Blob, 7)                        \
    X(OpParameter, CastParam, 8)                   \
    X(OpParameter, Convolution2D, 9)               \
    X(OpParameter, Crop, 10)                       \
    X(OpParameter, CropAndResize, 11)              \
    X(OpParameter, Dequantize, 12)                 \
    X(OpParameter, DetectionOutput, 13)            \
    X(OpParameter, Eltwise, 14)                    \
    X(OpParameter, ExpandDims, 15)                 \
    X(OpParameter, Fill, 16)                       \
    X(OpParameter, Flatten, 17)                    \
    X(OpParameter, Gather, 18)                     \
    X(OpParameter, GatherV2, 19)                   \
    X(OpParameter, InnerProduct, 20)               \
    X(OpParameter, Input, 21)                      \
    X(OpParameter, Interp, 22)                     \
    X(OpParameter, LRN, 23)                        \
    X(OpParameter, LSTM, 24)                       \
    X(OpParameter, MatMul, 25)                     \
    X(OpParameter, NonMaxSuppressionV2, 26)        \
    X(OpParameter, Normalize, 27)                  \
    X(OpParameter, PackParam, 28)                  \
    X(OpParameter, Permute, 29)                    \
    X(OpParameter, Plugin, 30)                     \
    X(OpParameter, Pool, 31)                       \
    X(OpParameter, PRelu, 32)                      \
    X(OpParameter, PriorBox, 33)                   \
    X(OpParameter, Proposal, 34)                   \
    X(OpParameter, QuantizedAvgPool, 35)           \
    X(OpParameter, QuantizedBiasAdd, 36)           \
    X(OpParameter, QuantizedConcat, 37)            \
    X(OpParameter, QuantizedLogistic, 38)          \
    X(OpParameter, QuantizedMatMul, 39)            \
    X(OpParameter, QuantizedMaxPool, 40)           \
    X(OpParameter, QuantizedRelu, 41)              \
    X(OpParameter, QuantizedRelu6, 42)             \
    X(OpParameter, QuantizedReshape, 43)           \
    X(OpParameter, QuantizedSoftmax, 44)           \
    X(OpParameter, QuantizeMaxMin, 45)             \
    X(OpParameter, QuantizeV2, 46)                 \
    X(OpParameter, Range, 47)                      \
    X(OpParameter, Rank, 48)                       \
    X(OpParameter, ReduceJoin, 49)                 \
    X(OpParameter, ReductionParam, 50)             \
    X(OpParameter, Relu, 51)                       \
    X(OpParameter, Relu6, 52)                      \
    X(OpParameter, RequantizationRange, 53)        \
    X(OpParameter, Requantize, 54)                 \
    X(OpParameter, Reshape, 55)                    \
    X(OpParameter, Resize, 56)                     \
    X(OpParameter, RoiParameters, 57)              \
    X(OpParameter, Scale, 58)                      \
    X(OpParameter, Selu, 59)                       \
    X(OpParameter, Size, 60)                       \
    X(OpParameter, Slice, 61)                      \
    X(OpParameter, SliceTf, 62)                    \
    X(OpParameter, SpaceBatch, 63)                 \
    X(OpParameter, SqueezeParam, 64)               \
    X(OpParameter, StridedSliceParam, 65)          \
    X(OpParameter, TensorConvertInfo, 66)          \
    X(OpParameter, TfQuantizedConv2D, 67)          \
    X(OpParameter, TopKV2, 68)                     \
    X(OpParameter, Transpose, 69)                  \
    X(OpParameter, UnaryOp, 70)                    \
    X(OpParameter, MomentsParam, 71)               \
    X(OpParameter, RNNParam, 72)                   \
    X(OpParameter, BatchMatMulParam, 73)           \
    X(OpParameter, QuantizedFloatParam, 74)        \
    X(OpParameter, DepthSpaceParam, 75)            \
    X(OpParameter, EltwiseInt8, 76)                \
    X(OpParameter, ReverseSequenceParam, 77)       \
    X(OpParameter, Extra, 78)                      \
    X(OpParameter, Pool3D, 79)                     \
    X(OpParameter, Convolution3D, 80)              \
    X(OpParameter, ELU, 81)                        \
    X(OpParameter, DetectionPostProcessParam, 82)  \
    X(OpParameter, OneHotParam, 83)                \
    X(OpParameter, PadParam, 84)                   \
    X(OpParameter, WhileParam, 85)                 \
    X(OpParameter, IfParam, 86)                    \
    X(OpParameter, RandomUniform, 87)              \
    X(OpParameter, LayerNorm, 88)                  \
    X(OpParameter, TensorArray, 89)                \
    X(OpParameter, LSTMBlockCell, 90)              \
    X(OpParameter, GridSample, 91)                 \
    X(OpParameter, LoopParam, 92)                  \
    X(OpParameter, ImageProcessParam, 93)          \
    X(OpParameter, CumSum, 94)                     \
    X(OpParameter, GroupNorm, 95)                  \
    X(OpParameter, FmhaV2Param, 96)                \
    X(OpParameter, FmhcaParam, 97)                 \
    X(OpParameter, AttentionParam, 98)             \
    X(OpParameter, StftParam, 99)                  \
    X(OpParameter, LinearAttentionParam, 100)      \
    X(OpParameter, ShapeParam, 101)                \
    X(OpParameter, RoPEParam, 102)
MNN_DEFINE_ENUM(OpParameter, uint8_t, MNN_ENUM_OpParameter)

#define MNN_ENUM_ForwardType(X)  \
    X(ForwardType, CPU, 0)       \
    X(ForwardType, METAL, 1)     \
    X(ForwardType, CUDA, 2)      \
    X(ForwardType, OPENCL, 3)    \
    X(ForwardType, AUTO, 4)      \
    X(ForwardType, NNAPI, 5)     \
    X(ForwardType, OPENGLES, 6)  \
    X(ForwardType, VULKAN, 7)
MNN_DEFINE_ENUM(ForwardType, int8_t, MNN_ENUM_ForwardType)

#define MNN_ENUM_Usage(X)          \
    X(Usage, INFERENCE, 0)         \
    X(Usage, TRAIN, 1)             \
    X(Usage, INFERENCE_STATIC, 2)
MNN_DEFINE_ENUM(Usage, int8_t, MNN_ENUM_Usage)

// The parameter tables Op::main_as_X() is available for. Supporting another table: declare it
// (as a flatbuffers::Table with one accessor per schema field) and add it here.
#define MNN_SUPPORTED_OP_PARAMETERS(X)                                                        \
    X(ArgMax) X(Axis) X(BinaryOp) X(Blob) X(CastParam) X(Convolution2D) X(CumSum)              \
    X(DepthSpaceParam) X(ELU) X(Eltwise) X(Flatten) X(Gather) X(GridSample) X(GroupNorm)      \
    X(Interp) X(LayerNorm) X(MatMul) X(MomentsParam) X(Normalize) X(OneHotParam) X(PadParam)  \
    X(Permute) X(Pool) X(PRelu) X(ReductionParam) X(Relu) X(Relu6) X(Reshape) X(Scale)        \
    X(Selu) X(Slice) X(SqueezeParam) X(StridedSliceParam) X(TensorConvertInfo) X(TopKV2)      \
    X(UnaryOp) X(Pool3D) X(RoiParameters)

#define MNN_OP_MAIN_AS_(T)                                                                    \
    const T* main_as_##T() const { return main_type() == OpParameter_##T ? GetTable<T>("main") : nullptr; }

struct Op : public flatbuffers::Table {
    using Table::Table;
    const flatbuffers::Vector<int32_t>* inputIndexes() const { return GetVector<int32_t>("inputIndexes"); }
    OpParameter main_type() const { return GetField<OpParameter>("main_type", OpParameter_NONE); }
    const flatbuffers::String* name() const { return GetString("name"); }
    const flatbuffers::Vector<int32_t>* outputIndexes() const { return GetVector<int32_t>("outputIndexes"); }
    OpType type() const { return GetField<OpType>("type", OpType_AbsVal); }
    MNN_DATA_FORMAT defaultDimentionFormat() const {
        return GetField<MNN_DATA_FORMAT>("defaultDimentionFormat", MNN_DATA_FORMAT_NHWC);
    }
    const flatbuffers::String* externalPath() const { return GetString("externalPath"); }
    MNN_SUPPORTED_OP_PARAMETERS(MNN_OP_MAIN_AS_)
};

} // namespace MNN

#endif // MNN_GENERATED_H
