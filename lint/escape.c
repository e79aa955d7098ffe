/* Escaping untrusted text for terminals and log lines (escape.h). */
#include "escape.h"

#include <stdlib.h>
#include <string.h>

#include "workspace.h"

/* The escape of the byte at p (a sequence of `len` bytes), or NULL when it is shown as it is.
 * `scratch` holds a \xNN escape. */
static const char *escape_of(const unsigned char *p, size_t len, bool backslash, char scratch[5]) {
  static const char hex[] = "0123456789abcdef";
  unsigned char c = p[0];
  if (len == 1) {
    if (c == '\\')
      return backslash ? "\\\\" : NULL;
    if (c == '\t')
      return "\\t";
    if (c == '\n')
      return "\\n";
    if (c == '\r')
      return "\\r";
    /* Lone bytes >= 0x80 start no character: in a Latin-1 terminal 0x9b is CSI. */
    if (c >= 0x20 && c < 0x7f)
      return NULL;
  } else if (!(len == 2 && c == 0xc2 && p[1] < 0xa0)) {
    return NULL; /* a character other than a C1 control */
  }
  scratch[0] = '\\';
  scratch[1] = 'x';
  scratch[2] = hex[c >> 4];
  scratch[3] = hex[c & 0xf];
  scratch[4] = '\0';
  return scratch;
}

/* Calls emit(context, bytes, count) for each piece of the escaped form of s[0..n). */
static void escape_each(const char *s, size_t n, bool backslash,
                        void (*emit)(void *context, const char *bytes, size_t count),
                        void *context) {
  const unsigned char *p = (const unsigned char *)s;
  size_t plain = 0; /* start of the run of bytes written as they are */
  for (size_t i = 0; i < n;) {
    size_t len = ws_utf8_sequence_length(p + i, n - i);
    char scratch[5];
    const char *escape = escape_of(p + i, len, backslash, scratch);
    if (escape == NULL) {
      i += len;
      continue;
    }
    emit(context, s + plain, i - plain);
    /* A C1 control is two bytes, each escaped: \xc2\x9b names exactly the bytes of the name. */
    for (size_t k = 0; k < len; k++) {
      char byte_scratch[5];
      const char *e = k == 0 ? escape : escape_of(p + i + k, 1, backslash, byte_scratch);
      emit(context, e, strlen(e));
    }
    i += len;
    plain = i;
  }
  emit(context, s + plain, n - plain);
}

static void emit_file(void *context, const char *bytes, size_t count) {
  if (count > 0)
    fwrite(bytes, 1, count, context);
}

typedef struct growing {
  char *text;
  size_t length;
  size_t capacity;
  bool failed;
} growing;

static void emit_buffer(void *context, const char *bytes, size_t count) {
  growing *g = context;
  if (g->failed)
    return;
  if (g->length + count + 1 > g->capacity) {
    size_t capacity = (g->length + count + 1) * 2;
    char *grown = realloc(g->text, capacity);
    if (grown == NULL) {
      g->failed = true;
      return;
    }
    g->text = grown;
    g->capacity = capacity;
  }
  memcpy(g->text + g->length, bytes, count);
  g->length += count;
  g->text[g->length] = '\0';
}

void cli_escape_write(FILE *out, const char *s, size_t n, bool backslash) {
  escape_each(s, n, backslash, emit_file, out);
}

void cli_escape_puts(FILE *out, const char *s, bool backslash) {
  cli_escape_write(out, s, strlen(s), backslash);
}

char *cli_escape_dup(const char *s, bool backslash) {
  growing g = {NULL, 0, 0, false};
  emit_buffer(&g, "", 0);
  escape_each(s, strlen(s), backslash, emit_buffer, &g);
  if (g.failed) {
    free(g.text);
    return NULL;
  }
  return g.text;
}
