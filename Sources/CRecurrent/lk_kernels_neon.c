// The kernels compiled for neon: the width-generic bodies over the primitives of lk_isa_neon.h, which name the entry
// points lk_<kernel>_neon (declared in lk_kernels.h). Built on arm64 (NEON is its baseline).
#include "lk_kernels.h"

#if defined(__aarch64__)
#include "lk_isa_neon.h"

#include "gru_backward.h"
#include "gru_forward.h"
#include "lstm_backward.h"
#include "lstm_forward.h"
#endif
