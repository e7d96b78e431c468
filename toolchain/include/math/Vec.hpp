// Clean-room, MNN-compatible MNN::Math::Vec<T, N>, written from MNN 3.6.1's API and behaviour (not its
// code). What a kernel sees is what it gets in MNN, quirks included, so a kernel that passes here
// compiles and computes the same in MNN's tree:
//  - operator[] and unary - are NOT const (a `const Vec4` cannot be indexed or negated);
//  - comparisons give lanes holding the INTEGER 1 (bit pattern 0x00000001, a denormal as float) or 0,
//    not 1.0f. On SSE, Vec4 `==` and `<` compare the lanes' bit patterns as int32 (so `<` is wrong for
//    negative floats and -0.0f != 0.0f); `<=`, `>`, `>=` compare as floats;
//  - on SSE, Vec4::broadcast (and Vec4i::broadcast) fills lane 0 only (the others are 0); use Vec4(x);
//  - on SSE, Vec4i's *, max and min go through float (exact only below 2^24), and Vec4i's unary -
//    and [i] treat the register as two int64 (see below).
// Vec<float, 4> and Vec<int32_t, 4> use SSE2 on x86 and NEON on ARM; every other Vec is scalar code.
#ifndef Vec_hpp
#define Vec_hpp
#include "core/Macro.h"
#include "core/SimdHeader.h"
#include <array>
#include <algorithm>
#include <math.h>
#include <stdint.h>

