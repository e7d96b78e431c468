// Clean-room, MNN-compatible MNN::Math::Vec<T, N>: a small fixed-width vector with load / save /
// broadcast, + - * (and * scalar), unary -, lane-wise max / min / fma / fms, comparisons giving
// 1 or 0 per lane, operator[] and transpose4. Vec<float, 4> uses SSE2 on x86 and NEON on ARM;
// everything else is portable scalar code.
#ifndef Vec_hpp
#define Vec_hpp
#include "core/Macro.h"
#include "core/SimdHeader.h"
#include <array>
#include <algorithm>
#include <math.h>

namespace MNN {
namespace Math {

template <typename T, int N>
struct Vec {
    using VecType = Vec<T, N>;
    std::array<T, N> value;

    Vec() {}
    Vec(const T v) { value.fill(v); }
    Vec(std::array<T, N>&& v) : value(v) {}
    Vec(const VecType& lr) = default;
    VecType& operator=(const VecType& lr) = default;

    template <typename F>
    static VecType map2(const VecType& a, const VecType& b, F f) {
        VecType d;
        for (int i = 0; i < N; ++i) d.value[i] = f(a.value[i], b.value[i]);
        return d;
    }
    VecType operator+(const VecType& lr) const { return map2(*this, lr, [](T a, T b) { return (T)(a + b); }); }
    VecType operator-(const VecType& lr) const { return map2(*this, lr, [](T a, T b) { return (T)(a - b); }); }
    VecType operator*(const VecType& lr) const { return map2(*this, lr, [](T a, T b) { return (T)(a * b); }); }
    VecType operator*(T lr) const { return *this * VecType(lr); }
    VecType operator+=(const VecType& lr) { return *this = *this + lr; }
    VecType operator-=(const VecType& lr) { return *this = *this - lr; }
    VecType operator-() const { return VecType((T)0) - *this; }
    VecType operator==(const VecType& lr) const { return map2(*this, lr, [](T a, T b) { return (T)(a == b); }); }
    VecType operator<(const VecType& lr) const { return map2(*this, lr, [](T a, T b) { return (T)(a < b); }); }
    VecType operator<=(const VecType& lr) const { return map2(*this, lr, [](T a, T b) { return (T)(a <= b); }); }
    VecType operator>(const VecType& lr) const { return map2(*this, lr, [](T a, T b) { return (T)(a > b); }); }
    VecType operator>=(const VecType& lr) const { return map2(*this, lr, [](T a, T b) { return (T)(a >= b); }); }
    T operator[](size_t i) const { return value[i]; }

