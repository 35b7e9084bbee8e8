// The LSTM backward time loop (see CRecurrent.h). Step t (from T-1 down to 0) is one pass over tiles of
// 2 LK_W hidden units (2 vectors) x up to LK_BACKWARD_ROWS rows: the GEMM dh[t] = dGates[t+1] @ W_hh for the
// tile, then at once the pointwise backward of step t for the same units (written once over the vector width,
// included by lk_kernels_<isa>.c):
//
//     dH = dh + dOut[t]
//     dc' = dc + dH * o * (1 - tanh(c')^2)
//     dz_i = dc' * g * i * (1 - i)      dz_f = dc' * c[t-1] * f * (1 - f)
//     dz_g = dc' * i * (1 - g^2)        dz_o = dH * tanh(c') * o * (1 - o)
//     dc = dc' * f
//
// `dh` carries what does not come from the GEMM: dLoss/dh[T] at first, and the gradient passed through a
// padded step (keep = 0, where dGates = 0 and dh, dc pass unchanged). A last pass (t = -1) leaves
// dh0 = dGates[0] @ W_hh + the carried part in `dh`.
#include "CRecurrent.h"
#include "lk_memory.h"
#include "lk_parallel.h"
#include "lk_tile.h"

typedef struct {
    const lk_lstm_backward_args *args;
    lk_barrier barrier;
    int tiles, blocks;
    float *scratch;                   // [threads, B, 2 * LK_W]: each thread's accumulators, 64-byte aligned
} lk_backward_context;

/// K (= 4H) is consumed in chunks of LK_BACKWARD_KC rows of the packed panel (256 x 2 LK_W floats, 32 KB
/// with AVX-512), so that a chunk stays in L1 while every row block of the tile uses it.
#define LK_BACKWARD_KC 256

/// acc[r * 2 + q] = (dGates[t+1] @ W_hh)[row0 + r, 2 LK_W v + LK_W q ...] for row blocks block0 ..< block1
/// (in `scratch`, at row0 * 2 LK_W), or 0 at t = T-1.
static LK_TARGET void lk_backward_gemm(const lk_backward_context *ctx, int t, int v, int block0, int block1,
                                       float *scratch) {
    const lk_lstm_backward_args *a = ctx->args;
    const int H = a->hidden, G = 4 * H, B = a->batch;
    const float *dz_next = a->d_gates + (size_t)(t + 1) * B * G;
    const float *panel = a->packed_weight_hh + (size_t)v * G * 2 * LK_W;
    for (int k0 = 0; k0 < G; k0 += LK_BACKWARD_KC) {
        const int kc = G - k0 < LK_BACKWARD_KC ? G - k0 : LK_BACKWARD_KC;
        for (int block = block0; block < block1; block++) {
            int row0, rows;
            lk_block_rows(block, ctx->blocks, B, &row0, &rows);
            const float *rows_a = dz_next + (size_t)row0 * G + k0;
            const float *p = panel + (size_t)k0 * 2 * LK_W;
            lk_vf *acc = (lk_vf *)(scratch + (size_t)row0 * 2 * LK_W);
#define LK_CHUNK(R)                                                                     \
    if (k0 == 0) lk_tile_gemm(R, 2, 0, rows_a, G, p, kc, acc);                          \
    else lk_tile_gemm(R, 2, 1, rows_a, G, p, kc, acc);                                  \
    break;
            LK_SWITCH_ROWS(rows, LK_BACKWARD_ROWS, LK_CHUNK)
#undef LK_CHUNK
        }
    }
}

