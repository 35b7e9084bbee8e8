// Weight packing shared by the LSTM and GRU kernels (layouts in CRecurrent.h).
#include "CRecurrent.h"
#include "lk_parallel.h"

size_t lk_gate_panels_count(int gates, int hidden, int columns) {
    return (size_t)lk_tiles(hidden, 16) * columns * gates * 16;
}

void lk_pack_gate_panels(const float *weight, int gates, int hidden, int columns, float *packed) {
    const int tiles = lk_tiles(hidden, 16);
    for (int u = 0; u < tiles; u++)
        for (int k = 0; k < columns; k++)
            for (int q = 0; q < gates; q++)
                for (int l = 0; l < 16; l++) {
                    int unit = 16 * u + l;
                    packed[(((size_t)u * columns + k) * gates + q) * 16 + l] =
                        unit < hidden ? weight[((size_t)q * hidden + unit) * columns + k] : 0.0f;
                }
}

size_t lk_column_panels_count(int rows, int hidden) { return (size_t)lk_tiles(hidden, 32) * rows * 32; }

void lk_pack_column_panels(const float *weight, int rows, int hidden, float *packed) {
    const int tiles = lk_tiles(hidden, 32);
    for (int v = 0; v < tiles; v++)
        for (int k = 0; k < rows; k++)
            for (int l = 0; l < 32; l++) {
                int unit = 32 * v + l;
                packed[((size_t)v * rows + k) * 32 + l] = unit < hidden ? weight[(size_t)k * hidden + unit] : 0.0f;
            }
}
