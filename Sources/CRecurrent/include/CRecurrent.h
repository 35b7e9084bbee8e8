// CRecurrent: LSTMKit's native Float kernels for the per-step work of the fused LSTM (see
// Sources/LSTMKit/Fused/LSTMKernel.swift for the equations and LSTMKernel+Native.swift, NativeKernels.swift for the Swift side).
//
// Each time step is one pass over tiles of W hidden units (W = the vector width): a register-blocked GEMM of
// the previous state against pre-packed recurrent weights (FMA), followed at once by the pointwise gate math
// on the same tile while it is still in registers ("fused epilogue"). Tiles are shared out between threads,
// with one barrier per step. The large GEMMs over all steps (input projection, weight gradients) stay with BLAS.
//
// The kernels are written once over the vector width (lk_isa_<isa>.h holds each ISA's few primitives and
// tile shapes; lk_math.h, lk_tile.h and the four kernel bodies use only those) and compiled for three
// instruction sets: AVX-512 (16 lanes, x86-64 with AVX-512F/DQ), AVX2 + FMA (8 lanes, x86-64) and NEON
// (4 lanes, arm64). Per-function target attributes, so the package needs no compiler flags; every call
// names its ISA (`isa` in the arguments, one the CPU supports: lk_isa_supported), and the packed weights
// must be packed for the same ISA. On other CPUs or architectures LSTMKit uses its Swift fused kernel.
#ifndef LSTMKIT_CRECURRENT_H
#define LSTMKIT_CRECURRENT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The instruction sets of the kernels. Lanes: 16, 8, 4.
typedef enum { LK_ISA_NONE = 0, LK_ISA_AVX512 = 1, LK_ISA_AVX2 = 2, LK_ISA_NEON = 3 } lk_isa;

/// The best instruction set the kernels can run with on this CPU, as the lowercase name LSTMKit reports
/// ("avx512": AVX-512F, AVX-512DQ, AVX2 and FMA; "avx2": AVX2 and FMA; "neon": arm64), or NULL when none.
const char *lk_native_isa(void);
/// lk_native_isa as an lk_isa (LK_ISA_NONE when none).
lk_isa lk_isa_best(void);
/// 1 when the kernels of `isa` are compiled for this architecture and the CPU has its instructions.
int lk_isa_supported(lk_isa isa);
/// "avx512", "avx2", "neon", or NULL (LK_ISA_NONE); and back (LK_ISA_NONE for any other name).
const char *lk_isa_name(lk_isa isa);
lk_isa lk_isa_named(const char *name);
/// Floats per vector: 16, 8, 4 (0 for LK_ISA_NONE). The panel widths of the packed weights below.
int lk_isa_lanes(lk_isa isa);

/// Threads worth starting for steps of `macs` multiply-adds split into `items` tiles: at most `threads`,
/// `items` and the online cores, and 1 below ~1M multiply-adds, where a step takes a few microseconds and
/// the per-step barrier would eat the gain.
int lk_useful_threads(int threads, long macs, int items);

/// The kernels run their threads on a persistent pool: started lazily (by the first call that needs them),
/// parked between calls, joined at exit; calls from several threads at once are serialized. This counts the
/// pool threads started since the process began (it stays put over many calls: the tests check that).
long lk_pool_threads_started(void);

/// 64-byte aligned buffer of `count` floats (free with lk_free); NULL on failure. Blocks of 1 MB and more
/// come from a pool of mapped blocks that lk_free returns them to (at most 16 blocks, 1 GB in all), so that
/// the per-call workspaces of a training loop reuse the same memory; lk_release_workspace empties it.
float *lk_alloc_floats(size_t count);
void lk_free(void *pointer);
void lk_release_workspace(void);

/// A gate weight W [G * H, K] (G = 4 gates for the LSTM, 3 for the GRU; W_ih with K = D, W_hh with K = H)
/// packed for the forward step of `isa` (W = lk_isa_lanes(isa) lanes): tile u (units Wu ..< Wu+W), then k in
/// 0..<K, then gate q, then W lanes: packed[((u * K + k) * G + q) * W + l] = W[q * H + Wu + l, k] (0 past H).
size_t lk_gate_panels_count(lk_isa isa, int gates, int hidden, int columns);
void lk_pack_gate_panels(lk_isa isa, const float *weight, int gates, int hidden, int columns, float *packed);
/// The same on up to `threads` threads (the kernels' pool; 1 thread for small weights); the same result.
void lk_pack_gate_panels_threads(lk_isa isa, const float *weight, int gates, int hidden, int columns,
                                 float *packed, int threads);

/// W_hh [R, H] (R = G * H rows) packed for the backward step (dh = dGates @ W_hh) of `isa`: tile v (units
/// 2Wv ..< 2Wv+2W), then k in 0..<R, then 2W lanes: packed[(v * R + k) * 2W + l] = W_hh[k, 2Wv + l] (0 past H).
size_t lk_column_panels_count(lk_isa isa, int rows, int hidden);
void lk_pack_column_panels(lk_isa isa, const float *weight, int rows, int hidden, float *packed);
void lk_pack_column_panels_threads(lk_isa isa, const float *weight, int rows, int hidden, float *packed,
                                   int threads);

