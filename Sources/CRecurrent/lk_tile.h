// The register-blocked GEMM tile shared by the recurrent kernels, written once over the vector width LK_W
// (include an lk_isa_<isa>.h first).
#ifndef LSTMKIT_LK_TILE_H
#define LSTMKIT_LK_TILE_H

#include "lk_math.h"

/// acc[r * NV + q] (LK_W lanes) (+)= sum over k < kCount of a[r * lda + k] * b[(k * NV + q) * LK_W + lane],
/// for r < ROWS, q < NV: ROWS rows of A against a packed panel of NV * LK_W columns of B (aligned); with ADD
/// the sum is added to acc, else it replaces it. ROWS, NV and ADD are compile-time constants at every call
/// site, so the accumulators live in registers.
LK_INLINE void lk_tile_gemm(const int ROWS, const int NV, const int ADD, const float *a, int lda, const float *b,
                            int kCount, lk_vf *acc) {
    lk_vf c[32];
    for (int i = 0; i < ROWS * NV; i++) c[i] = ADD ? acc[i] : lk_set(0.0f);
    for (int k = 0; k < kCount; k++) {
        lk_vf w[4];
        for (int q = 0; q < NV; q++) w[q] = *(const lk_vf *)(b + (k * NV + q) * LK_W);
        for (int r = 0; r < ROWS; r++) {
            lk_vf x = lk_set(a[r * lda + k]);
            for (int q = 0; q < NV; q++) c[r * NV + q] = lk_fma(x, w[q], c[r * NV + q]);
        }
    }
    for (int i = 0; i < ROWS * NV; i++) acc[i] = c[i];
}

/// `M(R)` for R = rows (1 ... 8, at most MAX): the tile functions instantiated for each row count a tile of
/// this ISA can have. Each M(R) ends with `break`.
#define LK_SWITCH_ROWS(rows, MAX, M)                                                    \
    switch (rows) {                                                                     \
    case 8: if (8 <= (MAX)) { M(8) } /* fall through */                                 \
    case 7: if (7 <= (MAX)) { M(7) } /* fall through */                                 \
    case 6: if (6 <= (MAX)) { M(6) } /* fall through */                                 \
    case 5: if (5 <= (MAX)) { M(5) } /* fall through */                                 \
    case 4: if (4 <= (MAX)) { M(4) } /* fall through */                                 \
    case 3: if (3 <= (MAX)) { M(3) } /* fall through */                                 \
    case 2: if (2 <= (MAX)) { M(2) } /* fall through */                                 \
    default: M(1)                                                                       \
    }

#endif
