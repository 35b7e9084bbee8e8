// The LSTM forward time loop (see CRecurrent.h), written once over the vector width: per step, tiles of LK_W
// hidden units x 4 gates x up to LK_LSTM_FORWARD_ROWS rows. Included by lk_kernels_<isa>.c after the ISA's
// primitives (lk_isa_<isa>.h), which name the entry point lk_lstm_forward_<isa>.
#include "CRecurrent.h"
#include "lk_memory.h"
#include "lk_parallel.h"
#include "lk_tile.h"

typedef struct {
    const lk_lstm_forward_args *args;
    lk_barrier barrier;
    int tiles, blocks;
    float *scratch;                   // [threads, B, 4 * LK_W]: each thread's accumulators, 64-byte aligned
} lk_forward_context;

/// K is consumed in chunks of LK_KC so that the chunk of a weight panel (LK_KC x 4 LK_W floats, 64 KB with
/// AVX-512) stays close (L1/L2) while every row block of the tile uses it; the accumulators wait in the
/// thread's scratch.
/// Measured on config A/B inference (1 thread): 64 -> 26.4/345 ms, 128 -> 22.8/278, 256 -> 22.5/272.
#define LK_KC 256

/// The gate math of rows row0 ..< row0 + rows of step t, units LK_W u ..< LK_W (u + 1), from their
/// pre-activations acc[r * 4 + q] = (x[t] @ W_ih^T + h[t-1] @ W_hh^T)[row0 + r, q * H + LK_W u ...] (gate q).
static LK_TARGET void lk_forward_epilogue(const lk_lstm_forward_args *a, int t, int u, int row0, int rows,
                                          const lk_vf *acc) {
    const int H = a->hidden, G = 4 * H, B = a->batch, j0 = LK_W * u;
    const lk_lanes_t mask = lk_lanes(j0, H);
    for (int r = 0; r < rows; r++) {
        const int b = row0 + r;
        const size_t row = (size_t)t * B + b;
        float *z = a->gates + row * G + j0;
        lk_vf pre[4];
        for (int q = 0; q < 4; q++) {
            pre[q] = acc[r * 4 + q];
            if (a->bias) pre[q] = pre[q] + lk_loadu(mask, a->bias + q * H + j0);
        }
        lk_vf i = lk_sigmoid(pre[0]), f = lk_sigmoid(pre[1]), g = lk_tanh(pre[2]), o = lk_sigmoid(pre[3]);
        lk_storeu(mask, z, i);
        lk_storeu(mask, z + H, f);
        lk_storeu(mask, z + 2 * H, g);
        lk_storeu(mask, z + 3 * H, o);
        const float *c_prev = a->c + row * H + j0;
        float *c_next = a->c + (row + B) * H + j0;
        float *h_next = a->h + (row + B) * H + j0;
        float *out = a->out + row * H + j0;
        lk_vf cp = lk_loadu(mask, c_prev);
        lk_vf cn = lk_fma(f, cp, i * g);     // c' = f * c + i * g
        lk_vf tc = lk_tanh(cn);
        lk_storeu(mask, a->tanh_c + row * H + j0, tc);
        if (a->keep == NULL || a->keep[row] != 0.0f) {
            lk_vf hn = o * tc;                         // h' = o * tanh(c')
            lk_storeu(mask, c_next, cn);
            lk_storeu(mask, h_next, hn);
            lk_storeu(mask, out, hn);
        } else {                                                      // padded step: carry the state
            lk_storeu(mask, c_next, cp);
            lk_storeu(mask, h_next, lk_loadu(mask, a->h + row * H + j0));
            lk_storeu(mask, out, lk_set(0.0f));
        }
    }
}

/// Row blocks block0 ..< block1 of unit tile u at step t: z = x[t] @ W_ih^T + h[t-1] @ W_hh^T (4 gates),
/// K chunk by K chunk over both products, then the gate math.
static LK_TARGET void lk_forward_unit(const lk_forward_context *ctx, int t, int u, int block0, int block1,
                                      float *scratch) {
    const lk_lstm_forward_args *a = ctx->args;
    const int B = a->batch;
    const int widths[2] = {a->input_size, a->hidden};
    const float *sources[2] = {a->x + (size_t)t * B * a->input_size, a->h + (size_t)t * B * a->hidden};
    const float *panels[2] = {a->packed_weight_ih + (size_t)u * a->input_size * 4 * LK_W,
                              a->packed_weight_hh + (size_t)u * a->hidden * 4 * LK_W};
    int first = 1;
    for (int s = 0; s < 2; s++) {
        const int K = widths[s];
        for (int k0 = 0; k0 < K; k0 += LK_KC) {
            const int kc = K - k0 < LK_KC ? K - k0 : LK_KC;
            const float *panel = panels[s] + (size_t)k0 * 4 * LK_W;
            for (int block = block0; block < block1; block++) {
                int row0, rows;
                lk_block_rows(block, ctx->blocks, B, &row0, &rows);
                const float *rows_a = sources[s] + (size_t)row0 * K + k0;
                lk_vf *acc = (lk_vf *)(scratch + (size_t)row0 * 4 * LK_W);
#define LK_CHUNK(R)                                                                     \
    if (first) lk_tile_gemm(R, 4, 0, rows_a, K, panel, kc, acc);                       \
    else lk_tile_gemm(R, 4, 1, rows_a, K, panel, kc, acc);                             \
    break;
                LK_SWITCH_ROWS(rows, LK_LSTM_FORWARD_ROWS, LK_CHUNK)
#undef LK_CHUNK
            }
            first = 0;
        }
    }
    for (int block = block0; block < block1; block++) {
        int row0, rows;
        lk_block_rows(block, ctx->blocks, B, &row0, &rows);
        lk_forward_epilogue(a, t, u, row0, rows, (const lk_vf *)(scratch + (size_t)row0 * 4 * LK_W));
    }
}

static void lk_forward_body(void *context, int thread, int threads) {
    lk_forward_context *ctx = (lk_forward_context *)context;
    const lk_lstm_forward_args *a = ctx->args;
    float *scratch = ctx->scratch + (size_t)thread * a->batch * 4 * LK_W;
    int begin, end;
    lk_share(ctx->tiles * ctx->blocks, thread, threads, &begin, &end);
    for (int t = 0; t < a->steps; t++) {
        // This thread's items (tile-major), grouped by unit tile.
        for (int item = begin; item < end;) {
            const int u = item / ctx->blocks, block0 = item % ctx->blocks;
            const int block1 = block0 + (end - item) < ctx->blocks ? block0 + (end - item) : ctx->blocks;
            lk_forward_unit(ctx, t, u, block0, block1, scratch);
            item += block1 - block0;
        }
        lk_barrier_wait(&ctx->barrier);   // h[t+1] complete before any tile of step t+1 reads it
    }
}

void LK_SUFFIX(lk_lstm_forward)(const lk_lstm_forward_args *args) {
    lk_forward_context ctx;
    ctx.args = args;
    ctx.tiles = lk_tiles(args->hidden, LK_W);
    ctx.blocks = (args->batch + LK_LSTM_FORWARD_ROWS - 1) / LK_LSTM_FORWARD_ROWS;
    long macs = (long)args->batch * 4 * args->hidden * (args->hidden + args->input_size);
    int threads = lk_useful_threads(args->threads, macs, ctx.tiles * ctx.blocks);
    ctx.scratch = lk_alloc_floats_or_die((size_t)threads * args->batch * 4 * LK_W, "the LSTM forward accumulators");
    lk_parallel_run(threads, &ctx.barrier, &ctx, lk_forward_body);
    lk_free(ctx.scratch);
}
