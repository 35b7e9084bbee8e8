// The fork-join runtime of the recurrent kernels: a persistent pool of worker threads, started lazily (the
// first call that needs them), parked between calls (a futex on Linux, a condition variable elsewhere) and
// woken per call; joined at exit. One run at a time: concurrent callers are serialized by a mutex (the kernels
// of one call already use every core the thread count allows, so running two at once would only share them).
#include "lk_parallel.h"

#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define LK_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define LK_PAUSE() __asm__ __volatile__("yield")
#else
#define LK_PAUSE() ((void)0)
#endif

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>

static void lk_sleep_while_equal(atomic_int *word, int value) {
    syscall(SYS_futex, (int *)word, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
}

static void lk_wake_all(atomic_int *word) {
    syscall(SYS_futex, (int *)word, FUTEX_WAKE_PRIVATE, 0x7FFFFFFF, NULL, NULL, 0);
}
#else
// One condition variable for every word: the waker changes the word before it takes the lock and broadcasts,
// the sleeper checks the word under the lock, so no wake-up is lost.
static pthread_mutex_t lk_park_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t lk_park_cond = PTHREAD_COND_INITIALIZER;

static void lk_sleep_while_equal(atomic_int *word, int value) {
    pthread_mutex_lock(&lk_park_lock);
    while (atomic_load_explicit(word, memory_order_acquire) == value) pthread_cond_wait(&lk_park_cond, &lk_park_lock);
    pthread_mutex_unlock(&lk_park_lock);
}

static void lk_wake_all(atomic_int *word) {
    (void)word;
    pthread_mutex_lock(&lk_park_lock);
    pthread_cond_broadcast(&lk_park_cond);
    pthread_mutex_unlock(&lk_park_lock);
}
#endif

enum { LK_SPINS = 4000 };

void lk_barrier_wait(lk_barrier *barrier) {
    if (barrier->threads <= 1) return;
    int generation = atomic_load_explicit(&barrier->generation, memory_order_acquire);
    if (atomic_fetch_add_explicit(&barrier->arrived, 1, memory_order_acq_rel) == barrier->threads - 1) {
        atomic_store_explicit(&barrier->arrived, 0, memory_order_relaxed);
        atomic_fetch_add_explicit(&barrier->generation, 1, memory_order_seq_cst);
        if (atomic_load_explicit(&barrier->sleepers, memory_order_seq_cst) > 0) lk_wake_all(&barrier->generation);
        return;
    }
    for (int spins = 0; spins < LK_SPINS; spins++) {
        if (atomic_load_explicit(&barrier->generation, memory_order_acquire) != generation) return;
        LK_PAUSE();
    }
    atomic_fetch_add_explicit(&barrier->sleepers, 1, memory_order_seq_cst);
    while (atomic_load_explicit(&barrier->generation, memory_order_acquire) == generation)
        lk_sleep_while_equal(&barrier->generation, generation);
    atomic_fetch_sub_explicit(&barrier->sleepers, 1, memory_order_acq_rel);
}

/// Waits until *word differs from `value` (spins, then sleeps; `sleepers` counts the sleepers for the waker).
static void lk_wait_for_change(atomic_int *word, int value, atomic_int *sleepers) {
    for (int spins = 0; spins < LK_SPINS; spins++) {
        if (atomic_load_explicit(word, memory_order_acquire) != value) return;
        LK_PAUSE();
    }
    atomic_fetch_add_explicit(sleepers, 1, memory_order_seq_cst);
    while (atomic_load_explicit(word, memory_order_seq_cst) == value) lk_sleep_while_equal(word, value);
    atomic_fetch_sub_explicit(sleepers, 1, memory_order_acq_rel);
}

enum { LK_MAX_WORKERS = 255 };

/// The pool. `lock` serializes the runs (and guards workers/ids); the job fields are written under it before
/// `epoch` is bumped and read by the workers after they see the bump. Every worker acknowledges every epoch
/// (`pending` counts them down), so the next run cannot change the job while a worker still reads it.
static struct {
    pthread_mutex_t lock;
    int workers;                       // started and alive: they are threads 1...workers
    pthread_t ids[LK_MAX_WORKERS + 1];
    int first_epoch[LK_MAX_WORKERS + 1];   // the epoch each worker was started in (its first run is the next)
    atomic_int epoch;                  // bumped once per run (and at shutdown)
    atomic_int epoch_sleepers;
    atomic_int pending;                // workers yet to finish (or skip) the current epoch
    atomic_int caller_sleeping;
    atomic_int shutdown;
    atomic_long started_total;         // threads ever started (the tests check it stays put)
    int threads;                       // the current run's thread count
    void *context;
    void (*body)(void *, int, int);
    int exit_handler;
} lk_pool = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void *lk_worker_main(void *argument) {
    const int index = (int)(intptr_t)argument;
    int seen = lk_pool.first_epoch[index];
    for (;;) {
        lk_wait_for_change(&lk_pool.epoch, seen, &lk_pool.epoch_sleepers);
        seen = atomic_load_explicit(&lk_pool.epoch, memory_order_acquire);
        if (atomic_load_explicit(&lk_pool.shutdown, memory_order_acquire)) return NULL;
        if (index < lk_pool.threads) lk_pool.body(lk_pool.context, index, lk_pool.threads);
        if (atomic_fetch_sub_explicit(&lk_pool.pending, 1, memory_order_seq_cst) == 1 &&
            atomic_load_explicit(&lk_pool.caller_sleeping, memory_order_seq_cst))
            lk_wake_all(&lk_pool.pending);
    }
}

/// Stops and joins the workers (at exit). Waits for a run in progress on another thread to finish first.
static void lk_pool_shutdown(void) {
    pthread_mutex_lock(&lk_pool.lock);
    if (lk_pool.workers > 0) {
        atomic_store_explicit(&lk_pool.shutdown, 1, memory_order_seq_cst);
        atomic_fetch_add_explicit(&lk_pool.epoch, 1, memory_order_seq_cst);
        lk_wake_all(&lk_pool.epoch);
        for (int t = 1; t <= lk_pool.workers; t++) pthread_join(lk_pool.ids[t], NULL);
        lk_pool.workers = 0;
        atomic_store_explicit(&lk_pool.shutdown, 0, memory_order_seq_cst);
    }
    pthread_mutex_unlock(&lk_pool.lock);
}

/// In a forked child only the forking thread exists: forget the parent's workers (started again lazily).
static void lk_pool_after_fork_in_child(void) {
    pthread_mutex_init(&lk_pool.lock, NULL);
    lk_pool.workers = 0;
    atomic_store(&lk_pool.epoch_sleepers, 0);
    atomic_store(&lk_pool.pending, 0);
    atomic_store(&lk_pool.caller_sleeping, 0);
}

/// Grows the pool to `wanted` workers (under the lock); returns how many there are.
static int lk_pool_grow(int wanted) {
    if (wanted > LK_MAX_WORKERS) wanted = LK_MAX_WORKERS;
    if (!lk_pool.exit_handler) {
        lk_pool.exit_handler = 1;
        atexit(lk_pool_shutdown);
        pthread_atfork(NULL, NULL, lk_pool_after_fork_in_child);
    }
    while (lk_pool.workers < wanted) {
        int index = lk_pool.workers + 1;
        lk_pool.first_epoch[index] = atomic_load_explicit(&lk_pool.epoch, memory_order_relaxed);
        if (pthread_create(&lk_pool.ids[index], NULL, lk_worker_main, (void *)(intptr_t)index) != 0) break;
        lk_pool.workers = index;
        atomic_fetch_add_explicit(&lk_pool.started_total, 1, memory_order_relaxed);
    }
    return lk_pool.workers;
}

void lk_parallel_run(int threads, lk_barrier *barrier, void *context,
                     void (*body)(void *context, int thread, int threads)) {
    atomic_store_explicit(&barrier->arrived, 0, memory_order_relaxed);
    atomic_store_explicit(&barrier->generation, 0, memory_order_relaxed);
    atomic_store_explicit(&barrier->sleepers, 0, memory_order_relaxed);
    if (threads <= 1) {
        barrier->threads = 1;
        body(context, 0, 1);
        return;
    }
    pthread_mutex_lock(&lk_pool.lock);
    int workers = lk_pool_grow(threads - 1);
    int n = workers + 1 < threads ? workers + 1 : threads;   // fewer if the system refused a thread
    barrier->threads = n;
    if (n <= 1) {
        pthread_mutex_unlock(&lk_pool.lock);
        body(context, 0, 1);
        return;
    }
    lk_pool.threads = n;
    lk_pool.context = context;
    lk_pool.body = body;
    atomic_store_explicit(&lk_pool.pending, workers, memory_order_relaxed);
    atomic_fetch_add_explicit(&lk_pool.epoch, 1, memory_order_seq_cst);   // releases the job to the workers
    if (atomic_load_explicit(&lk_pool.epoch_sleepers, memory_order_seq_cst) > 0) lk_wake_all(&lk_pool.epoch);
    body(context, 0, n);
    int pending;
    for (int spins = 0; (pending = atomic_load_explicit(&lk_pool.pending, memory_order_acquire)) != 0; spins++) {
        if (spins < LK_SPINS) {
            LK_PAUSE();
            continue;
        }
        atomic_store_explicit(&lk_pool.caller_sleeping, 1, memory_order_seq_cst);
        if (atomic_load_explicit(&lk_pool.pending, memory_order_seq_cst) == pending)
            lk_sleep_while_equal(&lk_pool.pending, pending);
        atomic_store_explicit(&lk_pool.caller_sleeping, 0, memory_order_relaxed);
    }
    pthread_mutex_unlock(&lk_pool.lock);
}

long lk_pool_threads_started(void) { return atomic_load_explicit(&lk_pool.started_total, memory_order_relaxed); }

/// The online cores, read once (sysconf reads a file under /sys on Linux: too slow to do per call).
static long lk_online_cores(void) {
    static atomic_long cached;
    long cores = atomic_load_explicit(&cached, memory_order_relaxed);
    if (cores == 0) {
        cores = sysconf(_SC_NPROCESSORS_ONLN);
        if (cores < 1) cores = -1;
        atomic_store_explicit(&cached, cores, memory_order_relaxed);
    }
    return cores;
}

int lk_useful_threads(int threads, long macs, int items) {
    long cores = lk_online_cores();
    if (cores >= 1 && threads > cores) threads = (int)cores;   // more would only wait at the barriers
    if (threads > items) threads = items;
    if (macs < (1L << 20)) threads = 1;
    return threads < 1 ? 1 : threads;
}