    template <typename U>
    static VecType load(const U* addr) {
        VecType v;
        for (int i = 0; i < N; ++i) v.value[i] = static_cast<T>(addr[i]);
        return v;
    }
    template <typename U>
    static VecType broadcast(const U* addr) {
        return VecType(static_cast<T>(addr[0]));
    }
    template <typename U>
    static void save(U* addr, const VecType& v) {
        for (int i = 0; i < N; ++i) addr[i] = static_cast<U>(v.value[i]);
    }
    static VecType max(const VecType& a, const VecType& b) { return map2(a, b, [](T x, T y) { return std::max(x, y); }); }
    static VecType min(const VecType& a, const VecType& b) { return map2(a, b, [](T x, T y) { return std::min(x, y); }); }
    // v1 + v2 * v3
    static VecType fma(const VecType& v1, const VecType& v2, const VecType& v3) { return v1 + v2 * v3; }
    // v1 - v2 * v3
    static VecType fms(const VecType& v1, const VecType& v2, const VecType& v3) { return v1 - v2 * v3; }
    // Treats (v0..v3) as a 4 x N matrix in row-major order of 4-lane groups and transposes it, as MNN.
    static void transpose4(VecType& v0, VecType& v1, VecType& v2, VecType& v3) {
        const VecType s[4] = {v0, v1, v2, v3};
        for (int i = 0; i < N; ++i) {
            v0.value[i] = s[i % 4].value[i >> 2];
            v1.value[i] = s[i % 4].value[(i + N) >> 2];
            v2.value[i] = s[i % 4].value[(i + 2 * N) >> 2];
            v3.value[i] = s[i % 4].value[(i + 3 * N) >> 2];
        }
    }
};

#if defined(MNN_USE_NEON) || defined(MNN_USE_SSE)
template <>
struct Vec<float, 4> {
    using VecType = Vec<float, 4>;
#ifdef MNN_USE_NEON
    using Native = float32x4_t;
    static Native dup(float v) { return vdupq_n_f32(v); }
    static Native add(Native a, Native b) { return vaddq_f32(a, b); }
    static Native sub(Native a, Native b) { return vsubq_f32(a, b); }
    static Native mul(Native a, Native b) { return vmulq_f32(a, b); }
    static Native vmax(Native a, Native b) { return vmaxq_f32(a, b); }
    static Native vmin(Native a, Native b) { return vminq_f32(a, b); }
    static Native ld(const float* p) { return vld1q_f32(p); }
    static void st(float* p, Native v) { vst1q_f32(p, v); }
    static Native mask(uint32x4_t m) { return vreinterpretq_f32_u32(vandq_u32(m, vreinterpretq_u32_f32(dup(1.0f)))); }
    static Native eq(Native a, Native b) { return mask(vceqq_f32(a, b)); }
    static Native lt(Native a, Native b) { return mask(vcltq_f32(a, b)); }
    static Native le(Native a, Native b) { return mask(vcleq_f32(a, b)); }
    static Native gt(Native a, Native b) { return mask(vcgtq_f32(a, b)); }
    static Native ge(Native a, Native b) { return mask(vcgeq_f32(a, b)); }
#else
    using Native = __m128;
    static Native dup(float v) { return _mm_set1_ps(v); }
    static Native add(Native a, Native b) { return _mm_add_ps(a, b); }
    static Native sub(Native a, Native b) { return _mm_sub_ps(a, b); }
    static Native mul(Native a, Native b) { return _mm_mul_ps(a, b); }
    static Native vmax(Native a, Native b) { return _mm_max_ps(a, b); }
    static Native vmin(Native a, Native b) { return _mm_min_ps(a, b); }
    static Native ld(const float* p) { return _mm_loadu_ps(p); }
    static void st(float* p, Native v) { _mm_storeu_ps(p, v); }
    static Native mask(Native m) { return _mm_and_ps(m, dup(1.0f)); }
    static Native eq(Native a, Native b) { return mask(_mm_cmpeq_ps(a, b)); }
    static Native lt(Native a, Native b) { return mask(_mm_cmplt_ps(a, b)); }
    static Native le(Native a, Native b) { return mask(_mm_cmple_ps(a, b)); }
    static Native gt(Native a, Native b) { return mask(_mm_cmpgt_ps(a, b)); }
    static Native ge(Native a, Native b) { return mask(_mm_cmpge_ps(a, b)); }
#endif
    Native value;

    Vec() {}
    Vec(const float v) : value(dup(v)) {}
    Vec(const Native v) : value(v) {}
    Vec(const VecType& lr) = default;
    VecType& operator=(const VecType& lr) = default;

    VecType operator+(const VecType& lr) const { return add(value, lr.value); }
    VecType operator-(const VecType& lr) const { return sub(value, lr.value); }
    VecType operator*(const VecType& lr) const { return mul(value, lr.value); }
    VecType operator*(float lr) const { return mul(value, dup(lr)); }
    VecType operator+=(const VecType& lr) { return *this = *this + lr; }
    VecType operator-=(const VecType& lr) { return *this = *this - lr; }
    VecType operator-() const { return sub(dup(0.0f), value); }
    VecType operator==(const VecType& lr) const { return eq(value, lr.value); }
    VecType operator<(const VecType& lr) const { return lt(value, lr.value); }
    VecType operator<=(const VecType& lr) const { return le(value, lr.value); }
    VecType operator>(const VecType& lr) const { return gt(value, lr.value); }
    VecType operator>=(const VecType& lr) const { return ge(value, lr.value); }
    float operator[](size_t i) const {
        float tmp[4];
        st(tmp, value);
        return tmp[i];
    }

    static VecType load(const float* addr) { return ld(addr); }
    static VecType broadcast(const float* addr) { return dup(addr[0]); }
    static void save(float* addr, const VecType& v) { st(addr, v.value); }
    static VecType max(const VecType& a, const VecType& b) { return vmax(a.value, b.value); }
    static VecType min(const VecType& a, const VecType& b) { return vmin(a.value, b.value); }
    static VecType fma(const VecType& v1, const VecType& v2, const VecType& v3) { return v1 + v2 * v3; }
    static VecType fms(const VecType& v1, const VecType& v2, const VecType& v3) { return v1 - v2 * v3; }
    // 4x4 transpose of the rows v0..v3.
    static void transpose4(VecType& v0, VecType& v1, VecType& v2, VecType& v3) {
        float m[4][4];
        st(m[0], v0.value), st(m[1], v1.value), st(m[2], v2.value), st(m[3], v3.value);
        float t[4][4];
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 4; ++j) t[i][j] = m[j][i];
        v0 = ld(t[0]), v1 = ld(t[1]), v2 = ld(t[2]), v3 = ld(t[3]);
    }
};
#endif

} // namespace Math
} // namespace MNN

#endif // Vec_hpp
