// kernel-check: the native kernels of Sources/CRecurrent (the same C sources SwiftPM builds) against a plain
// scalar C reference in double, for every ISA this machine (or qemu) can run: LSTM and GRU, forward and
// backward, on odd shapes (H not a multiple of the vector width, B = 1..7, with and without step masks and
// biases, 1 and 2 threads). Built and run by Scripts/check-kernels.sh, natively on x86-64 and cross-compiled
// for arm64 under qemu-aarch64.
//
// Usage: kernel-check [ISA ...]   (default: every ISA lk_isa_supported says this CPU runs; naming one it
//                                  cannot run is an error). Exit 0 when every comparison is within tolerance.
#include "CRecurrent.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// |kernel - reference| <= LK_TOLERANCE * (1 + |reference|) for every value (Float against double).
#define LK_TOLERANCE 2e-5

static double worst;       // the largest scaled error seen in this ISA's run
static int failures;

static unsigned long long lk_state = 88172645463325252ULL;
static double uniform(void) {   // xorshift64, in [-1, 1)
    lk_state ^= lk_state << 13; lk_state ^= lk_state >> 7; lk_state ^= lk_state << 17;
    return (double)(lk_state >> 11) / (double)(1ULL << 52) - 1.0;
}

static double *dvec(size_t n) {
    double *p = calloc(n ? n : 1, sizeof(double));
    if (!p) abort();
    return p;
}
static float *fvec(size_t n) {   // 64-byte aligned, zeroed
    float *p = lk_alloc_floats(n ? n : 1);
    if (!p) abort();
    memset(p, 0, (n ? n : 1) * sizeof(float));
    return p;
}
static double *drandom(size_t n, double scale) {
    double *p = dvec(n);
    for (size_t i = 0; i < n; i++) p[i] = scale * uniform();
    return p;
}
static float *tofloat(const double *d, size_t n) {
    float *p = fvec(n);
    for (size_t i = 0; i < n; i++) p[i] = (float)d[i];
    return p;
}
static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

static void compare(const char *what, const char *label, const float *got, const double *want, size_t n) {
    for (size_t i = 0; i < n; i++) {
        double error = fabs((double)got[i] - want[i]) / (1.0 + fabs(want[i]));
        if (error > worst) worst = error;
        if (!(error <= LK_TOLERANCE)) {
            if (failures++ < 5)
                fprintf(stderr, "kernel-check: %s: %s[%zu] = %.9g, reference %.9g\n", label, what, i, got[i], want[i]);
            return;
        }
    }
}

typedef struct { int T, B, D, H, threads, masked, biased; } shape;

/// keep[t, b] of a masked shape: row b has length T - (b % T) (every row at least one step).
static double *make_keep(shape s) {
    double *keep = dvec((size_t)s.T * s.B);
    for (int t = 0; t < s.T; t++)
        for (int b = 0; b < s.B; b++) keep[t * s.B + b] = !s.masked || t < s.T - (b % s.T) ? 1.0 : 0.0;
    return keep;
}

// ---- LSTM: gates i, f, g, o; bias = b_ih + b_hh ----

