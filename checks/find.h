/* Finding a short string in a large buffer: the cheap gate's test runs over every byte of a
 * repository, so it is vectorised where the compiler targets SSE2 (every x86-64). */
#ifndef ML_FIND_H
#define ML_FIND_H

#include <stddef.h>

/* The first occurrence of `needle` (`needle_length` >= 1 bytes) in `bytes`, or NULL: memmem's
 * contract. */
const char *ml__find(const char *bytes, size_t length, const char *needle, size_t needle_length);

#endif
