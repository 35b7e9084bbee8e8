// Workspace memory of the native kernels (see CRecurrent.h: lk_alloc_floats, lk_free,
// lk_release_workspace).
#include "CRecurrent.h"
#include "lk_memory.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

// Workspace memory. The kernels allocate their large workspaces (caches, packed weights, dGates) on every
// call.
// Through malloc those fragment the heap, so that the process's peak memory creeps up from one training
// step to the next; mapped afresh every time they cost page faults (about 10% of a step). So blocks of
// 1 MB and more are mapped once and kept in a small pool for reuse: at most LK_POOL_SLOTS blocks and
// LK_POOL_BYTES in all; a block is reused for a request of between half its size and its size.
#define LK_MAP_THRESHOLD ((size_t)1 << 20)
#define LK_HEADER 64
#define LK_POOL_SLOTS 16
#define LK_POOL_BYTES ((size_t)1 << 30)

static pthread_mutex_t lk_pool_lock = PTHREAD_MUTEX_INITIALIZER;
static char *lk_pool[LK_POOL_SLOTS];
static size_t lk_pool_total;

static char *lk_pool_take(size_t bytes) {
    char *found = NULL;
    pthread_mutex_lock(&lk_pool_lock);
    int best = -1;
    for (int k = 0; k < LK_POOL_SLOTS; k++) {
        if (lk_pool[k] == NULL) continue;
        size_t size = *(size_t *)lk_pool[k];
        if (size >= bytes && size / 2 <= bytes && (best < 0 || size < *(size_t *)lk_pool[best])) best = k;
    }
    if (best >= 0) {
        found = lk_pool[best];
        lk_pool[best] = NULL;
        lk_pool_total -= *(size_t *)found;
    }
    pthread_mutex_unlock(&lk_pool_lock);
    return found;
}

/// Keeps `block` for reuse if there is room (evicting the smallest kept block if that makes room), else
/// unmaps it.
static void lk_pool_give(char *block) {
    size_t bytes = *(size_t *)block;
    char *evicted = block;
    pthread_mutex_lock(&lk_pool_lock);
    if (bytes <= LK_POOL_BYTES) {
        int slot = -1, smallest = -1;
        for (int k = 0; k < LK_POOL_SLOTS; k++) {
            if (lk_pool[k] == NULL) { if (slot < 0) slot = k; continue; }
            if (smallest < 0 || *(size_t *)lk_pool[k] < *(size_t *)lk_pool[smallest]) smallest = k;
        }
        if (slot < 0 && smallest >= 0 && *(size_t *)lk_pool[smallest] < bytes) {
            evicted = lk_pool[smallest];
            lk_pool_total -= *(size_t *)evicted;
            lk_pool[smallest] = NULL;
            slot = smallest;
        } else {
            evicted = NULL;
        }
        if (slot >= 0 && lk_pool_total + bytes <= LK_POOL_BYTES) {
            lk_pool[slot] = block;
            lk_pool_total += bytes;
        } else if (evicted == NULL) {
            evicted = block;
        } else {
            // Made room by evicting but the total would still be too large: give back both.
            munmap(block, bytes);
        }
    }
    pthread_mutex_unlock(&lk_pool_lock);
    if (evicted != NULL) munmap(evicted, *(size_t *)evicted);
}

void lk_release_workspace(void) {
    char *blocks[LK_POOL_SLOTS];
    pthread_mutex_lock(&lk_pool_lock);
    for (int k = 0; k < LK_POOL_SLOTS; k++) {
        blocks[k] = lk_pool[k];
        lk_pool[k] = NULL;
    }
    lk_pool_total = 0;
    pthread_mutex_unlock(&lk_pool_lock);
    for (int k = 0; k < LK_POOL_SLOTS; k++)
        if (blocks[k] != NULL) munmap(blocks[k], *(size_t *)blocks[k]);
}

float *lk_alloc_floats(size_t count) {
    size_t bytes = (count > 0 ? count : 1) * sizeof(float);
    bytes = (bytes + 63) / 64 * 64 + LK_HEADER;
    char *block = NULL;
    if (bytes >= LK_MAP_THRESHOLD) {
        block = lk_pool_take(bytes);
        if (block != NULL) return (float *)(block + LK_HEADER);
        void *mapped = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapped == MAP_FAILED) return NULL;
        block = (char *)mapped;
    } else {
        void *pointer = NULL;
        if (posix_memalign(&pointer, 64, bytes) != 0) return NULL;
        block = (char *)pointer;
    }
    *(size_t *)block = bytes;
    return (float *)(block + LK_HEADER);
}

void lk_free(void *pointer) {
    if (pointer == NULL) return;
    char *block = (char *)pointer - LK_HEADER;
    if (*(size_t *)block >= LK_MAP_THRESHOLD) {
        lk_pool_give(block);
    } else {
        free(block);
    }
}

float *lk_alloc_floats_or_die(size_t count, const char *what) {
    float *p = lk_alloc_floats(count);
    if (p == NULL) {
        fprintf(stderr, "LSTMKit: out of memory allocating %zu floats (%zu MB) for %s\n", count,
                count * sizeof(float) >> 20, what);
        abort();
    }
    return p;
}