static void lstm_check(lk_isa isa, shape s, const char *label) {
    const int T = s.T, B = s.B, D = s.D, H = s.H, G = 4 * H;
    double *x = drandom((size_t)T * B * D, 1), *wih = drandom((size_t)G * D, 0.5), *whh = drandom((size_t)G * H, 0.5);
    double *bias = drandom(G, 0.5), *keep = make_keep(s), *dout = drandom((size_t)T * B * H, 1);
    double *gates = dvec((size_t)T * B * G);
    double *h = drandom((size_t)(T + 1) * B * H, 1), *c = drandom((size_t)(T + 1) * B * H, 1);
    double *tc = dvec((size_t)T * B * H), *out = dvec((size_t)T * B * H);
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            const size_t row = (size_t)t * B + b;
            for (int q = 0; q < G; q++) {
                double z = s.biased ? bias[q] : 0.0;
                for (int k = 0; k < D; k++) z += x[row * D + k] * wih[(size_t)q * D + k];
                for (int k = 0; k < H; k++) z += h[row * H + k] * whh[(size_t)q * H + k];
                gates[row * G + q] = q / H == 2 ? tanh(z) : sigmoid(z);
            }
            for (int j = 0; j < H; j++) {
                double i = gates[row * G + j], f = gates[row * G + H + j], g = gates[row * G + 2 * H + j];
                double o = gates[row * G + 3 * H + j], cp = c[row * H + j], cn = f * cp + i * g;
                tc[row * H + j] = tanh(cn);
                int kept = keep[row] != 0.0;
                c[(row + B) * H + j] = kept ? cn : cp;
                h[(row + B) * H + j] = kept ? o * tanh(cn) : h[row * H + j];
                out[row * H + j] = kept ? o * tanh(cn) : 0.0;
            }
        }
    // The kernel's forward from the same inputs.
    float *fx = tofloat(x, (size_t)T * B * D), *fbias = tofloat(bias, G), *fkeep = tofloat(keep, (size_t)T * B);
    float *fh = fvec((size_t)(T + 1) * B * H), *fc = fvec((size_t)(T + 1) * B * H);
    for (size_t i = 0; i < (size_t)B * H; i++) { fh[i] = (float)h[i]; fc[i] = (float)c[i]; }
    float *fgates = fvec((size_t)T * B * G), *ftc = fvec((size_t)T * B * H), *fout = fvec((size_t)T * B * H);
    float *fwih = tofloat(wih, (size_t)G * D), *fwhh = tofloat(whh, (size_t)G * H);
    float *pih = fvec(lk_gate_panels_count(isa, 4, H, D)), *phh = fvec(lk_gate_panels_count(isa, 4, H, H));
    lk_pack_gate_panels(isa, fwih, 4, H, D, pih);
    lk_pack_gate_panels(isa, fwhh, 4, H, H, phh);
    lk_lstm_forward_args fa = {T, B, D, H, s.threads, fx, fgates, s.biased ? fbias : NULL, pih, phh, fh, fc, ftc, fout,
                               s.masked ? fkeep : NULL, isa};
    lk_lstm_forward(&fa);
    compare("LSTM forward gates", label, fgates, gates, (size_t)T * B * G);
    compare("LSTM forward h", label, fh, h, (size_t)(T + 1) * B * H);
    compare("LSTM forward c", label, fc, c, (size_t)(T + 1) * B * H);
    compare("LSTM forward tanh(c)", label, ftc, tc, (size_t)T * B * H);
    compare("LSTM forward out", label, fout, out, (size_t)T * B * H);

    // Backward from the reference's cache (rounded to Float for the kernel), dh[T] and dc[T] random.
    double *dh = drandom((size_t)B * H, 1), *dc = drandom((size_t)B * H, 1), *dgates = dvec((size_t)T * B * G);
    float *fdh = tofloat(dh, (size_t)B * H), *fdc = tofloat(dc, (size_t)B * H), *fdgates = fvec((size_t)T * B * G);
    for (int t = T - 1; t >= 0; t--)
        for (int b = 0; b < B; b++) {
            const size_t row = (size_t)t * B + b;
            if (keep[row] == 0.0) continue;                       // dGates = 0; dh, dc pass
            double *dz = dgates + row * G;
            for (int j = 0; j < H; j++) {
                double i = gates[row * G + j], f = gates[row * G + H + j], g = gates[row * G + 2 * H + j];
                double o = gates[row * G + 3 * H + j], t_c = tc[row * H + j], cp = c[row * H + j];
                double dH = dh[b * H + j] + dout[row * H + j];
                double dcn = dc[b * H + j] + dH * o * (1 - t_c * t_c);
                dz[j] = dcn * g * i * (1 - i);
                dz[H + j] = dcn * cp * f * (1 - f);
                dz[2 * H + j] = dcn * i * (1 - g * g);
                dz[3 * H + j] = dH * t_c * o * (1 - o);
                dc[b * H + j] = dcn * f;
            }
            for (int j = 0; j < H; j++) {
                double sum = 0;
                for (int k = 0; k < G; k++) sum += dz[k] * whh[(size_t)k * H + j];
                dh[b * H + j] = sum;
            }
        }
    float *fgates_ref = tofloat(gates, (size_t)T * B * G), *fc_ref = tofloat(c, (size_t)(T + 1) * B * H);
    float *ftc_ref = tofloat(tc, (size_t)T * B * H), *fdout = tofloat(dout, (size_t)T * B * H);
    float *pcol = fvec(lk_column_panels_count(isa, G, H));
    lk_pack_column_panels(isa, fwhh, G, H, pcol);
    lk_lstm_backward_args ba = {T, B, H, s.threads, fgates_ref, fc_ref, ftc_ref, pcol, fdout, fdh, fdc, fdgates,
                                s.masked ? fkeep : NULL, isa};
    lk_lstm_backward(&ba);
    compare("LSTM backward dGates", label, fdgates, dgates, (size_t)T * B * G);
    compare("LSTM backward dh0", label, fdh, dh, (size_t)B * H);
    compare("LSTM backward dc0", label, fdc, dc, (size_t)B * H);
    free(x); free(wih); free(whh); free(bias); free(keep); free(dout); free(gates); free(h); free(c); free(tc);
    free(out); free(dh); free(dc); free(dgates);
    float *floats[] = {fx, fbias, fkeep, fh, fc, fgates, ftc, fout, fwih, fwhh, pih, phh, fdh, fdc, fdgates,
                       fgates_ref, fc_ref, ftc_ref, fdout, pcol};
    for (size_t k = 0; k < sizeof floats / sizeof *floats; k++) lk_free(floats[k]);
}

