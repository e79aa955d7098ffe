/* See find.h. With SSE2, 16 positions are tested at once: a position is a candidate when the
 * needle's first byte is there and its last byte is needle_length - 1 further on (two compares
 * and an AND), and only candidates are compared in full. In source code both bytes together are
 * rare, so almost every block costs a few instructions; the tail, shorter than a block, goes to
 * memmem. Without SSE2 everything goes to memmem. */
#include "find.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>

const char *ml__find(const char *bytes, size_t length, const char *needle, size_t needle_length) {
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
    while (mask) {
      unsigned bit = (unsigned)__builtin_ctz(mask);
      if (memcmp(bytes + i + bit + 1, needle + 1, needle_length - 2) == 0) return bytes + i + bit;
      mask &= mask - 1;
    }
  }
  return memmem(bytes + i, length - i, needle, needle_length);
}

#else

const char *ml__find(const char *bytes, size_t length, const char *needle, size_t needle_length) {
  return memmem(bytes, length, needle, needle_length);
}

#endif
