// AVX-512 exp, sigmoid and tanh of 16 floats: the same algorithms and constants as the Swift SIMD16 versions
// in Sources/LSTMKit/Kernels/VectorMath.swift (see there for the derivation), written with intrinsics and FMA.
// Results agree with the Swift versions to within an ULP or two (FMA rounds once where Swift rounds twice).
#ifndef LSTMKIT_LK_MATH_H
#define LSTMKIT_LK_MATH_H

#if defined(__x86_64__)
#include <immintrin.h>

#define LK_TARGET __attribute__((target("avx512f,avx512dq,avx2,fma")))
#define LK_INLINE static inline __attribute__((always_inline)) LK_TARGET

LK_INLINE __m512 lk_set(float v) { return _mm512_set1_ps(v); }

LK_INLINE __m512 lk_abs(__m512 x) {
    return _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32(0x7FFFFFFF)));
}

// e^r on |r| <= ln2/2: 1 + r + r^2 P(r), P minimax of degree 4.
LK_INLINE __m512 lk_exp_poly(__m512 r) {
    __m512 z = _mm512_mul_ps(r, r);
    __m512 p = _mm512_fmadd_ps(lk_set(1.3814485864713788e-3f), r, lk_set(8.368745446205139e-3f));
    p = _mm512_fmadd_ps(p, r, lk_set(4.166839271783829e-2f));
    p = _mm512_fmadd_ps(p, r, lk_set(1.666652113199234e-1f));
    p = _mm512_fmadd_ps(p, r, lk_set(4.999999403953552e-1f));
    return _mm512_add_ps(_mm512_fmadd_ps(p, z, r), lk_set(1.0f));
}

// exp(x) for |x| <= 87 (n in [-126, 126]): x = n ln2 + r, 2^n built from the rounding constant's bits.
LK_INLINE __m512 lk_exp_in_range(__m512 x) {
    const __m512 magic = lk_set(12583039.0f);  // 1.5 * 2^23 + 127
    __m512 t = _mm512_fmadd_ps(x, lk_set(1.44269504088896341f), magic);
    __m512 fn = _mm512_sub_ps(t, magic);
    __m512 r = _mm512_fnmadd_ps(fn, lk_set(0.693359375f), x);
    r = _mm512_fmadd_ps(fn, lk_set(2.12194440e-4f), r);
    __m512 scale = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_castps_si512(t), 23));
    return _mm512_mul_ps(lk_exp_poly(r), scale);
}

// exp(x) for any x: clamp to [-104, 89] and apply 2^n in two factors (subnormal results rounded once).
LK_INLINE __m512 lk_exp_any(__m512 v) {
    __m512 x = _mm512_min_ps(_mm512_max_ps(v, lk_set(-104.0f)), lk_set(89.0f));
    x = _mm512_mask_mov_ps(x, _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q), v);  // keep NaN
    const __m512 magic = lk_set(12583039.0f);
    __m512 t = _mm512_fmadd_ps(x, lk_set(1.44269504088896341f), magic);
    __m512 fn = _mm512_sub_ps(t, magic);
    __m512 r = _mm512_fnmadd_ps(fn, lk_set(0.693359375f), x);
    r = _mm512_fmadd_ps(fn, lk_set(2.12194440e-4f), r);
    __m512i n = _mm512_sub_epi32(_mm512_castps_si512(t), _mm512_set1_epi32(0x4B40007F));
    __m512i k1 = _mm512_srai_epi32(n, 1);
    __m512i k2 = _mm512_sub_epi32(n, k1);
    __m512 s1 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(k1, _mm512_set1_epi32(127)), 23));
    __m512 s2 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(k2, _mm512_set1_epi32(127)), 23));
    return _mm512_mul_ps(_mm512_mul_ps(lk_exp_poly(r), s1), s2);
}

// 1 / (1 + exp(-x)) for any x: exp(-|x|) / (1 + exp(-|x|)) for negative lanes, 1 / (1 + exp(-|x|)) otherwise.
static __attribute__((noinline)) LK_TARGET __m512 lk_sigmoid_slow(__m512 x) {
    __m512 neg_abs = _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000)));
    __m512 e = lk_exp_any(neg_abs);
    __m512 num = _mm512_mask_mov_ps(lk_set(1.0f), _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ), e);
    return _mm512_div_ps(num, _mm512_add_ps(e, lk_set(1.0f)));
}

// Sigmoid with the [3/3] Pade form of e^r, one division (fast path for |x| <= 87).
LK_INLINE __m512 lk_sigmoid(__m512 x) {
    if (_mm512_cmp_ps_mask(lk_abs(x), lk_set(87.0f), _CMP_GT_OQ)) return lk_sigmoid_slow(x);
    const __m512 magic = lk_set(12583039.0f);
    __m512 t = _mm512_fnmadd_ps(x, lk_set(1.44269504088896341f), magic);  // magic - x log2 e
    __m512 fn = _mm512_sub_ps(t, magic);
    __m512 q = _mm512_fmadd_ps(fn, lk_set(0.693359375f), x);
    q = _mm512_fnmadd_ps(fn, lk_set(2.12194440e-4f), q);
    __m512 z = _mm512_mul_ps(q, q);
    __m512 even = _mm512_fmadd_ps(z, lk_set(0.1f), lk_set(1.0f));
    __m512 odd = _mm512_mul_ps(_mm512_fmadd_ps(z, lk_set(8.33333333e-3f), lk_set(0.5f)), q);
    __m512 num = _mm512_sub_ps(even, odd);
    __m512 den = _mm512_add_ps(even, odd);
    __m512 scale = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_castps_si512(t), 23));
    return _mm512_div_ps(den, _mm512_fmadd_ps(scale, num, den));
}

// tanh: odd polynomial below |x| = 0.625, 1 - 2 / (exp(2|x|) + 1) above (|x| clamped to 9.5); sign restored.
LK_INLINE __m512 lk_tanh(__m512 x) {
    __m512i bits = _mm512_castps_si512(x);
    __m512i sign = _mm512_and_si512(bits, _mm512_set1_epi32((int)0x80000000));
    __m512 ax = _mm512_castsi512_ps(_mm512_and_si512(bits, _mm512_set1_epi32(0x7FFFFFFF)));
    __m512 z = _mm512_mul_ps(ax, ax);
    __m512 p = _mm512_fmadd_ps(lk_set(-5.70498872745e-3f), z, lk_set(2.06390887954e-2f));
    p = _mm512_fmadd_ps(p, z, lk_set(-5.37397155531e-2f));
    p = _mm512_fmadd_ps(p, z, lk_set(1.33314422036e-1f));
    p = _mm512_fmadd_ps(p, z, lk_set(-3.33332819422e-1f));
    __m512 small = _mm512_fmadd_ps(_mm512_mul_ps(p, z), ax, ax);
    __m512 c = _mm512_mask_mov_ps(ax, _mm512_cmp_ps_mask(ax, lk_set(9.5f), _CMP_GT_OQ), lk_set(9.5f));
    __m512 e = lk_exp_in_range(_mm512_add_ps(c, c));
    __m512 large = _mm512_sub_ps(lk_set(1.0f), _mm512_div_ps(lk_set(2.0f), _mm512_add_ps(e, lk_set(1.0f))));
    __m512 r = _mm512_mask_mov_ps(large, _mm512_cmp_ps_mask(ax, lk_set(0.625f), _CMP_LT_OQ), small);
    return _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(r), sign));
}

#endif
#endif
