#ifndef LSTMKIT_CDNNL_SHIM_H
#define LSTMKIT_CDNNL_SHIM_H
// oneDNN 2.6 C API (Debian: libdnnl-dev). Used only by Sources/LSTMKit/Fused/OneDNN*.swift, behind
// LSTMKit's own API; the readable reference and LSTMKit's own fused kernels stay the witnesses.
#include <oneapi/dnnl/dnnl.h>
#endif
