/* See find.h. A position is a candidate when the needle's first byte is there and its last byte
 * is needle_length - 1 further on: two compares and an AND test a whole vector of positions, and
 * only candidates are compared in full. In source code both bytes together are rare, so almost
 * every block costs a few instructions; the tail, shorter than a block, goes to memmem. AVX2 tests
 * 32 positions at once where the CPU has it (asked at run time: the binary stays portable), SSE2
 * (every x86-64) 16; elsewhere everything goes to memmem. */
#include "find.h"

#include <string.h>

#if defined(__x86_64__) && defined(__SSE2__)
#include <immintrin.h>

/* Whether the candidates in `mask` (bit b: position at + b) hold the whole needle; the first
 * such position, or NULL. */
static const char *first_match(const char *at, unsigned mask, const char *needle,
                               size_t needle_length) {
  while (mask) {
    unsigned bit = (unsigned)__builtin_ctz(mask);
    if (memcmp(at + bit + 1, needle + 1, needle_length - 2) == 0) return at + bit;
    mask &= mask - 1;
  }
  return NULL;
}

const char *ml__find_sse2(const char *bytes, size_t length, const char *needle,
                          size_t needle_length) {
  if (needle_length < 2 || length < needle_length + 16)
    return memmem(bytes, length, needle, needle_length);
  const __m128i first = _mm_set1_epi8(needle[0]);
  const __m128i last = _mm_set1_epi8(needle[needle_length - 1]);
  size_t i = 0;
  /* Both 16-byte loads stay inside the buffer while i + needle_length - 1 + 16 <= length. */
  for (; i + needle_length - 1 + 16 <= length; i += 16) {
    __m128i at_first = _mm_loadu_si128((const __m128i *)(const void *)(bytes + i));
    __m128i at_last = _mm_loadu_si128((const __m128i *)(const void *)(bytes + i + needle_length - 1));
    unsigned mask = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(at_first, first), _mm_cmpeq_epi8(at_last, last)));
    const char *hit = mask ? first_match(bytes + i, mask, needle, needle_length) : NULL;
    if (hit) return hit;
  }
  return memmem(bytes + i, length - i, needle, needle_length);
}

__attribute__((target("avx2"))) const char *ml__find_avx2(const char *bytes, size_t length,
                                                           const char *needle,
                                                           size_t needle_length) {
  if (needle_length < 2 || length < needle_length + 32)
    return ml__find_sse2(bytes, length, needle, needle_length);
  const __m256i first = _mm256_set1_epi8(needle[0]);
  const __m256i last = _mm256_set1_epi8(needle[needle_length - 1]);
  size_t i = 0;
  /* Both 32-byte loads stay inside the buffer while i + needle_length - 1 + 32 <= length. */
  for (; i + needle_length - 1 + 32 <= length; i += 32) {
    __m256i at_first = _mm256_loadu_si256((const __m256i *)(const void *)(bytes + i));
    __m256i at_last =
        _mm256_loadu_si256((const __m256i *)(const void *)(bytes + i + needle_length - 1));
    unsigned mask = (unsigned)_mm256_movemask_epi8(
        _mm256_and_si256(_mm256_cmpeq_epi8(at_first, first), _mm256_cmpeq_epi8(at_last, last)));
    const char *hit = mask ? first_match(bytes + i, mask, needle, needle_length) : NULL;
    if (hit) return hit;
  }
  return ml__find_sse2(bytes + i, length - i, needle, needle_length);
}

bool ml__find_has_avx2(void) { return __builtin_cpu_supports("avx2"); }

const char *ml__find(const char *bytes, size_t length, const char *needle, size_t needle_length) {
  if (__builtin_cpu_supports("avx2")) return ml__find_avx2(bytes, length, needle, needle_length);
  return ml__find_sse2(bytes, length, needle, needle_length);
}

#else

const char *ml__find(const char *bytes, size_t length, const char *needle, size_t needle_length) {
  return memmem(bytes, length, needle, needle_length);
}

#endif