// ---- GRU (PyTorch's): gates r, z, n; bias [4H] = b_ir + b_hr, b_iz + b_hz, b_in, b_hn ----

static void gru_check(lk_isa isa, shape s, const char *label) {
    const int T = s.T, B = s.B, D = s.D, H = s.H, G = 3 * H;
    double *x = drandom((size_t)T * B * D, 1), *wih = drandom((size_t)G * D, 0.5), *whh = drandom((size_t)G * H, 0.5);
    double *bias = drandom(4 * H, 0.5), *keep = make_keep(s), *dout = drandom((size_t)T * B * H, 1);
    double *gates = dvec((size_t)T * B * G), *hn = dvec((size_t)T * B * H), *h = drandom((size_t)(T + 1) * B * H, 1);
    double *out = dvec((size_t)T * B * H);
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            const size_t row = (size_t)t * B + b;
            for (int j = 0; j < H; j++) {
                double a[3], ah[3];
                for (int q = 0; q < 3; q++) {
                    a[q] = 0; ah[q] = 0;
                    for (int k = 0; k < D; k++) a[q] += x[row * D + k] * wih[((size_t)q * H + j) * D + k];
                    for (int k = 0; k < H; k++) ah[q] += h[row * H + k] * whh[((size_t)q * H + j) * H + k];
                }
                double r = sigmoid(a[0] + ah[0] + (s.biased ? bias[j] : 0));
                double z = sigmoid(a[1] + ah[1] + (s.biased ? bias[H + j] : 0));
                double hnv = ah[2] + (s.biased ? bias[3 * H + j] : 0);
                double n = tanh(a[2] + (s.biased ? bias[2 * H + j] : 0) + r * hnv);
                gates[row * G + j] = r; gates[row * G + H + j] = z; gates[row * G + 2 * H + j] = n;
                hn[row * H + j] = hnv;
                int kept = keep[row] != 0.0;
                double hp = h[row * H + j];
                h[(row + B) * H + j] = kept ? n + z * (hp - n) : hp;
                out[row * H + j] = kept ? n + z * (hp - n) : 0.0;
            }
        }
    float *fx = tofloat(x, (size_t)T * B * D), *fbias = tofloat(bias, 4 * H), *fkeep = tofloat(keep, (size_t)T * B);
    float *fh = fvec((size_t)(T + 1) * B * H);
    for (size_t i = 0; i < (size_t)B * H; i++) fh[i] = (float)h[i];
    float *fgates = fvec((size_t)T * B * G), *fhn = fvec((size_t)T * B * H), *fout = fvec((size_t)T * B * H);
    float *fwih = tofloat(wih, (size_t)G * D), *fwhh = tofloat(whh, (size_t)G * H);
    float *pih = fvec(lk_gate_panels_count(isa, 3, H, D)), *phh = fvec(lk_gate_panels_count(isa, 3, H, H));
    lk_pack_gate_panels(isa, fwih, 3, H, D, pih);
    lk_pack_gate_panels(isa, fwhh, 3, H, H, phh);
    lk_gru_forward_args fa = {T, B, D, H, s.threads, fx, fgates, fhn, s.biased ? fbias : NULL, pih, phh, fh, fout,
                              s.masked ? fkeep : NULL, isa};
    lk_gru_forward(&fa);
    compare("GRU forward gates", label, fgates, gates, (size_t)T * B * G);
    compare("GRU forward hn", label, fhn, hn, (size_t)T * B * H);
    compare("GRU forward h", label, fh, h, (size_t)(T + 1) * B * H);
    compare("GRU forward out", label, fout, out, (size_t)T * B * H);

    double *dh = drandom((size_t)B * H, 1), *dgx = dvec((size_t)T * B * G), *dgh = dvec((size_t)T * B * G);
    float *fdh = tofloat(dh, (size_t)B * H), *fdgx = fvec((size_t)T * B * G), *fdgh = fvec((size_t)T * B * G);
    for (int t = T - 1; t >= 0; t--)
        for (int b = 0; b < B; b++) {
            const size_t row = (size_t)t * B + b;
            if (keep[row] == 0.0) continue;                       // dGx = dGh = 0, dh passes
            double *gx = dgx + row * G, *gh = dgh + row * G, carried[H];
            for (int j = 0; j < H; j++) {
                double r = gates[row * G + j], z = gates[row * G + H + j], n = gates[row * G + 2 * H + j];
                double dhn = dh[b * H + j] + dout[row * H + j], hp = h[row * H + j];
                double dan = dhn * (1 - z) * (1 - n * n), daz = dhn * (hp - n) * z * (1 - z);
                double dar = dan * hn[row * H + j] * r * (1 - r);
                gx[j] = dar; gx[H + j] = daz; gx[2 * H + j] = dan;
                gh[j] = dar; gh[H + j] = daz; gh[2 * H + j] = dan * r;
                carried[j] = dhn * z;
            }
            for (int j = 0; j < H; j++) {
                double sum = carried[j];
                for (int k = 0; k < G; k++) sum += gh[k] * whh[(size_t)k * H + j];
                dh[b * H + j] = sum;
            }
        }
    float *fgates_ref = tofloat(gates, (size_t)T * B * G), *fhn_ref = tofloat(hn, (size_t)T * B * H);
    float *fh_ref = tofloat(h, (size_t)(T + 1) * B * H), *fdout = tofloat(dout, (size_t)T * B * H);
    float *pcol = fvec(lk_column_panels_count(isa, G, H));
    lk_pack_column_panels(isa, fwhh, G, H, pcol);
    lk_gru_backward_args ba = {T, B, H, s.threads, fgates_ref, fhn_ref, fh_ref, pcol, fdout, fdh, fdgx, fdgh,
                               s.masked ? fkeep : NULL, isa};
    lk_gru_backward(&ba);
    compare("GRU backward dGx", label, fdgx, dgx, (size_t)T * B * G);
    compare("GRU backward dGh", label, fdgh, dgh, (size_t)T * B * G);
    compare("GRU backward dh0", label, fdh, dh, (size_t)B * H);
    free(x); free(wih); free(whh); free(bias); free(keep); free(dout); free(gates); free(hn); free(h); free(out);
    free(dh); free(dgx); free(dgh);
    float *floats[] = {fx, fbias, fkeep, fh, fgates, fhn, fout, fwih, fwhh, pih, phh, fdh, fdgx, fdgh,
                       fgates_ref, fhn_ref, fh_ref, fdout, pcol};
    for (size_t k = 0; k < sizeof floats / sizeof *floats; k++) lk_free(floats[k]);
}

