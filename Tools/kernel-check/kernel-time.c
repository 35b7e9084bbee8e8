// kernel-time: the native time loops alone (no BLAS, no Swift), 1 thread, for the benchmark configs A, B (one
// layer) and C: LSTM and GRU forward (weight packing included) and backward (W_hh packing included), best of
// 10 / 3 / 200 runs. To compare ISAs and tile shapes on one machine in one session (indicative only on a
// shared machine). Build and run (x86-64):
//
//     cc -O3 -std=gnu11 -I Sources/CRecurrent/include -I Sources/CRecurrent Sources/CRecurrent/*.c \
//         Tools/kernel-check/kernel-time.c -lpthread -lm -o /tmp/kernel-time
//     /tmp/kernel-time avx512; /tmp/kernel-time avx2
#include "CRecurrent.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/// n aligned floats in [-0.25, 0.25) (never freed: the tool runs three configurations and exits).
static float *rnd(size_t n) {
    float *p = lk_alloc_floats(n);
    if (!p) abort();
    for (size_t i = 0; i < n; i++) p[i] = (float)((i * 2654435761u) % 1000) / 2000.0f - 0.25f;
    return p;
}

int main(int argc, char **argv) {
    lk_isa isa = lk_isa_named(argc > 1 ? argv[1] : lk_native_isa());
    if (!lk_isa_supported(isa)) {
        fprintf(stderr, "kernel-time: this CPU cannot run ISA '%s'\n", argc > 1 ? argv[1] : "(none)");
        return 1;
    }
    printf("kernel-time: %s, 1 thread, best of the runs (configs A, B with one layer, C)\n", lk_isa_name(isa));
    int cfg[3][4] = {{32, 100, 64, 256}, {64, 50, 512, 512}, {16, 30, 32, 64}};
    const char *names = "ABC";
    for (int c = 0; c < 3; c++) {
        int B = cfg[c][0], T = cfg[c][1], D = cfg[c][2], H = cfg[c][3];
        int reps = c == 2 ? 200 : c == 0 ? 10 : 3;
        float *x = rnd((size_t)T * B * D), *wih = rnd((size_t)4 * H * D), *whh = rnd((size_t)4 * H * H);
        float *bias = rnd(4 * H), *gates = rnd((size_t)T * B * 4 * H);
        float *h = rnd((size_t)(T + 1) * B * H), *cc = rnd((size_t)(T + 1) * B * H);
        float *tc = rnd((size_t)T * B * H), *out = rnd((size_t)T * B * H), *dout = rnd((size_t)T * B * H);
        float *dh = rnd((size_t)B * H), *dc = rnd((size_t)B * H);
        float *dg = rnd((size_t)T * B * 4 * H), *dg2 = rnd((size_t)T * B * 4 * H);
        double best[4] = {1e9, 1e9, 1e9, 1e9};
        for (int r = 0; r < reps; r++) {
            double t0 = now();
            float *pih = lk_alloc_floats(lk_gate_panels_count(isa, 4, H, D));
            float *phh = lk_alloc_floats(lk_gate_panels_count(isa, 4, H, H));
            lk_pack_gate_panels(isa, wih, 4, H, D, pih); lk_pack_gate_panels(isa, whh, 4, H, H, phh);
            lk_lstm_forward_args fa = {T, B, D, H, 1, x, gates, bias, pih, phh, h, cc, tc, out, NULL, isa};
            lk_lstm_forward(&fa);
            double t1 = now();
            float *pc = lk_alloc_floats(lk_column_panels_count(isa, 4 * H, H));
            lk_pack_column_panels(isa, whh, 4 * H, H, pc);
            lk_lstm_backward_args ba = {T, B, H, 1, gates, cc, tc, pc, dout, dh, dc, dg, NULL, isa};
            lk_lstm_backward(&ba);
            double t2 = now();
            lk_free(pih); lk_free(phh); lk_free(pc);
            float *gih = lk_alloc_floats(lk_gate_panels_count(isa, 3, H, D));
            float *ghh = lk_alloc_floats(lk_gate_panels_count(isa, 3, H, H));
            lk_pack_gate_panels(isa, wih, 3, H, D, gih); lk_pack_gate_panels(isa, whh, 3, H, H, ghh);
            lk_gru_forward_args ga = {T, B, D, H, 1, x, gates, tc, bias, gih, ghh, h, out, NULL, isa};
            lk_gru_forward(&ga);
            double t3 = now();
            float *gc = lk_alloc_floats(lk_column_panels_count(isa, 3 * H, H));
            lk_pack_column_panels(isa, whh, 3 * H, H, gc);
            lk_gru_backward_args gb = {T, B, H, 1, gates, tc, h, gc, dout, dh, dg, dg2, NULL, isa};
            lk_gru_backward(&gb);
            double t4 = now();
            lk_free(gih); lk_free(ghh); lk_free(gc);
            double d[4] = {t1 - t0, t2 - t1, t3 - t2, t4 - t3};
            for (int k = 0; k < 4; k++) if (d[k] < best[k]) best[k] = d[k];
        }
        printf("%c: LSTM fwd %.3f ms bwd %.3f ms | GRU fwd %.3f ms bwd %.3f ms\n", names[c], best[0] * 1e3,
               best[1] * 1e3, best[2] * 1e3, best[3] * 1e3);
    }
    return 0;
}
