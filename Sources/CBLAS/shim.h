#ifndef LSTMKIT_CBLAS_SHIM_H
#define LSTMKIT_CBLAS_SHIM_H
// OpenBLAS's CBLAS interface (Debian: libopenblas-dev, found through pkg-config "openblas").
#include <cblas.h>
// Threading control, so benchmarks can pin OpenBLAS to 1 or 2 threads.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
#endif
