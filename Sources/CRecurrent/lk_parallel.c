#include "lk_parallel.h"

#include <pthread.h>
#include <sched.h>
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
#include <unistd.h>

static void lk_sleep_while_equal(atomic_int *word, int value) {
    syscall(SYS_futex, (int *)word, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
}

static void lk_wake_all(atomic_int *word) {
    syscall(SYS_futex, (int *)word, FUTEX_WAKE_PRIVATE, 0x7FFFFFFF, NULL, NULL, 0);
}
#else
static void lk_sleep_while_equal(atomic_int *word, int value) { (void)word; (void)value; sched_yield(); }
static void lk_wake_all(atomic_int *word) { (void)word; }
#endif

void lk_barrier_wait(lk_barrier *barrier) {
    if (barrier->threads <= 1) return;
    int generation = atomic_load_explicit(&barrier->generation, memory_order_acquire);
    if (atomic_fetch_add_explicit(&barrier->arrived, 1, memory_order_acq_rel) == barrier->threads - 1) {
        atomic_store_explicit(&barrier->arrived, 0, memory_order_relaxed);
        atomic_fetch_add_explicit(&barrier->generation, 1, memory_order_seq_cst);
        if (atomic_load_explicit(&barrier->sleepers, memory_order_seq_cst) > 0) lk_wake_all(&barrier->generation);
        return;
    }
    for (int spins = 0; spins < 4000; spins++) {
        if (atomic_load_explicit(&barrier->generation, memory_order_acquire) != generation) return;
        LK_PAUSE();
    }
    atomic_fetch_add_explicit(&barrier->sleepers, 1, memory_order_seq_cst);
    while (atomic_load_explicit(&barrier->generation, memory_order_acquire) == generation)
        lk_sleep_while_equal(&barrier->generation, generation);
    atomic_fetch_sub_explicit(&barrier->sleepers, 1, memory_order_acq_rel);
}

typedef struct {
    atomic_int go;     // set once `threads` is final
    int threads;
    void *context;
    void (*body)(void *, int, int);
} lk_start;

typedef struct {
    lk_start *start;
    int thread;
} lk_task;

static void *lk_task_main(void *argument) {
    lk_task *task = (lk_task *)argument;
    lk_start *start = task->start;
    while (!atomic_load_explicit(&start->go, memory_order_acquire)) sched_yield();
    start->body(start->context, task->thread, start->threads);
    return NULL;
}

void lk_parallel_run(int threads, lk_barrier *barrier, void *context,
                     void (*body)(void *context, int thread, int threads)) {
    pthread_t *ids = threads > 1 ? (pthread_t *)malloc(sizeof(pthread_t) * (size_t)threads) : NULL;
    lk_task *tasks = threads > 1 ? (lk_task *)malloc(sizeof(lk_task) * (size_t)threads) : NULL;
    lk_start start;
    atomic_init(&start.go, 0);
    start.context = context;
    start.body = body;
    int started = 0;
    if (ids != NULL && tasks != NULL) {
        // Helpers wait for `go`, so if the system refuses a thread the rest run with a smaller count.
        for (int t = 1; t < threads; t++) {
            tasks[t] = (lk_task){&start, t};
            if (pthread_create(&ids[t], NULL, lk_task_main, &tasks[t]) != 0) break;
            started++;
        }
    }
    start.threads = started + 1;
    barrier->threads = started + 1;
    atomic_store_explicit(&barrier->arrived, 0, memory_order_relaxed);
    atomic_store_explicit(&barrier->generation, 0, memory_order_relaxed);
    atomic_store_explicit(&barrier->sleepers, 0, memory_order_relaxed);
    atomic_store_explicit(&start.go, 1, memory_order_release);
    body(context, 0, started + 1);
    for (int t = 1; t <= started; t++) pthread_join(ids[t], NULL);
    free(ids);
    free(tasks);
}

int lk_useful_threads(int threads, long macs, int items) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores >= 1 && threads > cores) threads = (int)cores;   // more would only wait at the barriers
    if (threads > items) threads = items;
    if (macs < (1L << 20)) threads = 1;
    return threads < 1 ? 1 : threads;
}
