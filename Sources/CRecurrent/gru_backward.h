// The GRU backward time loop (see CRecurrent.h). Step t (from T-1 down to 0) is one pass over tiles of
// 2 LK_W hidden units (2 vectors) x up to LK_BACKWARD_ROWS rows: the GEMM dGh[t+1] @ W_hh for the tile, then
// at once the pointwise backward of step t for the same units (gruRowBackward in
// Sources/LSTMKit/Fused/GRUKernel.swift; written once over the vector width, included by lk_kernels_<isa>.c):
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

typedef struct {
    const lk_gru_backward_args *args;
    lk_barrier barrier;
    int tiles, blocks;
} lk_gru_backward_context;

static LK_TARGET void lk_gru_backward_tile(const lk_gru_backward_args *a, int t, int v, int row0, int rows) {
    const int H = a->hidden, G = 3 * H, B = a->batch;
    lk_vf acc[16];
    if (t < a->steps - 1) {
        const float *dgh_next = a->d_gh + ((size_t)(t + 1) * B + row0) * G;
        const float *panel = a->packed_weight_hh + (size_t)v * G * 2 * LK_W;
#define LK_GRU_BACKWARD_GEMM(R) lk_tile_gemm(R, 2, 0, dgh_next, G, panel, G, acc); break;
        LK_SWITCH_ROWS(rows, LK_BACKWARD_ROWS, LK_GRU_BACKWARD_GEMM)
#undef LK_GRU_BACKWARD_GEMM
    } else {
        for (int i = 0; i < 16; i++) acc[i] = lk_set(0.0f);
    }
    for (int r = 0; r < rows; r++) {
        const int b = row0 + r;
        for (int q = 0; q < 2; q++) {
            const int j = 2 * LK_W * v + LK_W * q;
            const lk_lanes_t mask = lk_lanes(j, H);
            if (j >= H) continue;
            float *carried = a->dh + (size_t)b * H + j;
            lk_vf dh = acc[r * 2 + q] + lk_loadu(mask, carried);
            if (t < 0) {                                           // dh0
                lk_storeu(mask, carried, dh);
                continue;
            }
            const size_t row = (size_t)t * B + b;
            float *dgx = a->d_gx + row * G + j, *dgh = a->d_gh + row * G + j;
            if (a->keep != NULL && a->keep[row] == 0.0f) {         // padded: dGx = dGh = 0, dh passes
                for (int g = 0; g < 3; g++) {
                    lk_storeu(mask, dgx + g * H, lk_set(0.0f));
                    lk_storeu(mask, dgh + g * H, lk_set(0.0f));
                }
                lk_storeu(mask, carried, dh);
                continue;
            }
            const float *gates = a->gates + row * G + j;
            lk_vf rg = lk_loadu(mask, gates), z = lk_loadu(mask, gates + H);
            lk_vf n = lk_loadu(mask, gates + 2 * H);
            lk_vf hn = lk_loadu(mask, a->hn + row * H + j);
            lk_vf h_prev = lk_loadu(mask, a->h + row * H + j);
            const lk_vf one = lk_set(1.0f);
            lk_vf dhn = dh + lk_loadu(mask, a->d_out + row * H + j);   // dh'
            lk_vf dan = dhn * (one - z) * lk_fnma(n, n, one);
            lk_vf daz = dhn * (h_prev - n) * z * (one - z);
            lk_vf dar = dan * hn * rg * (one - rg);
            lk_storeu(mask, dgx, dar);
            lk_storeu(mask, dgx + H, daz);
            lk_storeu(mask, dgx + 2 * H, dan);
            lk_storeu(mask, dgh, dar);
            lk_storeu(mask, dgh + H, daz);
            lk_storeu(mask, dgh + 2 * H, dan * rg);
            lk_storeu(mask, carried, dhn * z);
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

void LK_SUFFIX(lk_gru_backward)(const lk_gru_backward_args *args) {
    lk_gru_backward_context ctx;
    ctx.args = args;
    ctx.tiles = lk_tiles(args->hidden, 2 * LK_W);
    ctx.blocks = (args->batch + LK_BACKWARD_ROWS - 1) / LK_BACKWARD_ROWS;
    long macs = (long)args->batch * 3 * args->hidden * args->hidden;
    int threads = lk_useful_threads(args->threads, macs, ctx.tiles * ctx.blocks);
    lk_parallel_run(threads, &ctx.barrier, &ctx, lk_gru_backward_body);
}
