// Clean-room, MNN-compatible rendering of MNN's schema/default/TFQuantizeOp.fbs (enums only).
#ifndef MNN_TFQUANTIZEOP_GENERATED_H
#define MNN_TFQUANTIZEOP_GENERATED_H

#include "Tensor_generated.h"

namespace MNN {

#define MNN_ENUM_FusedActivation(X)           \
    X(FusedActivation, kTfLiteActNone, 0)     \
    X(FusedActivation, kTfLiteActRelu, 1)     \
    X(FusedActivation, kTfLiteActRelu1, 2)    \
    X(FusedActivation, kTfLiteActRelu6, 3)    \
    X(FusedActivation, kTfLiteActTanh, 4)     \
    X(FusedActivation, kTfLiteActSignBit, 5)  \
    X(FusedActivation, kTfLiteActSigmoid, 6)
MNN_DEFINE_ENUM(FusedActivation, int8_t, MNN_ENUM_FusedActivation)

#define MNN_ENUM_ModeFormat(X)    \
    X(ModeFormat, TENSORFLOW, 0)  \
    X(ModeFormat, TFLITE, 1)
MNN_DEFINE_ENUM(ModeFormat, int8_t, MNN_ENUM_ModeFormat)

#define MNN_ENUM_QuantizeMode(X)      \
    X(QuantizeMode, MIN_COMBINED, 0)  \
    X(QuantizeMode, MIN_FIRST, 1)     \
    X(QuantizeMode, SCALED, 2)
MNN_DEFINE_ENUM(QuantizeMode, int8_t, MNN_ENUM_QuantizeMode)

#define MNN_ENUM_QuantizeRoundMode(X)             \
    X(QuantizeRoundMode, HALF_AWAY_FROM_ZERO, 0)  \
    X(QuantizeRoundMode, HALF_TO_EVEN, 1)
MNN_DEFINE_ENUM(QuantizeRoundMode, int8_t, MNN_ENUM_QuantizeRoundMode)
} // namespace MNN

#endif // MNN_TFQUANTIZEOP_GENERATED_H
