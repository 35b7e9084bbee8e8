// The LSTM forward time loop (see CRecurrent.h): per step, tiles of 16 hidden units x 4 gates x up to 6 rows.
#include "CRecurrent.h"
#include "lk_memory.h"
#include "lk_parallel.h"
#include "lk_tile.h"

#include <stdlib.h>

#if defined(__x86_64__)
#include <cpuid.h>

const char *lk_native_isa(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("fma")) {
        return "avx512";
    }
    return NULL;
}
#else
const char *lk_native_isa(void) { return NULL; }
#endif

#if defined(__x86_64__)

typedef struct {
    const lk_lstm_forward_args *args;
    lk_barrier barrier;
    int tiles, blocks;
    float *scratch;                   // [threads, B, 64]: each thread's accumulators, 64-byte aligned
} lk_forward_context;

/// K is consumed in chunks of LK_KC so that the chunk of a weight panel (LK_KC x 64 floats, 64 KB) stays
/// close (L1/L2) while every row block of the tile uses it; the accumulators wait in the thread's scratch.
/// Measured on config A/B inference (1 thread): 64 -> 26.4/345 ms, 128 -> 22.8/278, 256 -> 22.5/272.
#define LK_KC 256

/// The gate math of rows row0 ..< row0 + rows of step t, units 16u ..< 16u + 16, from their pre-activations
/// acc[r * 4 + q] = (x[t] @ W_ih^T + h[t-1] @ W_hh^T)[row0 + r, q * H + 16u ...] (gate q).
static LK_TARGET void lk_forward_epilogue(const lk_lstm_forward_args *a, int t, int u, int row0, int rows,
                                          const __m512 *acc) {
    const int H = a->hidden, G = 4 * H, B = a->batch, j0 = 16 * u;
    const __mmask16 mask = lk_lanes(j0, H);
    for (int r = 0; r < rows; r++) {
        const int b = row0 + r;
        const size_t row = (size_t)t * B + b;
        float *z = a->gates + row * G + j0;
        __m512 pre[4];
        for (int q = 0; q < 4; q++) {
            pre[q] = acc[r * 4 + q];
            if (a->bias) pre[q] = _mm512_add_ps(pre[q], _mm512_maskz_loadu_ps(mask, a->bias + q * H + j0));
        }
        __m512 i = lk_sigmoid(pre[0]), f = lk_sigmoid(pre[1]), g = lk_tanh(pre[2]), o = lk_sigmoid(pre[3]);
        _mm512_mask_storeu_ps(z, mask, i);
        _mm512_mask_storeu_ps(z + H, mask, f);
        _mm512_mask_storeu_ps(z + 2 * H, mask, g);
        _mm512_mask_storeu_ps(z + 3 * H, mask, o);
        const float *c_prev = a->c + row * H + j0;
        float *c_next = a->c + (row + B) * H + j0;
        float *h_next = a->h + (row + B) * H + j0;
        float *out = a->out + row * H + j0;
        __m512 cp = _mm512_maskz_loadu_ps(mask, c_prev);
        __m512 cn = _mm512_fmadd_ps(f, cp, _mm512_mul_ps(i, g));     // c' = f * c + i * g
        __m512 tc = lk_tanh(cn);
        _mm512_mask_storeu_ps(a->tanh_c + row * H + j0, mask, tc);
        if (a->keep == NULL || a->keep[row] != 0.0f) {
            __m512 hn = _mm512_mul_ps(o, tc);                         // h' = o * tanh(c')
            _mm512_mask_storeu_ps(c_next, mask, cn);
            _mm512_mask_storeu_ps(h_next, mask, hn);
            _mm512_mask_storeu_ps(out, mask, hn);
        } else {                                                      // padded step: carry the state
            _mm512_mask_storeu_ps(c_next, mask, cp);
            _mm512_mask_storeu_ps(h_next, mask, _mm512_maskz_loadu_ps(mask, a->h + row * H + j0));
            _mm512_mask_storeu_ps(out, mask, _mm512_setzero_ps());
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
    const float *panels[2] = {a->packed_weight_ih + (size_t)u * a->input_size * 64,
                              a->packed_weight_hh + (size_t)u * a->hidden * 64};
    int first = 1;
    for (int s = 0; s < 2; s++) {
        const int K = widths[s];
        for (int k0 = 0; k0 < K; k0 += LK_KC) {
            const int kc = K - k0 < LK_KC ? K - k0 : LK_KC;
            const float *panel = panels[s] + (size_t)k0 * 64;
            for (int block = block0; block < block1; block++) {
                int row0, rows;
                lk_block_rows(block, ctx->blocks, B, &row0, &rows);
                const float *rows_a = sources[s] + (size_t)row0 * K + k0;
                __m512 *acc = (__m512 *)(scratch + (size_t)row0 * 64);
#define LK_CHUNK(R)                                                                     \
    if (first) lk_tile_gemm(R, 4, 0, rows_a, K, panel, kc, acc);                       \
    else lk_tile_gemm(R, 4, 1, rows_a, K, panel, kc, acc);                             \
    break;
                switch (rows) {
                case 6: LK_CHUNK(6)
                case 5: LK_CHUNK(5)
                case 4: LK_CHUNK(4)
                case 3: LK_CHUNK(3)
                case 2: LK_CHUNK(2)
                default: LK_CHUNK(1)
                }
#undef LK_CHUNK
            }
            first = 0;
        }
    }
    for (int block = block0; block < block1; block++) {
        int row0, rows;
        lk_block_rows(block, ctx->blocks, B, &row0, &rows);
        lk_forward_epilogue(a, t, u, row0, rows, (const __m512 *)(scratch + (size_t)row0 * 64));
    }
}

static void lk_forward_body(void *context, int thread, int threads) {
    lk_forward_context *ctx = (lk_forward_context *)context;
    const lk_lstm_forward_args *a = ctx->args;
    float *scratch = ctx->scratch + (size_t)thread * a->batch * 64;
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

void lk_lstm_forward(const lk_lstm_forward_args *args) {
    lk_forward_context ctx;
    ctx.args = args;
    ctx.tiles = lk_tiles(args->hidden, 16);
    ctx.blocks = (args->batch + 5) / 6;
    long macs = (long)args->batch * 4 * args->hidden * (args->hidden + args->input_size);
    int threads = lk_useful_threads(args->threads, macs, ctx.tiles * ctx.blocks);
    ctx.scratch = lk_alloc_floats_or_die((size_t)threads * args->batch * 64, "the LSTM forward accumulators");
    lk_parallel_run(threads, &ctx.barrier, &ctx, lk_forward_body);
    lk_free(ctx.scratch);
}

#else
void lk_lstm_forward(const lk_lstm_forward_args *args) { (void)args; abort(); }
#endif
