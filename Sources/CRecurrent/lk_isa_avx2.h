// The vector primitives of the AVX2 + FMA kernels (8 lanes, 16 ymm registers): see lk_isa_avx512.h.
#ifndef LSTMKIT_LK_ISA_H
#define LSTMKIT_LK_ISA_H
#include <immintrin.h>

#define LK_W 8
#define LK_SUFFIX(name) name##_avx2
#define LK_TARGET __attribute__((target("avx2,fma")))
#define LK_INLINE static inline __attribute__((always_inline)) LK_TARGET
// Rows per register tile: accumulators + weight vectors + 1 broadcast <= 16 registers. 12 accumulators in
// the forward tiles spill (measured, kernels alone, 1 thread, Zen 4 forced to AVX2, config A: LSTM forward
// 3 rows x 4 gates 57-68 ms, 2 rows 26-28 ms; GRU forward 4 x 3 42-48 ms, 3 x 3 19-23 ms).
#define LK_LSTM_FORWARD_ROWS 2        // x 4 gates: 8 accumulators + 4 weights
#define LK_BACKWARD_ROWS 6            // x 2 vectors: 12 + 2
#define LK_GRU_FORWARD_ROWS 3         // x 3 gates: 9 + 3

typedef __m256 lk_vf;
typedef int lk_vi __attribute__((vector_size(32)));
typedef __m256 lk_mask;
typedef struct { int count; __m256i mask; } lk_lanes_t;

LK_INLINE lk_vf lk_set(float v) { return _mm256_set1_ps(v); }
LK_INLINE lk_vi lk_seti(int v) { return (lk_vi)_mm256_set1_epi32(v); }
LK_INLINE lk_vf lk_fma(lk_vf a, lk_vf b, lk_vf c) { return _mm256_fmadd_ps(a, b, c); }
LK_INLINE lk_vf lk_fnma(lk_vf a, lk_vf b, lk_vf c) { return _mm256_fnmadd_ps(a, b, c); }
LK_INLINE lk_vf lk_min(lk_vf a, lk_vf b) { return _mm256_min_ps(a, b); }
LK_INLINE lk_vf lk_max(lk_vf a, lk_vf b) { return _mm256_max_ps(a, b); }
LK_INLINE lk_mask lk_lt(lk_vf a, lk_vf b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
LK_INLINE lk_mask lk_gt(lk_vf a, lk_vf b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
LK_INLINE lk_mask lk_isnan(lk_vf a) { return _mm256_cmp_ps(a, a, _CMP_UNORD_Q); }
LK_INLINE lk_vf lk_select(lk_mask m, lk_vf t, lk_vf f) { return _mm256_blendv_ps(f, t, m); }
LK_INLINE int lk_any(lk_mask m) { return _mm256_movemask_ps(m) != 0; }

LK_INLINE lk_lanes_t lk_lanes(int j0, int count) {
    int lanes = count - j0;
    lk_lanes_t l = {lanes < 0 ? 0 : lanes > 8 ? 8 : lanes, _mm256_setzero_si256()};
    l.mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(l.count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    return l;
}
LK_INLINE lk_vf lk_loadu(lk_lanes_t l, const float *p) {
    return l.count == 8 ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, l.mask);
}
LK_INLINE void lk_storeu(lk_lanes_t l, float *p, lk_vf v) {
    if (l.count == 8) _mm256_storeu_ps(p, v);
    else _mm256_maskstore_ps(p, l.mask, v);
}

#endif
