#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ml__strbuf_init(ml__strbuf *buf) {
  buf->data = NULL;
  buf->length = 0;
  buf->capacity = 0;
  buf->failed = 0;
}

void ml__strbuf_free(ml__strbuf *buf) {
  free(buf->data);
  ml__strbuf_init(buf);
}

static int reserve(ml__strbuf *buf, size_t extra) {
  if (buf->failed) return -1;
  size_t need = buf->length + extra + 1;
  if (need <= buf->capacity) return 0;
  size_t grown = buf->capacity ? buf->capacity * 2 : 64;
  while (grown < need) grown *= 2;
  char *data = realloc(buf->data, grown);
  if (!data) {
    buf->failed = 1;
    return -1;
  }
  buf->data = data;
  buf->capacity = grown;
  return 0;
}

void ml__strbuf_append(ml__strbuf *buf, const char *bytes, size_t length) {
  if (reserve(buf, length)) return;
  if (length) memcpy(buf->data + buf->length, bytes, length);
  buf->length += length;
  buf->data[buf->length] = '\0';
}

void ml__strbuf_append_str(ml__strbuf *buf, const char *text) {
  ml__strbuf_append(buf, text, strlen(text));
}

void ml__strbuf_printf(ml__strbuf *buf, const char *format, ...) {
  va_list args;
  va_start(args, format);
  int needed = vsnprintf(NULL, 0, format, args);
  va_end(args);
  if (needed < 0 || reserve(buf, (size_t)needed)) {
    buf->failed = 1;
    return;
  }
  va_start(args, format);
  vsnprintf(buf->data + buf->length, (size_t)needed + 1, format, args);
  va_end(args);
  buf->length += (size_t)needed;
}

char *ml__strbuf_take(ml__strbuf *buf) {
  if (buf->failed) {
    ml__strbuf_free(buf);
    return NULL;
  }
  char *data = buf->data ? buf->data : ml__strndup("", 0);
  ml__strbuf_init(buf);
  return data;
}

char *ml__strndup(const char *bytes, size_t length) {
  char *copy = malloc(length + 1);
  if (!copy) return NULL;
  if (length) memcpy(copy, bytes, length);
  copy[length] = '\0';
  return copy;
}
