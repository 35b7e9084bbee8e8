// The GRU backward time loop (see CRecurrent.h). Step t (from T-1 down to 0) is one pass over tiles of
// 32 hidden units x up to 8 rows: the GEMM dGh[t+1] @ W_hh for the tile, then at once the pointwise backward
// of step t for the same units (gruRowBackward in Sources/LSTMKit/Fused/GRUKernel.swift):
//
//     dh'  = dh + dOut[t]
//     da_n = dh' * (1 - z) * (1 - n^2)
//     da_z = dh' * (h[t-1] - n) * z * (1 - z)
//     da_r = da_n * hn * r * (1 - r)
//     dGx[t] = [da_r, da_z, da_n]       dGh[t] = [da_r, da_z, da_n * r]
//     dh = dh' * z                      (the part of dh[t-1] that does not come from the GEMM)
//
// `dh` carries what does not come from the GEMM: dLoss/dh[T] at first, dh' * z after a kept step, and the
// gradient passed through a padded step (keep = 0, where dGx = dGh = 0 and dh passes unchanged). A last pass
// (t = -1) leaves dh0 = dGh[0] @ W_hh + the carried part in `dh`.
#include "CRecurrent.h"
#include "lk_parallel.h"
#include "lk_tile.h"

#include <stdlib.h>

#if defined(__x86_64__)

typedef struct {
    const lk_gru_backward_args *args;
    lk_barrier barrier;
    int tiles, blocks;
} lk_gru_backward_context;

static LK_TARGET void lk_gru_backward_tile(const lk_gru_backward_args *a, int t, int v, int row0, int rows) {
    const int H = a->hidden, G = 3 * H, B = a->batch;
    __m512 acc[16];
    if (t < a->steps - 1) {
        const float *dgh_next = a->d_gh + ((size_t)(t + 1) * B + row0) * G;
        const float *panel = a->packed_weight_hh + (size_t)v * G * 32;
        switch (rows) {
        case 8: lk_tile_gemm(8, 2, 0, dgh_next, G, panel, G, acc); break;
        case 7: lk_tile_gemm(7, 2, 0, dgh_next, G, panel, G, acc); break;
        case 6: lk_tile_gemm(6, 2, 0, dgh_next, G, panel, G, acc); break;
        case 5: lk_tile_gemm(5, 2, 0, dgh_next, G, panel, G, acc); break;
        case 4: lk_tile_gemm(4, 2, 0, dgh_next, G, panel, G, acc); break;
        case 3: lk_tile_gemm(3, 2, 0, dgh_next, G, panel, G, acc); break;
        case 2: lk_tile_gemm(2, 2, 0, dgh_next, G, panel, G, acc); break;
        default: lk_tile_gemm(1, 2, 0, dgh_next, G, panel, G, acc); break;
        }
    } else {
        for (int i = 0; i < 16; i++) acc[i] = _mm512_setzero_ps();
    }
    for (int r = 0; r < rows; r++) {
        const int b = row0 + r;
        for (int q = 0; q < 2; q++) {
            const int j = 32 * v + 16 * q;
            const __mmask16 mask = lk_lanes(j, H);
            if (mask == 0) continue;
            float *carried = a->dh + (size_t)b * H + j;
            __m512 dh = _mm512_add_ps(acc[r * 2 + q], _mm512_maskz_loadu_ps(mask, carried));
            if (t < 0) {                                           // dh0
                _mm512_mask_storeu_ps(carried, mask, dh);
                continue;
            }
            const size_t row = (size_t)t * B + b;
            float *dgx = a->d_gx + row * G + j, *dgh = a->d_gh + row * G + j;
            if (a->keep != NULL && a->keep[row] == 0.0f) {         // padded: dGx = dGh = 0, dh passes
                for (int g = 0; g < 3; g++) {
                    _mm512_mask_storeu_ps(dgx + g * H, mask, _mm512_setzero_ps());
                    _mm512_mask_storeu_ps(dgh + g * H, mask, _mm512_setzero_ps());
                }
                _mm512_mask_storeu_ps(carried, mask, dh);
                continue;
            }
            const float *gates = a->gates + row * G + j;
            __m512 rg = _mm512_maskz_loadu_ps(mask, gates), z = _mm512_maskz_loadu_ps(mask, gates + H);
            __m512 n = _mm512_maskz_loadu_ps(mask, gates + 2 * H);
            __m512 hn = _mm512_maskz_loadu_ps(mask, a->hn + row * H + j);
            __m512 h_prev = _mm512_maskz_loadu_ps(mask, a->h + row * H + j);
            const __m512 one = lk_set(1.0f);
            __m512 dhn = _mm512_add_ps(dh, _mm512_maskz_loadu_ps(mask, a->d_out + row * H + j));   // dh'
            __m512 dan = _mm512_mul_ps(_mm512_mul_ps(dhn, _mm512_sub_ps(one, z)), _mm512_fnmadd_ps(n, n, one));
            __m512 daz = _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(dhn, _mm512_sub_ps(h_prev, n)), z),
                                       _mm512_sub_ps(one, z));
            __m512 dar = _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(dan, hn), rg), _mm512_sub_ps(one, rg));
            _mm512_mask_storeu_ps(dgx, mask, dar);
            _mm512_mask_storeu_ps(dgx + H, mask, daz);
            _mm512_mask_storeu_ps(dgx + 2 * H, mask, dan);
            _mm512_mask_storeu_ps(dgh, mask, dar);
            _mm512_mask_storeu_ps(dgh + H, mask, daz);
            _mm512_mask_storeu_ps(dgh + 2 * H, mask, _mm512_mul_ps(dan, rg));
            _mm512_mask_storeu_ps(carried, mask, _mm512_mul_ps(dhn, z));
        }
    }
}

static void lk_gru_backward_body(void *context, int thread, int threads) {
    lk_gru_backward_context *ctx = (lk_gru_backward_context *)context;
    const lk_gru_backward_args *a = ctx->args;
    int begin, end;
    lk_share(ctx->tiles * ctx->blocks, thread, threads, &begin, &end);
    for (int t = a->steps - 1; t >= -1; t--) {
        for (int item = begin; item < end; item++) {
            int v = item / ctx->blocks, block = item % ctx->blocks;
            int row0, rows;
            lk_block_rows(block, ctx->blocks, a->batch, &row0, &rows);
            lk_gru_backward_tile(a, t, v, row0, rows);
        }
        lk_barrier_wait(&ctx->barrier);   // dGh[t] complete before step t-1's GEMM reads it
    }
}

void lk_gru_backward(const lk_gru_backward_args *args) {
    lk_gru_backward_context ctx;
    ctx.args = args;
    ctx.tiles = lk_tiles(args->hidden, 32);
    ctx.blocks = (args->batch + 7) / 8;
    long macs = (long)args->batch * 3 * args->hidden * args->hidden;
    int threads = lk_useful_threads(args->threads, macs, ctx.tiles * ctx.blocks);
    lk_parallel_run(threads, &ctx.barrier, &ctx, lk_gru_backward_body);
}

#else
void lk_gru_backward(const lk_gru_backward_args *args) { (void)args; abort(); }
#endif
