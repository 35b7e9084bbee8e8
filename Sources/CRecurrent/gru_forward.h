// The GRU forward time loop (see CRecurrent.h): per step, tiles of LK_W hidden units x 3 gates x up to
// LK_GRU_FORWARD_ROWS rows (written once over the vector width, included by lk_kernels_<isa>.c).
// Each tile computes two GEMMs into 3 accumulators per row: x[t] @ W_ih^T first, whose n part is set aside
// (n needs r * (h W_hn^T + b_hn) apart from the input part), then h[t-1] @ W_hh^T added on top. Then the
// gate math of gruRowForward (Sources/LSTMKit/Fused/GRUKernel.swift) on the same tile:
//
//     r  = sigmoid(ax_r + ah_r + b_ir + b_hr)       z = sigmoid(ax_z + ah_z + b_iz + b_hz)
//     hn = ah_n + b_hn                               (cached)
//     n  = tanh(ax_n + b_in + r * hn)
//     h' = n + z * (h[t-1] - n)
#include "CRecurrent.h"
#include "lk_parallel.h"
#include "lk_tile.h"

typedef struct {
    const lk_gru_forward_args *args;
    lk_barrier barrier;
    int tiles, blocks;
} lk_gru_forward_context;

/// One tile: rows row0 ..< row0 + rows of step t, units LK_W u ..< LK_W (u + 1).
static LK_TARGET void lk_gru_forward_tile(const lk_gru_forward_args *a, int t, int u, int row0, int rows) {
    const int H = a->hidden, G = 3 * H, B = a->batch, D = a->input_size, j0 = LK_W * u;
    const lk_lanes_t mask = lk_lanes(j0, H);
    const float *x = a->x + ((size_t)t * B + row0) * D;
    const float *h_prev = a->h + ((size_t)t * B + row0) * H;
    const float *panel_ih = a->packed_weight_ih + (size_t)u * D * 3 * LK_W;
    const float *panel_hh = a->packed_weight_hh + (size_t)u * H * 3 * LK_W;
    lk_vf acc[24], ax_n[8];
    // acc = [ax_r + ah_r, ax_z + ah_z, ah_n] per row, ax_n = the input part of n.
#define LK_GRU_FORWARD_GEMM(R)                                                          \
    lk_tile_gemm(R, 3, 0, x, D, panel_ih, D, acc);                                      \
    for (int r = 0; r < R; r++) {                                                        \
        ax_n[r] = acc[r * 3 + 2];                                                        \
        acc[r * 3 + 2] = lk_set(0.0f);                                            \
    }                                                                                    \
    lk_tile_gemm(R, 3, 1, h_prev, H, panel_hh, H, acc);                                  \
    break;
    LK_SWITCH_ROWS(rows, LK_GRU_FORWARD_ROWS, LK_GRU_FORWARD_GEMM)
#undef LK_GRU_FORWARD_GEMM
    for (int r = 0; r < rows; r++) {
        const size_t row = (size_t)t * B + row0 + r;
        lk_vf pre_r = acc[r * 3], pre_z = acc[r * 3 + 1], hn = acc[r * 3 + 2], pre_n = ax_n[r];
        if (a->bias) {
            pre_r = pre_r + lk_loadu(mask, a->bias + j0);
            pre_z = pre_z + lk_loadu(mask, a->bias + H + j0);
            pre_n = pre_n + lk_loadu(mask, a->bias + 2 * H + j0);
            hn = hn + lk_loadu(mask, a->bias + 3 * H + j0);
        }
        lk_vf rg = lk_sigmoid(pre_r), z = lk_sigmoid(pre_z);
        lk_vf n = lk_tanh(lk_fma(rg, hn, pre_n));          // n = tanh(ax_n + b_in + r * hn)
        float *gates = a->gates + row * G + j0;
        lk_storeu(mask, gates, rg);
        lk_storeu(mask, gates + H, z);
        lk_storeu(mask, gates + 2 * H, n);
        lk_storeu(mask, a->hn + row * H + j0, hn);
        lk_vf hp = lk_loadu(mask, h_prev + (size_t)r * H + j0);
        float *h_next = a->h + (row + B) * H + j0;
        float *out = a->out + row * H + j0;
        if (a->keep == NULL || a->keep[row] != 0.0f) {
            lk_vf hnew = lk_fma(z, hp - n, n);   // h' = n + z * (h - n)
            lk_storeu(mask, h_next, hnew);
            lk_storeu(mask, out, hnew);
        } else {                                                          // padded step: carry the state
            lk_storeu(mask, h_next, hp);
            lk_storeu(mask, out, lk_set(0.0f));
        }
    }
}

static void lk_gru_forward_body(void *context, int thread, int threads) {
    lk_gru_forward_context *ctx = (lk_gru_forward_context *)context;
    const lk_gru_forward_args *a = ctx->args;
    int begin, end;
    lk_share(ctx->tiles * ctx->blocks, thread, threads, &begin, &end);
    for (int t = 0; t < a->steps; t++) {
        for (int item = begin; item < end; item++) {
            int u = item / ctx->blocks, block = item % ctx->blocks;
            int row0, rows;
            lk_block_rows(block, ctx->blocks, a->batch, &row0, &rows);
            lk_gru_forward_tile(a, t, u, row0, rows);
        }
        lk_barrier_wait(&ctx->barrier);   // h[t+1] complete before any tile of step t+1 reads it
    }
}

void LK_SUFFIX(lk_gru_forward)(const lk_gru_forward_args *args) {
    lk_gru_forward_context ctx;
    ctx.args = args;
    ctx.tiles = lk_tiles(args->hidden, LK_W);
    ctx.blocks = (args->batch + LK_GRU_FORWARD_ROWS - 1) / LK_GRU_FORWARD_ROWS;
    long macs = (long)args->batch * 3 * args->hidden * (args->hidden + args->input_size);
    int threads = lk_useful_threads(args->threads, macs, ctx.tiles * ctx.blocks);
    lk_parallel_run(threads, &ctx.barrier, &ctx, lk_gru_forward_body);
}