/// The pointwise backward of step t (or dh0 at t = -1) for rows row0 ..< row0 + rows, units
/// 2 LK_W v ..< 2 LK_W (v + 1), from acc = their part of dGates[t+1] @ W_hh.
static LK_TARGET void lk_backward_epilogue(const lk_lstm_backward_args *a, int t, int v, int row0, int rows,
                                           const lk_vf *acc) {
    const int H = a->hidden, G = 4 * H, B = a->batch;
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
            float *dz = a->d_gates + row * G + j;
            if (a->keep != NULL && a->keep[row] == 0.0f) {         // padded: dGates = 0, dh and dc pass
                for (int g = 0; g < 4; g++) lk_storeu(mask, dz + g * H, lk_set(0.0f));
                lk_storeu(mask, carried, dh);
                continue;
            }
            const float *gates = a->gates + row * G + j;
            lk_vf i = lk_loadu(mask, gates), f = lk_loadu(mask, gates + H);
            lk_vf g = lk_loadu(mask, gates + 2 * H), o = lk_loadu(mask, gates + 3 * H);
            lk_vf c_prev = lk_loadu(mask, a->c + row * H + j);
            lk_vf tc = lk_loadu(mask, a->tanh_c + row * H + j);
            lk_vf dH = dh + lk_loadu(mask, a->d_out + row * H + j);
            float *dc_pointer = a->dc + (size_t)b * H + j;
            const lk_vf one = lk_set(1.0f);
            lk_vf dc = lk_fma(dH * o, lk_fnma(tc, tc, one),
                                        lk_loadu(mask, dc_pointer));
            lk_vf dzi = dc * g * i * (one - i);
            lk_vf dzf = dc * c_prev * f * (one - f);
            lk_vf dzg = dc * i * lk_fnma(g, g, one);
            lk_vf dzo = dH * tc * o * (one - o);
            lk_storeu(mask, dz, dzi);
            lk_storeu(mask, dz + H, dzf);
            lk_storeu(mask, dz + 2 * H, dzg);
            lk_storeu(mask, dz + 3 * H, dzo);
            lk_storeu(mask, dc_pointer, dc * f);
            lk_storeu(mask, carried, lk_set(0.0f));
        }
    }
}

static void lk_backward_body(void *context, int thread, int threads) {
    lk_backward_context *ctx = (lk_backward_context *)context;
    const lk_lstm_backward_args *a = ctx->args;
    float *scratch = ctx->scratch + (size_t)thread * a->batch * 2 * LK_W;
    int begin, end;
    lk_share(ctx->tiles * ctx->blocks, thread, threads, &begin, &end);
    for (int t = a->steps - 1; t >= -1; t--) {
        // This thread's items (tile-major), grouped by unit tile.
        for (int item = begin; item < end;) {
            const int v = item / ctx->blocks, block0 = item % ctx->blocks;
            const int block1 = block0 + (end - item) < ctx->blocks ? block0 + (end - item) : ctx->blocks;
            if (t < a->steps - 1) {
                lk_backward_gemm(ctx, t, v, block0, block1, scratch);
            } else {
                for (size_t i = 0; i < (size_t)a->batch * 2 * LK_W; i++) scratch[i] = 0.0f;
            }
            for (int block = block0; block < block1; block++) {
                int row0, rows;
                lk_block_rows(block, ctx->blocks, a->batch, &row0, &rows);
                lk_backward_epilogue(a, t, v, row0, rows, (const lk_vf *)(scratch + (size_t)row0 * 2 * LK_W));
            }
            item += block1 - block0;
        }
        lk_barrier_wait(&ctx->barrier);   // dGates[t] complete before step t-1's GEMM reads it
    }
}

void LK_SUFFIX(lk_lstm_backward)(const lk_lstm_backward_args *args) {
    lk_backward_context ctx;
    ctx.args = args;
    ctx.tiles = lk_tiles(args->hidden, 2 * LK_W);
    ctx.blocks = (args->batch + LK_BACKWARD_ROWS - 1) / LK_BACKWARD_ROWS;
    long macs = (long)args->batch * 4 * args->hidden * args->hidden;
    int threads = lk_useful_threads(args->threads, macs, ctx.tiles * ctx.blocks);
    ctx.scratch = lk_alloc_floats_or_die((size_t)threads * args->batch * 2 * LK_W, "the LSTM backward accumulators");
    lk_parallel_run(threads, &ctx.barrier, &ctx, lk_backward_body);
    lk_free(ctx.scratch);
}
