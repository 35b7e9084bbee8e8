// The register-blocked GEMM tile shared by the recurrent kernels.
#ifndef LSTMKIT_LK_TILE_H
#define LSTMKIT_LK_TILE_H

#include "lk_math.h"

#if defined(__x86_64__)

/// acc[r * NV + q] (16 lanes) (+)= sum over k < kCount of a[r * lda + k] * b[(k * NV + q) * 16 + lane], for
/// r < ROWS, q < NV: ROWS rows of A against a packed panel of NV * 16 columns of B (64-byte aligned); with
/// ADD the sum is added to acc, else it replaces it. ROWS, NV and ADD are compile-time constants at every
/// call site, so the accumulators live in registers.
LK_INLINE void lk_tile_gemm(const int ROWS, const int NV, const int ADD, const float *a, int lda, const float *b,
                            int kCount, __m512 *acc) {
    __m512 c[32];
    for (int i = 0; i < ROWS * NV; i++) c[i] = ADD ? acc[i] : _mm512_setzero_ps();
    for (int k = 0; k < kCount; k++) {
        __m512 w[4];
        for (int q = 0; q < NV; q++) w[q] = _mm512_load_ps(b + (k * NV + q) * 16);
        for (int r = 0; r < ROWS; r++) {
            __m512 x = _mm512_set1_ps(a[r * lda + k]);
            for (int q = 0; q < NV; q++) c[r * NV + q] = _mm512_fmadd_ps(x, w[q], c[r * NV + q]);
        }
    }
    for (int i = 0; i < ROWS * NV; i++) acc[i] = c[i];
}

/// The lanes of a 16-wide block starting at unit j0 that lie below `count` units, as a mask.
static inline __mmask16 lk_lanes(int j0, int count) {
    int lanes = count - j0;
    if (lanes >= 16) return (__mmask16)0xFFFF;
    if (lanes <= 0) return 0;
    return (__mmask16)((1u << lanes) - 1);
}

#endif
#endif
