/* JSON strings from bytes that need not be UTF-8 (paths, quoted source text). */
#include "output.h"

#include <stdlib.h>
#include <string.h>

json_t *cli_json_text(const char *text, size_t length) {
  json_t *s = json_stringn(text, length);
  if (s != NULL)
    return s;
  /* jansson refuses invalid UTF-8: each bad byte reads U+FFFD rather than losing the finding. */
  char *clean = malloc(length * 3 + 1);
  if (clean == NULL)
    return NULL;
  size_t out = 0;
  const unsigned char *p = (const unsigned char *)text;
  for (size_t i = 0; i < length;) {
    size_t n = ws_utf8_sequence_length(p + i, length - i);
    if (n == 1 && p[i] >= 0x80) {
      memcpy(clean + out, "\xEF\xBF\xBD", 3);
      out += 3;
    } else {
      memcpy(clean + out, p + i, n);
      out += n;
    }
    i += n;
  }
  s = json_stringn(clean, out);
  free(clean);
  return s;
}
