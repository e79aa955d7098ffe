/* Finding a short string in a large buffer: the cheap gate's test runs over every byte of a
 * repository, so it is vectorised on x86-64 (SSE2 always, AVX2 where the CPU has it). */
#ifndef ML_FIND_H
#define ML_FIND_H

#include <stdbool.h>
#include <stddef.h>

/* The first occurrence of `needle` (`needle_length` >= 1 bytes) in `bytes`, or NULL: memmem's
 * contract. */
const char *ml__find(const char *bytes, size_t length, const char *needle, size_t needle_length);

#if defined(__x86_64__) && defined(__SSE2__)
/* The two vector versions ml__find chooses from, for tests that check both on any machine
 * (ml__find_avx2 only where ml__find_has_avx2()). Same contract as ml__find. */
const char *ml__find_sse2(const char *bytes, size_t length, const char *needle,
                          size_t needle_length);
const char *ml__find_avx2(const char *bytes, size_t length, const char *needle,
                          size_t needle_length);
bool ml__find_has_avx2(void);
#endif

#endif
