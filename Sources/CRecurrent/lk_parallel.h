// The fork-join runtime of the recurrent kernels (a persistent thread pool): run `body(context, thread,
// threads)` on `threads` threads (the caller is thread 0), with a spinning barrier the bodies call once per
// time step.
#ifndef LSTMKIT_LK_PARALLEL_H
#define LSTMKIT_LK_PARALLEL_H

#include <stdatomic.h>

#include "CRecurrent.h"   // lk_useful_threads

typedef struct {
    atomic_int arrived;
    atomic_int generation;
    atomic_int sleepers;
    int threads;
} lk_barrier;

/// Waits until all `threads` callers have arrived: spins for a few microseconds (a step is short), then
/// sleeps (a futex on Linux), so that on a busy machine a waiting thread gives its core to the late one.
void lk_barrier_wait(lk_barrier *barrier);

/// Runs body(context, t, n) for t in 0..<n, t = 0 on the calling thread, t > 0 on the workers of the
/// persistent pool (lk_parallel.c), and returns when all are done. n = `threads`, or fewer if the system
/// cannot start that many threads; `barrier` (the one the bodies use) is set up for n before any body starts.
/// Thread-safe: runs from several threads are serialized (one at a time); a body must not call it again.
void lk_parallel_run(int threads, lk_barrier *barrier, void *context,
                     void (*body)(void *context, int thread, int threads));


/// How many tiles of `width` units cover `units`.
static inline int lk_tiles(int units, int width) { return (units + width - 1) / width; }

/// First row and row count of row block `block` when `batch` rows are split into `blocks` nearly equal blocks.
static inline void lk_block_rows(int block, int blocks, int batch, int *row0, int *rows) {
    *row0 = (int)((long)block * batch / blocks);
    *rows = (int)((long)(block + 1) * batch / blocks) - *row0;
}

/// [begin, end) of `thread`'s share of `count` items split into `threads` nearly equal contiguous parts.
static inline void lk_share(int count, int thread, int threads, int *begin, int *end) {
    *begin = (int)((long)count * thread / threads);
    *end = (int)((long)count * (thread + 1) / threads);
}

#endif