/// The forward of an LSTM layer without projection (R = H). Each step's tile computes its part of
/// x[t] @ W_ih^T + h[t-1] @ W_hh^T itself (no separate input projection), then the gate math.
typedef struct {
    int steps, batch, input_size, hidden;   // T, B, D, H
    int threads;                     // threads to use (1 = the calling thread only)
    const float *x;                  // [T, B, D]
    float *gates;                    // [T, B, 4H] out: activated gates i, f, g, o
    const float *bias;               // [4H] b_ih + b_hh, or NULL
    const float *packed_weight_ih;   // lk_pack_gate_panels of W_ih [4H, D]
    const float *packed_weight_hh;   // lk_pack_gate_panels of W_hh [4H, H]
    float *h;                        // [T+1, B, H]: h[0] set by the caller, h[1...T] written
    float *c;                        // [T+1, B, H]: c[0] set by the caller, c[1...T] written
    float *tanh_c;                   // [T, B, H] tanh(c') of every step
    float *out;                      // [T, B, H] h', or 0 for padded steps
    const float *keep;               // [T, B] 0/1 step mask, or NULL (every step kept)
    lk_isa isa;                      // the instruction set to run with (lk_isa_supported) and packed for
} lk_lstm_forward_args;
void lk_lstm_forward(const lk_lstm_forward_args *args);

/// The backward time loop of the same layer: every step's dGates and dh0, dc0. The GEMMs over all steps
/// (dW_ih, dW_hh, dX, dBias) are left to the caller.
typedef struct {
    int steps, batch, hidden;
    int threads;
    const float *gates, *c, *tanh_c;  // the forward's cache (c is [T+1, B, H])
    const float *packed_weight_hh;   // lk_pack_column_panels of W_hh
    const float *d_out;              // [T, B, H]
    float *dh;                       // [B, H] in: dLoss/dh[T]; out: dLoss/dh0
    float *dc;                       // [B, H] in: dLoss/dc[T]; out: dLoss/dc0
    float *d_gates;                  // [T, B, 4H] out
    const float *keep;               // [T, B] or NULL
    lk_isa isa;                      // as in the forward
} lk_lstm_backward_args;
void lk_lstm_backward(const lk_lstm_backward_args *args);

// ---- GRU (PyTorch's variant: gates r, z, n; b_hn inside r * (...)) ----
// The same scheme for the fused GRU (equations in Sources/LSTMKit/Fused/GRUKernel.swift, Swift side in
// GRUKernel+Native.swift): 3 gate blocks instead of 4, and the hidden part of n kept apart from its input part.

/// The forward of a GRU layer. Each step's tile computes its part of x[t] @ W_ih^T and h[t-1] @ W_hh^T
/// itself (the n parts kept apart), then the gate math.
typedef struct {
    int steps, batch, input_size, hidden;   // T, B, D, H
    int threads;                     // threads to use (1 = the calling thread only)
    const float *x;                  // [T, B, D]
    float *gates;                    // [T, B, 3H] out: activated gates r, z, n
    float *hn;                       // [T, B, H] out: h[t-1] @ W_hn^T + b_hn
    const float *bias;               // [4H]: b_ir + b_hr, b_iz + b_hz, b_in, b_hn; or NULL
    const float *packed_weight_ih;   // lk_pack_gate_panels of W_ih [3H, D]
    const float *packed_weight_hh;   // lk_pack_gate_panels of W_hh [3H, H]
    float *h;                        // [T+1, B, H]: h[0] set by the caller, h[1...T] written
    float *out;                      // [T, B, H] h', or 0 for padded steps
    const float *keep;               // [T, B] 0/1 step mask, or NULL (every step kept)
    lk_isa isa;                      // the instruction set to run with (lk_isa_supported) and packed for
} lk_gru_forward_args;
void lk_gru_forward(const lk_gru_forward_args *args);

/// The backward time loop of the same layer: every step's dGx (gradient of x[t] @ W_ih^T + b_ih), dGh
/// (gradient of h[t-1] @ W_hh^T + b_hh) and dh0. The GEMMs over all steps (dW_ih, dW_hh, dX, dBias) are left
/// to the caller.
typedef struct {
    int steps, batch, hidden;
    int threads;
    const float *gates, *hn, *h;     // the forward's cache (h is [T+1, B, H])
    const float *packed_weight_hh;   // lk_pack_column_panels of W_hh
    const float *d_out;              // [T, B, H]
    float *dh;                       // [B, H] in: dLoss/dh[T]; out: dLoss/dh0
    float *d_gx;                     // [T, B, 3H] out
    float *d_gh;                     // [T, B, 3H] out
    const float *keep;               // [T, B] or NULL
    lk_isa isa;                      // as in the forward
} lk_gru_backward_args;
void lk_gru_backward(const lk_gru_backward_args *args);

#ifdef __cplusplus
}
#endif

#endif
