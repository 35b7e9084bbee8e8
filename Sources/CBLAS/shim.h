#ifndef LSTMKIT_CBLAS_SHIM_H
#define LSTMKIT_CBLAS_SHIM_H
// OpenBLAS's CBLAS interface (Debian: libopenblas-dev, found through pkg-config "openblas").
#include <cblas.h>
#include <stddef.h>
// Threading control, so benchmarks can pin OpenBLAS to 1 or 2 threads.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

// LAPACK, which Debian's libopenblas includes (Fortran symbols, column-major, every argument by pointer; the
// trailing size_t arguments are the hidden lengths gfortran passes for CHARACTER arguments, always 1 here).
// dgeev_: eigenvalues (wr + i wi) and optionally eigenvectors of a general n x n matrix (a is overwritten).
void dgeev_(const char *jobvl, const char *jobvr, const int *n, double *a, const int *lda, double *wr, double *wi,
            double *vl, const int *ldvl, double *vr, const int *ldvr, double *work, const int *lwork, int *info,
            size_t jobvl_len, size_t jobvr_len);
// dposv_: solves A X = B for a symmetric positive definite n x n A (Cholesky; a and b are overwritten).
void dposv_(const char *uplo, const int *n, const int *nrhs, double *a, const int *lda, double *b, const int *ldb,
            int *info, size_t uplo_len);
#endif