/// Packing on 2 threads (weights large enough to split) gives the 1-thread panels bit for bit.
static int pack_threads_check(lk_isa isa) {
    const int H = 300, K = 200, R = 4 * H;
    float *w = lk_alloc_floats((size_t)R * K > (size_t)R * H ? (size_t)R * K : (size_t)R * H);
    for (int k = 0; k < R * (K > H ? K : H); k++) w[k] = (float)(((long)k * 7919) % 1000) / 1000.0f - 0.5f;
    size_t gate = lk_gate_panels_count(isa, 4, H, K), column = lk_column_panels_count(isa, R, H);
    float *one = lk_alloc_floats(gate > column ? gate : column), *two = lk_alloc_floats(gate > column ? gate : column);
    lk_pack_gate_panels_threads(isa, w, 4, H, K, one, 1);
    lk_pack_gate_panels_threads(isa, w, 4, H, K, two, 2);
    int same = memcmp(one, two, gate * sizeof(float)) == 0;
    lk_pack_column_panels_threads(isa, w, R, H, one, 1);
    lk_pack_column_panels_threads(isa, w, R, H, two, 2);
    same &= memcmp(one, two, column * sizeof(float)) == 0;
    if (!same) printf("kernel-check: %s packing on 2 threads differs from 1 thread\n", lk_isa_name(isa));
    lk_free(w); lk_free(one); lk_free(two);
    return same;
}

