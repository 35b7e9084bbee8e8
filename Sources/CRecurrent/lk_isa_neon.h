// The vector primitives of the NEON kernels (arm64 baseline: 4 lanes, 32 q registers): see lk_isa_avx512.h.
#ifndef LSTMKIT_LK_ISA_H
#define LSTMKIT_LK_ISA_H
#include <arm_neon.h>
#include <string.h>

#define LK_W 4
#define LK_SUFFIX(name) name##_neon
#define LK_TARGET
#define LK_INLINE static inline __attribute__((always_inline))
// Rows per register tile (accumulators <= 24 of 32 registers).
#define LK_LSTM_FORWARD_ROWS 6        // x 4 gates
#define LK_BACKWARD_ROWS 8            // x 2 vectors
#define LK_GRU_FORWARD_ROWS 8         // x 3 gates

typedef float32x4_t lk_vf;
typedef int lk_vi __attribute__((vector_size(16)));
typedef uint32x4_t lk_mask;
typedef int lk_lanes_t;               // how many of the 4 lanes lie below the unit count

LK_INLINE lk_vf lk_set(float v) { return vdupq_n_f32(v); }
LK_INLINE lk_vi lk_seti(int v) { return (lk_vi)vdupq_n_s32(v); }
LK_INLINE lk_vf lk_fma(lk_vf a, lk_vf b, lk_vf c) { return vfmaq_f32(c, a, b); }
LK_INLINE lk_vf lk_fnma(lk_vf a, lk_vf b, lk_vf c) { return vfmsq_f32(c, a, b); }
LK_INLINE lk_vf lk_min(lk_vf a, lk_vf b) { return vminq_f32(a, b); }
LK_INLINE lk_vf lk_max(lk_vf a, lk_vf b) { return vmaxq_f32(a, b); }
LK_INLINE lk_mask lk_lt(lk_vf a, lk_vf b) { return vcltq_f32(a, b); }
LK_INLINE lk_mask lk_gt(lk_vf a, lk_vf b) { return vcgtq_f32(a, b); }
LK_INLINE lk_mask lk_isnan(lk_vf a) { return vmvnq_u32(vceqq_f32(a, a)); }
LK_INLINE lk_vf lk_select(lk_mask m, lk_vf t, lk_vf f) { return vbslq_f32(m, t, f); }
LK_INLINE int lk_any(lk_mask m) { return vmaxvq_u32(m) != 0; }

LK_INLINE lk_lanes_t lk_lanes(int j0, int count) {
    int lanes = count - j0;
    return lanes < 0 ? 0 : lanes > 4 ? 4 : lanes;
}
LK_INLINE lk_vf lk_loadu(lk_lanes_t n, const float *p) {
    if (n == 4) return vld1q_f32(p);
    float t[4] = {0, 0, 0, 0};
    memcpy(t, p, (size_t)n * sizeof(float));
    return vld1q_f32(t);
}
LK_INLINE void lk_storeu(lk_lanes_t n, float *p, lk_vf v) {
    if (n == 4) { vst1q_f32(p, v); return; }
    float t[4];
    vst1q_f32(t, v);
    memcpy(p, t, (size_t)n * sizeof(float));
}

#endif
