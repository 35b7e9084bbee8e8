// The vector primitives of the AVX-512 kernels (16 lanes, 32 zmm registers). lk_math.h, lk_tile.h and the
// kernel bodies (lstm_forward.h, ...) are written once over these; lk_kernels_avx512.c compiles them here.
#ifndef LSTMKIT_LK_ISA_H
#define LSTMKIT_LK_ISA_H
#include <immintrin.h>

#define LK_W 16                       // lanes
#define LK_SUFFIX(name) name##_avx512
#define LK_TARGET __attribute__((target("avx512f,avx512dq,avx2,fma")))
#define LK_INLINE static inline __attribute__((always_inline)) LK_TARGET
// Rows per register tile (accumulators = rows x gates <= 24 of 32 registers).
#define LK_LSTM_FORWARD_ROWS 6        // x 4 gates
#define LK_BACKWARD_ROWS 8            // x 2 vectors (LSTM and GRU)
#define LK_GRU_FORWARD_ROWS 8         // x 3 gates

typedef __m512 lk_vf;
typedef int lk_vi __attribute__((vector_size(64)));
typedef __mmask16 lk_mask;
typedef __mmask16 lk_lanes_t;         // the lanes of a block that lie below the unit count

LK_INLINE lk_vf lk_set(float v) { return _mm512_set1_ps(v); }
LK_INLINE lk_vi lk_seti(int v) { return (lk_vi)_mm512_set1_epi32(v); }
LK_INLINE lk_vf lk_fma(lk_vf a, lk_vf b, lk_vf c) { return _mm512_fmadd_ps(a, b, c); }    // a * b + c
LK_INLINE lk_vf lk_fnma(lk_vf a, lk_vf b, lk_vf c) { return _mm512_fnmadd_ps(a, b, c); }  // c - a * b
LK_INLINE lk_vf lk_min(lk_vf a, lk_vf b) { return _mm512_min_ps(a, b); }
LK_INLINE lk_vf lk_max(lk_vf a, lk_vf b) { return _mm512_max_ps(a, b); }
LK_INLINE lk_mask lk_lt(lk_vf a, lk_vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
LK_INLINE lk_mask lk_gt(lk_vf a, lk_vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
LK_INLINE lk_mask lk_isnan(lk_vf a) { return _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q); }
LK_INLINE lk_vf lk_select(lk_mask m, lk_vf t, lk_vf f) { return _mm512_mask_mov_ps(f, m, t); }
LK_INLINE int lk_any(lk_mask m) { return m != 0; }

static inline lk_lanes_t lk_lanes(int j0, int count) {
    int lanes = count - j0;
    if (lanes >= 16) return (__mmask16)0xFFFF;
    if (lanes <= 0) return 0;
    return (__mmask16)((1u << lanes) - 1);
}
LK_INLINE lk_vf lk_loadu(lk_lanes_t m, const float *p) { return _mm512_maskz_loadu_ps(m, p); }
LK_INLINE void lk_storeu(lk_lanes_t m, float *p, lk_vf v) { _mm512_mask_storeu_ps(p, m, v); }

#endif