namespace MNN {
namespace Math {

template <typename T, int N>
struct Vec {
    using VecType = Vec<T, N>;
    std::array<T, N> value;
    VecType operator+(const VecType& lr) const {
        VecType d;
        for (int i = 0; i < N; ++i) d.value[i] = value[i] + lr.value[i];
        return d;
    }
    VecType operator-(const VecType& lr) const {
        VecType d;
        for (int i = 0; i < N; ++i) d.value[i] = value[i] - lr.value[i];
        return d;
    }
    Vec(std::array<T, N>&& v) { value = v; }
    VecType operator==(const VecType& lr) const {
        VecType d;
        for (int i = 0; i < N; ++i) d.value[i] = value[i] == lr.value[i] ? 1 : 0;
        return d;
    }
    VecType operator<(const VecType& lr) const {
        VecType d;
        for (int i = 0; i < N; ++i) d.value[i] = value[i] < lr.value[i] ? 1 : 0;
        return d;
    }
    VecType operator<=(const VecType& lr) const {
        VecType d;
        for (int i = 0; i < N; ++i) d.value[i] = value[i] <= lr.value[i] ? 1 : 0;
        return d;
    }
    VecType operator>(const VecType& lr) const {
        VecType d;
        for (int i = 0; i < N; ++i) d.value[i] = value[i] > lr.value[i] ? 1 : 0;
        return d;
    }
    VecType operator>=(const VecType& lr) const {
        VecType d;
        for (int i = 0; i < N; ++i) d.value[i] = value[i] >= lr.value[i] ? 1 : 0;
        return d;
    }
    VecType operator*(const VecType& lr) const {
        VecType d;
        for (int i = 0; i < N; ++i) d.value[i] = value[i] * lr.value[i];
        return d;
    }
    VecType operator*(T lr) const {
        VecType d;
        for (int i = 0; i < N; ++i) d.value[i] = value[i] * lr;
        return d;
    }
    VecType operator+=(const VecType& lr) {
        for (int i = 0; i < N; ++i) value[i] = value[i] + lr.value[i];
        return *this;
    }
    VecType operator-=(const VecType& lr) {
        for (int i = 0; i < N; ++i) value[i] = value[i] - lr.value[i];
        return *this;
    }
    VecType& operator=(const VecType& lr) {
        for (int i = 0; i < N; ++i) value[i] = lr.value[i];
        return *this;
    }
    VecType operator-() {
        VecType d;
        for (int i = 0; i < N; ++i) d.value[i] = -value[i];
        return d;
    }
    Vec() {}
    Vec(const T v) {
        for (int i = 0; i < N; ++i) value[i] = v;
    }
    Vec(const VecType& lr) {
        for (int i = 0; i < N; ++i) value[i] = lr.value[i];
    }
    T operator[](size_t i) { return value[i]; }
    template <typename U>
    static VecType load(const U* addr) {
        VecType v;
        for (int i = 0; i < N; ++i) v.value[i] = static_cast<T>(addr[i]);
        return v;
    }
    template <typename U>
    static VecType broadcast(const U* addr) {
        VecType v;
        for (int i = 0; i < N; ++i) v.value[i] = static_cast<T>(addr[0]);
        return v;
    }
    template <typename U>
    static void save(U* addr, const VecType& v) {
        for (int i = 0; i < N; ++i) addr[i] = static_cast<U>(v.value[i]);
    }
    static VecType max(const VecType& v1, const VecType& v2) {
        VecType d;
        for (int i = 0; i < N; ++i) d.value[i] = std::max(v1.value[i], v2.value[i]);
        return d;
    }
    static VecType min(const VecType& v1, const VecType& v2) {
        VecType d;
        for (int i = 0; i < N; ++i) d.value[i] = std::min(v1.value[i], v2.value[i]);
        return d;
    }
    // v1 + v2 * v3
    static VecType fma(const VecType& v1, const VecType& v2, const VecType& v3) { return v1 + v2 * v3; }
    // v1 - v2 * v3
    static VecType fms(const VecType& v1, const VecType& v2, const VecType& v3) { return v1 - v2 * v3; }
    // Treats (vec0..vec3) as a 4 x N matrix in row-major order of 4-lane groups and transposes it.
    static inline void transpose4(VecType& vec0, VecType& vec1, VecType& vec2, VecType& vec3) {
        VecType s[4] = {vec0, vec1, vec2, vec3};
        for (int i = 0; i < N; ++i) {
            vec0.value[i] = s[i % 4].value[i >> 2];
            vec1.value[i] = s[i % 4].value[(i + N) >> 2];
            vec2.value[i] = s[i % 4].value[(i + 2 * N) >> 2];
            vec3.value[i] = s[i % 4].value[(i + 3 * N) >> 2];
        }
    }
};

#ifdef MNN_USE_NEON
template <>
struct Vec<int32_t, 4> {
    using VecType = Vec<int32_t, 4>;
    int32x4_t value;
    Vec() {}
    Vec(const int32_t v) { value = vdupq_n_s32(v); }
    Vec(const float v) { value = vdupq_n_s32((int32_t)v); }
    Vec(const int32x4_t v) { value = v; }
    Vec(const VecType& lr) { value = lr.value; }
    Vec(const VecType&& lr) { value = lr.value; }
    float operator[](size_t i) { return value[i]; }
    // The float overloads move bits, they do not convert.
    static VecType load(const float* addr) { return VecType(vreinterpretq_s32_f32(vld1q_f32(addr))); }
    static VecType broadcast(const float* addr) { return VecType(vreinterpretq_s32_f32(vld1q_dup_f32(addr))); }
    static VecType broadcast(const int32_t* addr) { return VecType(vld1q_dup_s32(addr)); }
    static VecType load(const int32_t* addr) { return VecType(vld1q_s32(addr)); }
    static void save(float* addr, const VecType& v) { vst1q_f32(addr, vreinterpretq_f32_s32(v.value)); }
    static void save(int32_t* addr, const VecType& v) { vst1q_s32(addr, v.value); }
    static VecType max(const VecType& v1, const VecType& v2) { return VecType(vmaxq_s32(v1.value, v2.value)); }
    static VecType min(const VecType& v1, const VecType& v2) { return VecType(vminq_s32(v1.value, v2.value)); }
    static VecType fma(const VecType& v1, const VecType& v2, const VecType& v3) {
        return VecType(vmlaq_s32(v1.value, v2.value, v3.value));
    }
    static VecType fms(const VecType& v1, const VecType& v2, const VecType& v3) {
        return VecType(vmlsq_s32(v1.value, v2.value, v3.value));
    }
    static inline void transpose4(VecType& vec0, VecType& vec1, VecType& vec2, VecType& vec3) {
        int32_t m[4][4];
        vst1q_s32(m[0], vec0.value), vst1q_s32(m[1], vec1.value), vst1q_s32(m[2], vec2.value), vst1q_s32(m[3], vec3.value);
        int32_t t[4][4];
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 4; ++j) t[i][j] = m[j][i];
        vec0.value = vld1q_s32(t[0]), vec1.value = vld1q_s32(t[1]), vec2.value = vld1q_s32(t[2]), vec3.value = vld1q_s32(t[3]);
    }
    VecType operator+(const VecType& lr) const { return VecType(vaddq_s32(value, lr.value)); }
    VecType operator-(const VecType& lr) const { return VecType(vsubq_s32(value, lr.value)); }
    VecType operator+=(const VecType& lr) {
        value = vaddq_s32(value, lr.value);
        return *this;
    }
    VecType operator-=(const VecType& lr) {
        value = vsubq_s32(value, lr.value);
        return *this;
    }
    VecType operator*(int32_t lr) const { return VecType(vmulq_n_s32(value, lr)); }
    VecType operator*(float lr) const { return VecType(vmulq_n_s32(value, (int32_t)lr)); }
    VecType operator*(const VecType& lr) const { return VecType(vmulq_s32(value, lr.value)); }
    VecType& operator=(const VecType& lr) {
        value = lr.value;
        return *this;
    }
    VecType& operator=(const VecType&& lr) {
        value = lr.value;
        return *this;
    }
    VecType operator-() { return VecType(vnegq_s32(value)); }
    // Lanes: integer 1 where true, 0 where false.
    VecType operator<(const VecType& lr) const { return VecType(ones(vcltq_s32(value, lr.value))); }
    VecType operator>(const VecType& lr) const { return VecType(ones(vcgtq_s32(value, lr.value))); }
    VecType operator<=(const VecType& lr) const { return VecType(ones(vcleq_s32(value, lr.value))); }
    VecType operator>=(const VecType& lr) const { return VecType(ones(vcgeq_s32(value, lr.value))); }
    VecType operator==(const VecType& lr) const { return VecType(ones(vceqq_s32(value, lr.value))); }

private:
    static int32x4_t ones(uint32x4_t mask) { return vreinterpretq_s32_u32(vandq_u32(mask, vdupq_n_u32(1))); }
};

template <>
struct Vec<float, 4> {
    using VecType      = Vec<float, 4>;
    using VecTypeInt32 = Vec<int32_t, 4>;
    float32x4_t value;
    Vec() = default;
    Vec(const float v) { value = vdupq_n_f32(v); }
    Vec(const float32x4_t v) { value = v; }
    Vec(const VecType& lr) { value = lr.value; }
    Vec(const VecType&& lr) { value = lr.value; }
    float operator[](size_t i) { return value[i]; }
    static VecType load(const float* addr) { return VecType(vld1q_f32(addr)); }
    static VecType broadcast(const float* addr) { return VecType(vld1q_dup_f32(addr)); }
    // Converts the integers to float.
    static VecType load(const int32_t* addr) { return VecType(vcvtq_f32_s32(vld1q_s32(addr))); }
    static void save(float* addr, const VecType& v) { vst1q_f32(addr, v.value); }
    // These two move bits, they do not convert.
    static void save(float* addr, const VecTypeInt32& v) { vst1q_f32(addr, vreinterpretq_f32_s32(v.value)); }
    static void save(int32_t* addr, const VecType& v) { vst1q_s32(addr, vreinterpretq_s32_f32(v.value)); }
    static VecType max(const VecType& v1, const VecType& v2) { return VecType(vmaxq_f32(v1.value, v2.value)); }
    static VecType min(const VecType& v1, const VecType& v2) { return VecType(vminq_f32(v1.value, v2.value)); }
    // v1 + v2 * v3 (multiply, then add: not fused)
    static VecType fma(const VecType& v1, const VecType& v2, const VecType& v3) {
        return VecType(vmlaq_f32(v1.value, v2.value, v3.value));
    }
    // v1 - v2 * v3
    static VecType fms(const VecType& v1, const VecType& v2, const VecType& v3) {
        return VecType(vmlsq_f32(v1.value, v2.value, v3.value));
    }
    static inline void transpose4(VecType& vec0, VecType& vec1, VecType& vec2, VecType& vec3) {
        float m[4][4];
        vst1q_f32(m[0], vec0.value), vst1q_f32(m[1], vec1.value), vst1q_f32(m[2], vec2.value), vst1q_f32(m[3], vec3.value);
        float t[4][4];
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 4; ++j) t[i][j] = m[j][i];
        vec0.value = vld1q_f32(t[0]), vec1.value = vld1q_f32(t[1]), vec2.value = vld1q_f32(t[2]), vec3.value = vld1q_f32(t[3]);
    }
    VecType operator+(const VecType& lr) const { return VecType(vaddq_f32(value, lr.value)); }
    VecType operator-(const VecType& lr) const { return VecType(vsubq_f32(value, lr.value)); }
    VecType operator+=(const VecType& lr) {
        value = vaddq_f32(value, lr.value);
        return *this;
    }
    VecType operator-=(const VecType& lr) {
        value = vsubq_f32(value, lr.value);
        return *this;
    }
    VecType operator*(float lr) const { return VecType(vmulq_n_f32(value, lr)); }
    VecType operator*(const VecType& lr) const { return VecType(vmulq_f32(value, lr.value)); }
    VecType& operator=(const VecType& lr) {
        value = lr.value;
        return *this;
    }
    VecType& operator=(const VecType&& lr) {
        value = lr.value;
        return *this;
    }
    VecType operator-() { return VecType(vnegq_f32(value)); }
    // Lanes: the integer 1 (bit pattern) where true, 0 where false; float comparisons.
    VecType operator<(const VecType& lr) const { return VecType(ones(vcltq_f32(value, lr.value))); }
    VecType operator>(const VecType& lr) const { return VecType(ones(vcgtq_f32(value, lr.value))); }
    VecType operator<=(const VecType& lr) const { return VecType(ones(vcleq_f32(value, lr.value))); }
    VecType operator>=(const VecType& lr) const { return VecType(ones(vcgeq_f32(value, lr.value))); }
    VecType operator==(const VecType& lr) const { return VecType(ones(vceqq_f32(value, lr.value))); }

private:
    static float32x4_t ones(uint32x4_t mask) { return vreinterpretq_f32_u32(vandq_u32(mask, vdupq_n_u32(1))); }
};

