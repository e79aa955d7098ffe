#include "json_writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workspace.h"

void lsp_json_writer_init(lsp_json_writer *w) { memset(w, 0, sizeof *w); }

void lsp_json_writer_free(lsp_json_writer *w) {
  free(w->bytes);
  memset(w, 0, sizeof *w);
}

static bool reserve(lsp_json_writer *w, size_t more) {
  if (w->failed) return false;
  if (w->length + more + 1 <= w->capacity) return true;
  size_t capacity = w->capacity ? w->capacity : 256;
  while (capacity < w->length + more + 1) {
    if (capacity > (size_t)-1 / 2) {
      w->failed = true;
      return false;
    }
    capacity *= 2;
  }
  char *bytes = realloc(w->bytes, capacity);
  if (!bytes) {
    w->failed = true;
    return false;
  }
  w->bytes = bytes;
  w->capacity = capacity;
  return true;
}

static void put(lsp_json_writer *w, const char *text, size_t length) {
  if (!reserve(w, length)) return;
  memcpy(w->bytes + w->length, text, length);
  w->length += length;
  w->bytes[w->length] = '\0';
}

void lsp_json_raw(lsp_json_writer *w, const char *text) { put(w, text, strlen(text)); }

void lsp_json_string(lsp_json_writer *w, const char *text, size_t length) {
  const unsigned char *p = (const unsigned char *)text, *end = p + length;
  put(w, "\"", 1);
  while (p < end && !w->failed) {
    /* Runs that need nothing are copied at once: most of a message. */
    const unsigned char *run = p;
    while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') p++;
    if (p > run) put(w, (const char *)run, (size_t)(p - run));
    if (p == end) break;
    char escape[8];
    if (*p == '"' || *p == '\\') {
      escape[0] = '\\';
      escape[1] = (char)*p;
      put(w, escape, 2);
      p++;
    } else if (*p < 0x20) {
      const char *named = *p == '\n' ? "\\n" : *p == '\r' ? "\\r" : *p == '\t' ? "\\t" : NULL;
      if (named) {
        put(w, named, 2);
      } else {
        snprintf(escape, sizeof escape, "\\u%04x", *p);
        put(w, escape, 6);
      }
      p++;
    } else {
      /* Here *p >= 0x80: a length of 1 means it starts no character. */
      size_t n = ws_utf8_sequence_length(p, (size_t)(end - p));
      if (n > 1) {
        put(w, (const char *)p, n);
        p += n;
      } else {
        put(w, "\xEF\xBF\xBD", 3); /* U+FFFD for a byte that starts no character */
        p++;
      }
    }
  }
  put(w, "\"", 1);
}

void lsp_json_cstring(lsp_json_writer *w, const char *text) {
  lsp_json_string(w, text, strlen(text));
}

void lsp_json_int(lsp_json_writer *w, long long value) {
  /* By hand: two per position, four per finding, and snprintf showed in profiles. */
  char number[24];
  size_t at = sizeof number;
  unsigned long long magnitude = value < 0 ? 0ULL - (unsigned long long)value
                                           : (unsigned long long)value;
  do {
    number[--at] = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (value < 0) number[--at] = '-';
  put(w, number + at, sizeof number - at);
}
