// The choice of instruction set: what this CPU supports, names, and the entry points that pass each call
// to the kernels of the ISA its arguments name (see CRecurrent.h).
#include "CRecurrent.h"
#include "lk_kernels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const lk_isa_names[] = {NULL, "avx512", "avx2", "neon"};

const char *lk_isa_name(lk_isa isa) { return (unsigned)isa < 4 ? lk_isa_names[isa] : NULL; }

lk_isa lk_isa_named(const char *name) {
    for (int k = 1; k < 4; k++)
        if (name != NULL && strcmp(name, lk_isa_names[k]) == 0) return (lk_isa)k;
    return LK_ISA_NONE;
}

int lk_isa_lanes(lk_isa isa) {
    switch (isa) {
    case LK_ISA_AVX512: return 16;
    case LK_ISA_AVX2: return 8;
    case LK_ISA_NEON: return 4;
    default: return 0;
    }
}

int lk_isa_supported(lk_isa isa) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    const int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (isa == LK_ISA_AVX512)
        return avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
    if (isa == LK_ISA_AVX2) return avx2;
    return 0;
#elif defined(__aarch64__)
    return isa == LK_ISA_NEON;
#else
    (void)isa;
    return 0;
#endif
}

lk_isa lk_isa_best(void) {
    for (int k = 1; k < 4; k++)
        if (lk_isa_supported((lk_isa)k)) return (lk_isa)k;
    return LK_ISA_NONE;
}

const char *lk_native_isa(void) { return lk_isa_name(lk_isa_best()); }

/// The kernels have no way to report an error to their caller: a call for an ISA this CPU cannot run is a
/// bug of the caller, stopped here with its name rather than an illegal instruction.
static void lk_check_isa(lk_isa isa, const char *kernel) {
    if (lk_isa_supported(isa)) return;
    const char *name = lk_isa_name(isa);
    fprintf(stderr, "LSTMKit: %s called for ISA %s, which this CPU or build does not support\n", kernel,
            name ? name : "none");
    abort();
}

#if defined(__x86_64__)
#define LK_DISPATCH(kernel, args)                                                       \
    lk_check_isa((args)->isa, #kernel);                                                 \
    if ((args)->isa == LK_ISA_AVX512) kernel##_avx512(args);                            \
    else kernel##_avx2(args);
#elif defined(__aarch64__)
#define LK_DISPATCH(kernel, args) lk_check_isa((args)->isa, #kernel); kernel##_neon(args);
#else
#define LK_DISPATCH(kernel, args) lk_check_isa((args)->isa, #kernel);
#endif

void lk_lstm_forward(const lk_lstm_forward_args *args) { LK_DISPATCH(lk_lstm_forward, args) }
void lk_lstm_backward(const lk_lstm_backward_args *args) { LK_DISPATCH(lk_lstm_backward, args) }
void lk_gru_forward(const lk_gru_forward_args *args) { LK_DISPATCH(lk_gru_forward, args) }
void lk_gru_backward(const lk_gru_backward_args *args) { LK_DISPATCH(lk_gru_backward, args) }