#elif defined(MNN_USE_SSE)
template <>
struct Vec<int32_t, 4> {
    using VecType      = Vec<int32_t, 4>;
    using VecTypeArray = std::array<VecType, 4>;
    __m128i value;
    VecType operator+(const VecType& lr) const { return VecType(_mm_add_epi32(value, lr.value)); }
    VecType operator-(const VecType& lr) const { return VecType(_mm_sub_epi32(value, lr.value)); }
    VecType operator+=(const VecType& lr) {
        value = _mm_add_epi32(value, lr.value);
        return *this;
    }
    VecType operator-=(const VecType& lr) {
        value = _mm_sub_epi32(value, lr.value);
        return *this;
    }
    // Through float, as MNN's SSE path (rounds to nearest; exact below 2^24).
    VecType operator*(const VecType& lr) const {
        return VecType(_mm_cvtps_epi32(_mm_mul_ps(_mm_cvtepi32_ps(value), _mm_cvtepi32_ps(lr.value))));
    }
    VecType& operator=(const VecType& lr) {
        value = lr.value;
        return *this;
    }
    // Lanes: integer 1 where true, 0 where false.
    VecType operator==(const VecType& lr) const { return VecType(ones(_mm_cmpeq_epi32(value, lr.value))); }
    VecType operator<(const VecType& lr) const { return VecType(ones(_mm_cmplt_epi32(value, lr.value))); }
    VecType operator<=(const VecType& lr) const { return VecType(notOnes(_mm_cmpgt_epi32(value, lr.value))); }
    VecType operator>(const VecType& lr) const { return VecType(ones(_mm_cmpgt_epi32(value, lr.value))); }
    VecType operator>=(const VecType& lr) const { return VecType(notOnes(_mm_cmplt_epi32(value, lr.value))); }
    // MNN's SSE path negates the register as two int64 lanes (GCC's `-` on __m128i), not four int32:
    // -(1, -2) is (-1, 1) there, and here.
    VecType operator-() { return VecType(_mm_sub_epi64(_mm_setzero_si128(), value)); }
    Vec() {}
    Vec(const float v) { value = _mm_set1_epi32(static_cast<int32_t>(v)); }
    Vec(const int32_t v) { value = _mm_set1_epi32(v); }
    Vec(__m128i&& v) { value = v; }
    // Takes the bits of a float register.
    Vec(__m128&& v) { value = _mm_castps_si128(v); }
    Vec(const VecType& lr) { value = lr.value; }
    // MNN's SSE path indexes the register as two int64 lanes: [0] and [1] are lanes (0,1) and (2,3)
    // read as one int64 each, converted to float; [2] and [3] read past the register there (NaN here).
    // Use save() to read int32 lanes.
    float operator[](size_t i) {
        int64_t halves[2];
        _mm_storeu_si128((__m128i*)halves, value);
        return i < 2 ? (float)halves[i] : NAN;
    }
    static VecType load(const int32_t* addr) { return VecType(_mm_loadu_si128((const __m128i*)addr)); }
    // Lane 0 only; lanes 1..3 are 0 (MNN's SSE behaviour).
    static VecType broadcast(const int32_t* addr) { return VecType(_mm_cvtsi32_si128(*addr)); }
    static void save(int32_t* addr, const VecType& v) { _mm_storeu_si128((__m128i*)addr, v.value); }
    // Through float, as MNN's SSE path.
    static VecType max(const VecType& v1, const VecType& v2) {
        return VecType(_mm_cvtps_epi32(_mm_max_ps(_mm_cvtepi32_ps(v1.value), _mm_cvtepi32_ps(v2.value))));
    }
    static VecType min(const VecType& v1, const VecType& v2) {
        return VecType(_mm_cvtps_epi32(_mm_min_ps(_mm_cvtepi32_ps(v1.value), _mm_cvtepi32_ps(v2.value))));
    }
    static VecType fma(const VecType& v1, const VecType& v2, const VecType& v3) { return v1 + v2 * v3; }
    static VecType fms(const VecType& v1, const VecType& v2, const VecType& v3) { return v1 - v2 * v3; }
    static inline void transpose4(VecType& vec0, VecType& vec1, VecType& vec2, VecType& vec3) {
        const __m128i a = _mm_unpacklo_epi32(vec0.value, vec1.value), b = _mm_unpacklo_epi32(vec2.value, vec3.value);
        const __m128i c = _mm_unpackhi_epi32(vec0.value, vec1.value), d = _mm_unpackhi_epi32(vec2.value, vec3.value);
        vec0.value = _mm_unpacklo_epi64(a, b), vec1.value = _mm_unpackhi_epi64(a, b);
        vec2.value = _mm_unpacklo_epi64(c, d), vec3.value = _mm_unpackhi_epi64(c, d);
    }

private:
    static __m128i ones(__m128i mask) { return _mm_and_si128(mask, _mm_set1_epi32(1)); }
    static __m128i notOnes(__m128i mask) { return _mm_andnot_si128(mask, _mm_set1_epi32(1)); }
};

