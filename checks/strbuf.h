/* A growing NUL-terminated byte string for building messages and replacement text. */
#ifndef ML_STRBUF_H
#define ML_STRBUF_H

#include <stddef.h>

typedef struct ml__strbuf {
  char *data; /* NUL-terminated once anything was appended; NULL before */
  size_t length;
  size_t capacity;
  int failed; /* sticky: an append ran out of memory */
} ml__strbuf;

void ml__strbuf_init(ml__strbuf *buf);
void ml__strbuf_free(ml__strbuf *buf);
void ml__strbuf_append(ml__strbuf *buf, const char *bytes, size_t length);
void ml__strbuf_append_str(ml__strbuf *buf, const char *text);
void ml__strbuf_printf(ml__strbuf *buf, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Hands the string to the caller (free) and empties the buffer. NULL when an append failed. */
char *ml__strbuf_take(ml__strbuf *buf);

/* A malloc'd copy of `length` bytes plus a NUL; NULL when out of memory. */
char *ml__strndup(const char *bytes, size_t length);

#endif
