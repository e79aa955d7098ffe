/* UTF-8 for the front ends' printers, escapers and fingerprints (workspace.h). The library's own
 * decoder (checks/source.c) stays private to the source model: it also counts UTF-16 units. */
#include "workspace.h"

/* Inlined into both entry points: the printers call ws_utf8_sequence_length for every byte they
 * show, and there the code point it computes is dropped unused. */
static inline bool decode(const unsigned char *p, size_t n, uint32_t *cp, size_t *used) {
  unsigned char c = p[0];
  *used = 1;
  *cp = c;
  if (c < 0x80)
    return true;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    *cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    *cp = c & 0x0F;
    if (c == 0xE0)
      lo = 0xA0; /* no overlong forms */
    if (c == 0xED)
      hi = 0x9F; /* no surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    *cp = c & 0x07;
    if (c == 0xF0)
      lo = 0x90;
    if (c == 0xF4)
      hi = 0x8F; /* nothing above U+10FFFF */
  } else {
    *cp = 0xFFFD;
    return false;
  }
  for (size_t i = 1; i < len; i++) {
    if (i >= n || p[i] < lo || p[i] > hi) {
      *cp = 0xFFFD; /* *used covers the valid prefix */
      return false;
    }
    *cp = *cp << 6 | (p[i] & 0x3F);
    lo = 0x80;
    hi = 0xBF;
    *used = i + 1;
  }
  return true;
}

bool ws_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp, size_t *used) {
  return decode(p, n, cp, used);
}

size_t ws_utf8_sequence_length(const unsigned char *p, size_t n) {
  uint32_t cp;
  size_t used;
  if (n == 0)
    return 0;
  return decode(p, n, &cp, &used) ? used : 1;
}
