// Clean-room, MNN-compatible subset of Halide's runtime types: the element type tag and the raw
// buffer descriptor that MNN::Tensor wraps.
#ifndef MNN_HALIDE_HALIDERUNTIME_H
#define MNN_HALIDE_HALIDERUNTIME_H

#include <stddef.h>
#include <stdint.h>

#define HALIDE_ALWAYS_INLINE __attribute__((always_inline)) inline
#define HALIDE_ATTRIBUTE_ALIGN(x) __attribute__((aligned(x)))

typedef enum halide_type_code_t : uint8_t {
    halide_type_int    = 0,
    halide_type_uint   = 1,
    halide_type_float  = 2,
    halide_type_handle = 3,
    halide_type_bfloat = 4
} halide_type_code_t;

// Element type: code + bit width (+ vector lanes, always 1 here). 32 bits in all.
struct halide_type_t {
    HALIDE_ATTRIBUTE_ALIGN(1) halide_type_code_t code;
    HALIDE_ATTRIBUTE_ALIGN(1) uint8_t bits;
    HALIDE_ATTRIBUTE_ALIGN(2) uint16_t lanes;

    HALIDE_ALWAYS_INLINE halide_type_t(halide_type_code_t c, uint8_t b, uint16_t l = 1) : code(c), bits(b), lanes(l) {}
    HALIDE_ALWAYS_INLINE halide_type_t() : code((halide_type_code_t)0), bits(0), lanes(0) {}
    HALIDE_ALWAYS_INLINE bool operator==(const halide_type_t& o) const {
        return code == o.code && bits == o.bits && lanes == o.lanes;
    }
    HALIDE_ALWAYS_INLINE bool operator!=(const halide_type_t& o) const { return !(*this == o); }
    // Bytes of one element.
    HALIDE_ALWAYS_INLINE int bytes() const { return (bits + 7) / 8; }
};

typedef struct halide_dimension_t {
    int32_t min, extent, stride;
    uint32_t flags;

    HALIDE_ALWAYS_INLINE halide_dimension_t() : min(0), extent(0), stride(0), flags(0) {}
    HALIDE_ALWAYS_INLINE halide_dimension_t(int32_t m, int32_t e, int32_t s, uint32_t f = 0)
        : min(m), extent(e), stride(s), flags(f) {}
    HALIDE_ALWAYS_INLINE bool operator==(const halide_dimension_t& o) const {
        return min == o.min && extent == o.extent && stride == o.stride && flags == o.flags;
    }
    HALIDE_ALWAYS_INLINE bool operator!=(const halide_dimension_t& o) const { return !(*this == o); }
} halide_dimension_t;

struct halide_device_interface_t;

typedef struct halide_buffer_t {
    uint64_t device;                                    // unused on CPU (0)
    const struct halide_device_interface_t* device_interface;
    uint8_t* host;                                      // the data
    uint64_t flags;
    struct halide_type_t type;
    int32_t dimensions;
    halide_dimension_t* dim;                            // `dimensions` entries: extent and stride (elements)
    void* padding;
} halide_buffer_t;

// halide_type_of<T>(): the type tag of a C type.
template <typename T> HALIDE_ALWAYS_INLINE halide_type_t halide_type_of();
template <> HALIDE_ALWAYS_INLINE halide_type_t halide_type_of<float>() { return halide_type_t(halide_type_float, 32); }
template <> HALIDE_ALWAYS_INLINE halide_type_t halide_type_of<double>() { return halide_type_t(halide_type_float, 64); }
template <> HALIDE_ALWAYS_INLINE halide_type_t halide_type_of<bool>() { return halide_type_t(halide_type_uint, 1); }
template <> HALIDE_ALWAYS_INLINE halide_type_t halide_type_of<uint8_t>() { return halide_type_t(halide_type_uint, 8); }
template <> HALIDE_ALWAYS_INLINE halide_type_t halide_type_of<uint16_t>() { return halide_type_t(halide_type_uint, 16); }
template <> HALIDE_ALWAYS_INLINE halide_type_t halide_type_of<uint32_t>() { return halide_type_t(halide_type_uint, 32); }
template <> HALIDE_ALWAYS_INLINE halide_type_t halide_type_of<uint64_t>() { return halide_type_t(halide_type_uint, 64); }
template <> HALIDE_ALWAYS_INLINE halide_type_t halide_type_of<int8_t>() { return halide_type_t(halide_type_int, 8); }
template <> HALIDE_ALWAYS_INLINE halide_type_t halide_type_of<int16_t>() { return halide_type_t(halide_type_int, 16); }
template <> HALIDE_ALWAYS_INLINE halide_type_t halide_type_of<int32_t>() { return halide_type_t(halide_type_int, 32); }
template <> HALIDE_ALWAYS_INLINE halide_type_t halide_type_of<int64_t>() { return halide_type_t(halide_type_int, 64); }

#endif // MNN_HALIDE_HALIDERUNTIME_H
