// Weight packing shared by the LSTM and GRU kernels (layouts in CRecurrent.h): panels as wide as the ISA's
// vectors (W = lk_isa_lanes(isa) lanes). Large weights are packed on several threads (the persistent pool of
// lk_parallel.c), each a contiguous share of the tiles; the result does not depend on the thread count.
#include "CRecurrent.h"
#include "lk_parallel.h"

#include <stdio.h>
#include <stdlib.h>

/// The lanes of `isa`; a caller passing no ISA (LK_ISA_NONE: 0 lanes) is stopped with the function's name.
static int lk_lanes_or_die(lk_isa isa, const char *function) {
    const int W = lk_isa_lanes(isa);
    if (W > 0) return W;
    fprintf(stderr, "LSTMKit: %s called without a native ISA (lk_native_isa() is NULL on this CPU)\n", function);
    abort();
}

/// Weights of fewer floats are packed on the calling thread (waking a worker costs a few microseconds).
enum { LK_PARALLEL_PACK_FLOATS = 1 << 17 };

size_t lk_gate_panels_count(lk_isa isa, int gates, int hidden, int columns) {
    const int W = lk_lanes_or_die(isa, "lk_gate_panels_count");
    return (size_t)lk_tiles(hidden, W) * columns * gates * W;
}

typedef struct {
    lk_barrier barrier;   // unused (lk_parallel_run sets it up)
    int W, tiles, gates, hidden, columns;
    const float *weight;
    float *packed;
} lk_pack_context;

static void lk_pack_gate_tiles(const lk_pack_context *p, int u0, int u1) {
    const int W = p->W, gates = p->gates, hidden = p->hidden, columns = p->columns;
    for (int u = u0; u < u1; u++)
        for (int k = 0; k < columns; k++)
            for (int q = 0; q < gates; q++)
                for (int l = 0; l < W; l++) {
                    int unit = W * u + l;
                    p->packed[(((size_t)u * columns + k) * gates + q) * W + l] =
                        unit < hidden ? p->weight[((size_t)q * hidden + unit) * columns + k] : 0.0f;
                }
}

static void lk_pack_gate_body(void *context, int thread, int threads) {
    const lk_pack_context *p = (const lk_pack_context *)context;
    int begin, end;
    lk_share(p->tiles, thread, threads, &begin, &end);
    lk_pack_gate_tiles(p, begin, end);
}

/// min(threads, tiles, cores), 1 below LK_PARALLEL_PACK_FLOATS.
static int lk_pack_threads(int threads, size_t floats, int tiles) {
    if (floats < LK_PARALLEL_PACK_FLOATS) return 1;
    return lk_useful_threads(threads, 1L << 20, tiles);
}

void lk_pack_gate_panels_threads(lk_isa isa, const float *weight, int gates, int hidden, int columns,
                                 float *packed, int threads) {
    lk_pack_context p = {.W = lk_lanes_or_die(isa, "lk_pack_gate_panels"), .gates = gates, .hidden = hidden, .columns = columns,
                         .weight = weight, .packed = packed};
    p.tiles = lk_tiles(hidden, p.W);
    threads = lk_pack_threads(threads, lk_gate_panels_count(isa, gates, hidden, columns), p.tiles);
    if (threads <= 1) lk_pack_gate_tiles(&p, 0, p.tiles);
    else lk_parallel_run(threads, &p.barrier, &p, lk_pack_gate_body);
}

void lk_pack_gate_panels(lk_isa isa, const float *weight, int gates, int hidden, int columns, float *packed) {
    lk_pack_gate_panels_threads(isa, weight, gates, hidden, columns, packed, 1);
}

size_t lk_column_panels_count(lk_isa isa, int rows, int hidden) {
    const int W2 = 2 * lk_lanes_or_die(isa, "lk_column_panels_count");
    return (size_t)lk_tiles(hidden, W2) * rows * W2;
}

static void lk_pack_column_tiles(const lk_pack_context *p, int v0, int v1) {
    const int W2 = p->W, rows = p->columns, hidden = p->hidden;
    for (int v = v0; v < v1; v++)
        for (int k = 0; k < rows; k++)
            for (int l = 0; l < W2; l++) {
                int unit = W2 * v + l;
                p->packed[((size_t)v * rows + k) * W2 + l] = unit < hidden ? p->weight[(size_t)k * hidden + unit] : 0.0f;
            }
}

static void lk_pack_column_body(void *context, int thread, int threads) {
    const lk_pack_context *p = (const lk_pack_context *)context;
    int begin, end;
    lk_share(p->tiles, thread, threads, &begin, &end);
    lk_pack_column_tiles(p, begin, end);
}

void lk_pack_column_panels_threads(lk_isa isa, const float *weight, int rows, int hidden, float *packed,
                                   int threads) {
    // W holds the panel width 2W here, `columns` the rows of W_hh.
    lk_pack_context p = {.W = 2 * lk_lanes_or_die(isa, "lk_pack_column_panels"), .hidden = hidden, .columns = rows, .weight = weight,
                         .packed = packed};
    p.tiles = lk_tiles(hidden, p.W);
    threads = lk_pack_threads(threads, lk_column_panels_count(isa, rows, hidden), p.tiles);
    if (threads <= 1) lk_pack_column_tiles(&p, 0, p.tiles);
    else lk_parallel_run(threads, &p.barrier, &p, lk_pack_column_body);
}

void lk_pack_column_panels(lk_isa isa, const float *weight, int rows, int hidden, float *packed) {
    lk_pack_column_panels_threads(isa, weight, rows, hidden, packed, 1);
}
