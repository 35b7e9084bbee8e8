#ifndef LSTMKIT_CZLIB_SHIM_H
#define LSTMKIT_CZLIB_SHIM_H
// zlib (Debian: zlib1g-dev), used to read the gzip-compressed datasets (digits, MNIST, HAPT).
#include <zlib.h>
#endif
