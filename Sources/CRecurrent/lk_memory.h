// Internal: workspace allocation that cannot fail silently.
#ifndef LSTMKIT_LK_MEMORY_H
#define LSTMKIT_LK_MEMORY_H

#include <stddef.h>

/// lk_alloc_floats, or, when the system has no memory left, a message on stderr naming `what` and the size,
/// then abort (the kernels have no way to report an error to their Swift caller).
float *lk_alloc_floats_or_die(size_t count, const char *what);

#endif