template <>
struct Vec<float, 4> {
    using VecType      = Vec<float, 4>;
    using VecTypeInt32 = Vec<int32_t, 4>;
    using VecTypeArray = std::array<VecType, 4>;
    __m128 value;
    VecType operator+(const VecType& lr) const { return VecType(_mm_add_ps(value, lr.value)); }
    VecType operator-(const VecType& lr) const { return VecType(_mm_sub_ps(value, lr.value)); }
    VecType operator+=(const VecType& lr) {
        value = _mm_add_ps(value, lr.value);
        return *this;
    }
    VecType operator-=(const VecType& lr) {
        value = _mm_sub_ps(value, lr.value);
        return *this;
    }
    VecType operator*(const VecType& lr) const { return VecType(_mm_mul_ps(value, lr.value)); }
    VecType operator*(float lr) const { return VecType(_mm_mul_ps(value, _mm_set1_ps(lr))); }
    VecType& operator=(const VecType& lr) {
        value = lr.value;
        return *this;
    }
    // Flips the sign bit (so -(0.0f) is -0.0f).
    VecType operator-() { return VecType(_mm_xor_ps(value, _mm_set1_ps(-0.0f))); }
    // Lanes: the integer 1 (bit pattern) where true, 0 where false. `==` and `<` compare the lanes' bit
    // patterns as int32 (as MNN's SSE path does); `<=`, `>`, `>=` compare as floats.
    VecType operator==(const VecType& lr) const {
        return VecType(ones(_mm_cmpeq_epi32(_mm_castps_si128(value), _mm_castps_si128(lr.value))));
    }
    VecType operator<(const VecType& lr) const {
        return VecType(ones(_mm_cmplt_epi32(_mm_castps_si128(value), _mm_castps_si128(lr.value))));
    }
    VecType operator<=(const VecType& lr) const { return VecType(ones(_mm_castps_si128(_mm_cmple_ps(value, lr.value)))); }
    VecType operator>(const VecType& lr) const { return VecType(ones(_mm_castps_si128(_mm_cmpgt_ps(value, lr.value)))); }
    VecType operator>=(const VecType& lr) const { return VecType(ones(_mm_castps_si128(_mm_cmpge_ps(value, lr.value)))); }
    Vec() {}
    Vec(const float v) { value = _mm_set1_ps(v); }
    Vec(__m128&& v) { value = v; }
    Vec(const VecType& lr) { value = lr.value; }
    float operator[](size_t i) {
        float lanes[4];
        _mm_storeu_ps(lanes, value);
        return lanes[i];
    }
    static VecType load(const float* addr) { return VecType(_mm_loadu_ps(addr)); }
    // Lane 0 only; lanes 1..3 are 0 (MNN's SSE behaviour): use Vec4(*addr) for all four.
    static VecType broadcast(const float* addr) { return VecType(_mm_load_ss(addr)); }
    static void save(float* addr, const VecType& v) { _mm_storeu_ps(addr, v.value); }
    // These two move bits, they do not convert.
    static void save(float* addr, const VecTypeInt32& v) { _mm_storeu_ps(addr, _mm_castsi128_ps(v.value)); }
    static void save(int32_t* addr, const VecType& v) { _mm_storeu_si128((__m128i*)addr, _mm_castps_si128(v.value)); }
    static VecType max(const VecType& v1, const VecType& v2) { return VecType(_mm_max_ps(v1.value, v2.value)); }
    static VecType min(const VecType& v1, const VecType& v2) { return VecType(_mm_min_ps(v1.value, v2.value)); }
    // v1 + v2 * v3 (multiply, then add: not fused)
    static VecType fma(const VecType& v1, const VecType& v2, const VecType& v3) { return v1 + v2 * v3; }
    // v1 - v2 * v3
    static VecType fms(const VecType& v1, const VecType& v2, const VecType& v3) { return v1 - v2 * v3; }
    static inline void transpose4(VecType& vec0, VecType& vec1, VecType& vec2, VecType& vec3) {
        const __m128 a = _mm_unpacklo_ps(vec0.value, vec1.value), b = _mm_unpacklo_ps(vec2.value, vec3.value);
        const __m128 c = _mm_unpackhi_ps(vec0.value, vec1.value), d = _mm_unpackhi_ps(vec2.value, vec3.value);
        vec0.value = _mm_movelh_ps(a, b), vec1.value = _mm_movehl_ps(b, a);
        vec2.value = _mm_movelh_ps(c, d), vec3.value = _mm_movehl_ps(d, c);
    }

private:
    static __m128 ones(__m128i mask) { return _mm_castsi128_ps(_mm_and_si128(mask, _mm_set1_epi32(1))); }
};
#endif

} // namespace Math
} // namespace MNN

#endif // Vec_hpp
