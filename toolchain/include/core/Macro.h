// Clean-room, MNN-compatible helper macros.
#ifndef macro_h
#define macro_h
#include <MNN/MNNDefine.h>

#define ALIMIN(x, y) ((x) < (y) ? (x) : (y))
#define ALIMAX(x, y) ((x) > (y) ? (x) : (y))

#define UP_DIV(x, y) (((x) + (y) - (1)) / (y))
#define ROUND_UP(x, y) (((x) + (y) - (1)) / (y) * (y))
#define ALIGN_UP4(x) ROUND_UP((x), 4)
#define ALIGN_UP8(x) ROUND_UP((x), 8)

// Which SIMD flavour math/Vec.hpp uses, as MNN's build defines it.
#ifndef MNN_USE_NEON
#if (__arm__ || __aarch64__) && (defined(__ARM_NEON__) || defined(__ARM_NEON))
#define MNN_USE_NEON
#endif
#endif
#if !defined(MNN_USE_SSE) && (defined(__SSE2__) || defined(__x86_64__))
#define MNN_USE_SSE
#endif

#endif // macro_h
