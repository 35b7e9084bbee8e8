// The kernels compiled for avx512: the width-generic bodies over the primitives of lk_isa_avx512.h, which name the
// entry points lk_<kernel>_avx512 (declared in lk_kernels.h). Built on x86-64; run only where lk_isa_supported says
// the CPU has the instructions.
#include "lk_kernels.h"

#if defined(__x86_64__)
#include "lk_isa_avx512.h"

#include "gru_backward.h"
#include "gru_forward.h"
#include "lstm_backward.h"
#include "lstm_forward.h"
#endif
