// The LSTM backward time loop (see CRecurrent.h). Step t (from T-1 down to 0) is one pass over tiles of
// 32 hidden units x up to 8 rows: the GEMM dh[t] = dGates[t+1] @ W_hh for the tile, then at once the
// pointwise backward of step t for the same units:
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

#include <stdlib.h>

#if defined(__x86_64__)

typedef struct {
    const lk_lstm_backward_args *args;
    lk_barrier barrier;
    int tiles, blocks;
    float *scratch;                   // [threads, B, 32]: each thread's accumulators, 64-byte aligned
} lk_backward_context;

/// K (= 4H) is consumed in chunks of LK_BACKWARD_KC rows of the packed panel (256 x 32 floats, 32 KB), so
/// that a chunk stays in L1 while every row block of the tile uses it.
#define LK_BACKWARD_KC 256

/// acc[r * 2 + q] = (dGates[t+1] @ W_hh)[row0 + r, 32v + 16q ...] for the row blocks block0 ..< block1
/// (in `scratch`, at row0 * 32), or 0 at t = T-1.
static LK_TARGET void lk_backward_gemm(const lk_backward_context *ctx, int t, int v, int block0, int block1,
                                       float *scratch) {
    const lk_lstm_backward_args *a = ctx->args;
    const int H = a->hidden, G = 4 * H, B = a->batch;
    const float *dz_next = a->d_gates + (size_t)(t + 1) * B * G;
    const float *panel = a->packed_weight_hh + (size_t)v * G * 32;
    for (int k0 = 0; k0 < G; k0 += LK_BACKWARD_KC) {
        const int kc = G - k0 < LK_BACKWARD_KC ? G - k0 : LK_BACKWARD_KC;
        for (int block = block0; block < block1; block++) {
            int row0, rows;
            lk_block_rows(block, ctx->blocks, B, &row0, &rows);
            const float *rows_a = dz_next + (size_t)row0 * G + k0;
            const float *p = panel + (size_t)k0 * 32;
            __m512 *acc = (__m512 *)(scratch + (size_t)row0 * 32);
#define LK_CHUNK(R)                                                                     \
    if (k0 == 0) lk_tile_gemm(R, 2, 0, rows_a, G, p, kc, acc);                          \
    else lk_tile_gemm(R, 2, 1, rows_a, G, p, kc, acc);                                  \
    break;
            switch (rows) {
            case 8: LK_CHUNK(8)
            case 7: LK_CHUNK(7)
            case 6: LK_CHUNK(6)
            case 5: LK_CHUNK(5)
            case 4: LK_CHUNK(4)
            case 3: LK_CHUNK(3)
            case 2: LK_CHUNK(2)
            default: LK_CHUNK(1)
            }
#undef LK_CHUNK
        }
    }
}

/// The pointwise backward of step t (or dh0 at t = -1) for rows row0 ..< row0 + rows, units 32v ..< 32v + 32,
/// from acc = their part of dGates[t+1] @ W_hh.
static LK_TARGET void lk_backward_epilogue(const lk_lstm_backward_args *a, int t, int v, int row0, int rows,
                                           const __m512 *acc) {
    const int H = a->hidden, G = 4 * H, B = a->batch;
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
            float *dz = a->d_gates + row * G + j;
            if (a->keep != NULL && a->keep[row] == 0.0f) {         // padded: dGates = 0, dh and dc pass
                for (int g = 0; g < 4; g++) _mm512_mask_storeu_ps(dz + g * H, mask, _mm512_setzero_ps());
                _mm512_mask_storeu_ps(carried, mask, dh);
                continue;
            }
            const float *gates = a->gates + row * G + j;
            __m512 i = _mm512_maskz_loadu_ps(mask, gates), f = _mm512_maskz_loadu_ps(mask, gates + H);
            __m512 g = _mm512_maskz_loadu_ps(mask, gates + 2 * H), o = _mm512_maskz_loadu_ps(mask, gates + 3 * H);
            __m512 c_prev = _mm512_maskz_loadu_ps(mask, a->c + row * H + j);
            __m512 tc = _mm512_maskz_loadu_ps(mask, a->tanh_c + row * H + j);
            __m512 dH = _mm512_add_ps(dh, _mm512_maskz_loadu_ps(mask, a->d_out + row * H + j));
            float *dc_pointer = a->dc + (size_t)b * H + j;
            const __m512 one = lk_set(1.0f);
            __m512 dc = _mm512_fmadd_ps(_mm512_mul_ps(dH, o), _mm512_fnmadd_ps(tc, tc, one),
                                        _mm512_maskz_loadu_ps(mask, dc_pointer));
            __m512 dzi = _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(dc, g), i), _mm512_sub_ps(one, i));
            __m512 dzf = _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(dc, c_prev), f), _mm512_sub_ps(one, f));
            __m512 dzg = _mm512_mul_ps(_mm512_mul_ps(dc, i), _mm512_fnmadd_ps(g, g, one));
            __m512 dzo = _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(dH, tc), o), _mm512_sub_ps(one, o));
            _mm512_mask_storeu_ps(dz, mask, dzi);
            _mm512_mask_storeu_ps(dz + H, mask, dzf);
            _mm512_mask_storeu_ps(dz + 2 * H, mask, dzg);
            _mm512_mask_storeu_ps(dz + 3 * H, mask, dzo);
            _mm512_mask_storeu_ps(dc_pointer, mask, _mm512_mul_ps(dc, f));
            _mm512_mask_storeu_ps(carried, mask, _mm512_setzero_ps());
        }
    }
}

static void lk_backward_body(void *context, int thread, int threads) {
    lk_backward_context *ctx = (lk_backward_context *)context;
    const lk_lstm_backward_args *a = ctx->args;
    float *scratch = ctx->scratch + (size_t)thread * a->batch * 32;
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
                for (size_t i = 0; i < (size_t)a->batch * 32; i++) scratch[i] = 0.0f;
            }
            for (int block = block0; block < block1; block++) {
                int row0, rows;
                lk_block_rows(block, ctx->blocks, a->batch, &row0, &rows);
                lk_backward_epilogue(a, t, v, row0, rows, (const __m512 *)(scratch + (size_t)row0 * 32));
            }
            item += block1 - block0;
        }
        lk_barrier_wait(&ctx->barrier);   // dGates[t] complete before step t-1's GEMM reads it
    }
}

void lk_lstm_backward(const lk_lstm_backward_args *args) {
    lk_backward_context ctx;
    ctx.args = args;
    ctx.tiles = lk_tiles(args->hidden, 32);
    ctx.blocks = (args->batch + 7) / 8;
    long macs = (long)args->batch * 4 * args->hidden * args->hidden;
    int threads = lk_useful_threads(args->threads, macs, ctx.tiles * ctx.blocks);
    ctx.scratch = lk_alloc_floats_or_die((size_t)threads * args->batch * 32, "the LSTM backward accumulators");
    lk_parallel_run(threads, &ctx.barrier, &ctx, lk_backward_body);
    lk_free(ctx.scratch);
}

#else
void lk_lstm_backward(const lk_lstm_backward_args *args) { (void)args; abort(); }
#endif
