// Weight packing shared by the LSTM and GRU kernels (layouts in CRecurrent.h): panels as wide as the ISA's
// vectors (W = lk_isa_lanes(isa) lanes).
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

size_t lk_gate_panels_count(lk_isa isa, int gates, int hidden, int columns) {
    const int W = lk_lanes_or_die(isa, "lk_gate_panels_count");
    return (size_t)lk_tiles(hidden, W) * columns * gates * W;
}

void lk_pack_gate_panels(lk_isa isa, const float *weight, int gates, int hidden, int columns, float *packed) {
    const int W = lk_lanes_or_die(isa, "lk_pack_gate_panels"), tiles = lk_tiles(hidden, W);
    for (int u = 0; u < tiles; u++)
        for (int k = 0; k < columns; k++)
            for (int q = 0; q < gates; q++)
                for (int l = 0; l < W; l++) {
                    int unit = W * u + l;
                    packed[(((size_t)u * columns + k) * gates + q) * W + l] =
                        unit < hidden ? weight[((size_t)q * hidden + unit) * columns + k] : 0.0f;
                }
}

size_t lk_column_panels_count(lk_isa isa, int rows, int hidden) {
    const int W2 = 2 * lk_lanes_or_die(isa, "lk_column_panels_count");
    return (size_t)lk_tiles(hidden, W2) * rows * W2;
}

void lk_pack_column_panels(lk_isa isa, const float *weight, int rows, int hidden, float *packed) {
    const int W2 = 2 * lk_lanes_or_die(isa, "lk_pack_column_panels"), tiles = lk_tiles(hidden, W2);
    for (int v = 0; v < tiles; v++)
        for (int k = 0; k < rows; k++)
            for (int l = 0; l < W2; l++) {
                int unit = W2 * v + l;
                packed[((size_t)v * rows + k) * W2 + l] = unit < hidden ? weight[(size_t)k * hidden + unit] : 0.0f;
            }
}
