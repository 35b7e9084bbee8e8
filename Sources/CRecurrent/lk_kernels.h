// Internal: the kernels of each instruction set (lk_kernels_<isa>.c), that lk_isa.c chooses between.
#ifndef LSTMKIT_LK_KERNELS_H
#define LSTMKIT_LK_KERNELS_H

#include "CRecurrent.h"

#define LK_DECLARE_KERNELS(isa)                                                         \
    void lk_lstm_forward_##isa(const lk_lstm_forward_args *args);                       \
    void lk_lstm_backward_##isa(const lk_lstm_backward_args *args);                     \
    void lk_gru_forward_##isa(const lk_gru_forward_args *args);                         \
    void lk_gru_backward_##isa(const lk_gru_backward_args *args);

#if defined(__x86_64__)
LK_DECLARE_KERNELS(avx512)
LK_DECLARE_KERNELS(avx2)
#endif
#if defined(__aarch64__)
LK_DECLARE_KERNELS(neon)
#endif

#endif