static int check_isa(lk_isa isa) {
    static const int hiddens[] = {1, 3, 5, 8, 13, 17, 33};
    int cases = 0;
    worst = 0;
    failures = 0;
    char label[160];
    for (size_t k = 0; k < sizeof hiddens / sizeof *hiddens; k++)
        for (int B = 1; B <= 7; B++)
            for (int variant = 0; variant < 4; variant++) {
                shape s = {3, B, variant & 2 ? 5 : 2, hiddens[k], 1, variant & 1, variant != 1};   // D, mask, bias: all 4
                snprintf(label, sizeof label, "%s T=%d B=%d D=%d H=%d masked=%d bias=%d threads=%d",
                         lk_isa_name(isa), s.T, s.B, s.D, s.H, s.masked, s.biased, s.threads);
                lstm_check(isa, s, label);
                gru_check(isa, s, label);
                cases++;
            }
    // Large enough steps (>= 2^20 multiply-adds) that 2 threads really run, with a partial last tile.
    shape big[] = {{2, 21, 7, 130, 2, 1, 1}, {2, 23, 4, 140, 2, 0, 1}};   // GRU backward 21*3*130^2 > 2^20
    for (size_t k = 0; k < 2; k++) {
        snprintf(label, sizeof label, "%s T=%d B=%d D=%d H=%d masked=%d threads=2", lk_isa_name(isa), big[k].T,
                 big[k].B, big[k].D, big[k].H, big[k].masked);
        lstm_check(isa, big[k], label);
        gru_check(isa, big[k], label);
        cases++;
    }
    if (!pack_threads_check(isa)) failures++;
    // The 2-thread runs above share one persistent pool worker (at most 1 started, however many calls).
    if (lk_pool_threads_started() > 1) {
        printf("kernel-check: %ld pool threads started for runs of at most 2 threads: the pool is not persistent\n",
               lk_pool_threads_started());
        failures++;
    }
    printf("kernel-check: %-6s %d shapes x LSTM/GRU forward/backward: %s (largest error %.2g of %.0e allowed)\n",
           lk_isa_name(isa), cases, failures ? "FAILED" : "ok", worst, LK_TOLERANCE);
    return failures == 0;
}

int main(int argc, char **argv) {
    int ok = 1, ran = 0;
    if (argc > 1) {
        for (int a = 1; a < argc; a++) {
            lk_isa isa = lk_isa_named(argv[a]);
            if (!lk_isa_supported(isa)) {
                fprintf(stderr, "kernel-check: this CPU or build cannot run ISA '%s'\n", argv[a]);
                return 1;
            }
            ok &= check_isa(isa);
            ran++;
        }
    } else {
        for (int k = LK_ISA_AVX512; k <= LK_ISA_NEON; k++)
            if (lk_isa_supported((lk_isa)k)) { ok &= check_isa((lk_isa)k); ran++; }
    }
    if (ran == 0) { fprintf(stderr, "kernel-check: no native ISA on this machine\n"); return 1; }
    return ok ? 0 : 1;
}
