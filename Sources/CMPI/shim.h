#ifndef LSTMKIT_CMPI_SHIM_H
#define LSTMKIT_CMPI_SHIM_H
// Open MPI (Debian: libopenmpi-dev, pkg-config ompi-c), used only by LSTMKitMPI. MPI_COMM_WORLD, MPI_FLOAT,
// MPI_SUM and MPI_IN_PLACE are macros over Open MPI's globals that Swift cannot import: these inline
// functions name them.
#include <mpi.h>

static inline int lstmkit_mpi_initialized(void) { int flag = 0; MPI_Initialized(&flag); return flag; }
static inline int lstmkit_mpi_finalized(void) { int flag = 0; MPI_Finalized(&flag); return flag; }
static inline int lstmkit_mpi_init(void) {
    int provided = 0;
    return MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
}
static inline int lstmkit_mpi_finalize(void) { return MPI_Finalize(); }
static inline int lstmkit_mpi_rank(void) { int r = 0; MPI_Comm_rank(MPI_COMM_WORLD, &r); return r; }
static inline int lstmkit_mpi_size(void) { int s = 1; MPI_Comm_size(MPI_COMM_WORLD, &s); return s; }
static inline int lstmkit_mpi_allreduce_sum_float(float *buffer, int count) {
    return MPI_Allreduce(MPI_IN_PLACE, buffer, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
}
static inline int lstmkit_mpi_allreduce_sum_double(double *buffer, int count) {
    return MPI_Allreduce(MPI_IN_PLACE, buffer, count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
}
static inline int lstmkit_mpi_bcast_float(float *buffer, int count, int root) {
    return MPI_Bcast(buffer, count, MPI_FLOAT, root, MPI_COMM_WORLD);
}
static inline int lstmkit_mpi_bcast_double(double *buffer, int count, int root) {
    return MPI_Bcast(buffer, count, MPI_DOUBLE, root, MPI_COMM_WORLD);
}
static inline int lstmkit_mpi_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }
static inline int lstmkit_mpi_abort(int code) { return MPI_Abort(MPI_COMM_WORLD, code); }

#endif
