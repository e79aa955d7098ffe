#include "framing.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { STATE_HEADERS, STATE_BODY, STATE_RESYNC };

static const char resync_pattern[] = "content-length:";

void lsp_framer_init(lsp_framer *framer, size_t max_body) {
  memset(framer, 0, sizeof *framer);
  framer->state = STATE_HEADERS;
  framer->max_body = max_body ? max_body : LSP_FRAME_MAX_BODY;
}

void lsp_framer_free(lsp_framer *framer) {
  free(framer->body);
  framer->body = NULL;
}

bool lsp_framer_idle(const lsp_framer *framer) {
  return framer->state == STATE_HEADERS && framer->header_length == 0;
}

static void fail(lsp_framer *framer, lsp_frame *out, const char *why) {
  out->kind = LSP_FRAME_ERROR;
  snprintf(out->error, sizeof out->error, "%s", why);
  framer->state = STATE_RESYNC;
  framer->header_length = 0;
  framer->resync_matched = 0;
}

static bool header_done(const lsp_framer *framer) {
  const char *h = framer->header;
  size_t n = framer->header_length;
  /* Bare "\n\n" is tolerated: some hand-written clients and test scripts send it. */
  return (n >= 4 && memcmp(h + n - 4, "\r\n\r\n", 4) == 0) ||
         (n >= 2 && h[n - 1] == '\n' && h[n - 2] == '\n');
}

/* Parses a decimal length with surrounding spaces; false on anything else or overflow. */
static bool parse_length(const char *text, size_t length, uint64_t *out) {
  size_t i = 0;
  while (i < length && (text[i] == ' ' || text[i] == '\t')) i++;
  uint64_t value = 0;
  size_t digits = 0;
  for (; i < length && isdigit((unsigned char)text[i]); i++, digits++) {
    if (value > (UINT64_MAX - 9) / 10) return false;
    value = value * 10 + (uint64_t)(text[i] - '0');
  }
  while (i < length && (text[i] == ' ' || text[i] == '\t')) i++;
  if (digits == 0 || i != length) return false;
  *out = value;
  return true;
}

/* Reads the finished header block; on success the framer expects the body. */
static void parse_headers(lsp_framer *framer, lsp_frame *out) {
  const char *p = framer->header;
  const char *end = framer->header + framer->header_length;
  bool have_length = false;
  uint64_t length = 0;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol) eol = end;
    size_t line = (size_t)(eol - p);
    if (line > 0 && p[line - 1] == '\r') line--;
    if (line > 0) {
      const char *colon = memchr(p, ':', line);
      if (!colon || colon == p) return fail(framer, out, "malformed header line");
      size_t name = (size_t)(colon - p);
      const char *value = colon + 1;
      size_t value_length = line - name - 1;
      if (name == 14 && strncasecmp(p, "Content-Length", 14) == 0) {
        if (!parse_length(value, value_length, &length))
          return fail(framer, out, "Content-Length is not a number");
        have_length = true;
      }
      /* Content-Type and unknown headers are accepted and ignored: the content is UTF-8 JSON. */
    }
    p = eol + 1;
  }
  if (!have_length) return fail(framer, out, "a header block without Content-Length");
  if (length > framer->max_body) {
    snprintf(out->error, sizeof out->error,
             "Content-Length %llu exceeds the limit of %zu bytes; message skipped",
             (unsigned long long)length, framer->max_body);
    out->kind = LSP_FRAME_ERROR;
    framer->state = STATE_RESYNC;
    framer->header_length = 0;
    framer->resync_matched = 0;
    return;
  }
  framer->body = malloc((size_t)length + 1);
  if (!framer->body) return fail(framer, out, "out of memory for a message body");
  framer->body_length = (size_t)length;
  framer->body_filled = 0;
  framer->header_length = 0;
  framer->state = STATE_BODY;
}

static void finish_body(lsp_framer *framer, lsp_frame *out) {
  framer->body[framer->body_length] = '\0';
  out->kind = LSP_FRAME_MESSAGE;
  out->body = framer->body;
  out->length = framer->body_length;
  framer->body_ready = true;
  framer->state = STATE_HEADERS;
}

void lsp_framer_feed(lsp_framer *framer, const char *data, size_t length, size_t *used,
                     lsp_frame *out) {
  out->kind = LSP_FRAME_NONE;
  out->body = NULL;
  out->length = 0;
  out->error[0] = '\0';
  if (framer->body_ready) {
    free(framer->body);
    framer->body = NULL;
    framer->body_ready = false;
  }
  size_t i = 0;
  while (i < length && out->kind == LSP_FRAME_NONE) {
    switch (framer->state) {
      case STATE_HEADERS: {
        char c = data[i++];
        /* Blank lines between messages are noise, not an empty header block. */
        if (framer->header_length == 0 && (c == '\r' || c == '\n')) break;
        if (framer->header_length == sizeof framer->header) {
          fail(framer, out, "header block too long");
          break;
        }
        framer->header[framer->header_length++] = c;
        if (header_done(framer)) {
          parse_headers(framer, out);
          if (framer->state == STATE_BODY && framer->body_length == 0) finish_body(framer, out);
        }
        break;
      }
      case STATE_BODY: {
        size_t take = framer->body_length - framer->body_filled;
        if (take > length - i) take = length - i;
        memcpy(framer->body + framer->body_filled, data + i, take);
        framer->body_filled += take;
        i += take;
        if (framer->body_filled == framer->body_length) finish_body(framer, out);
        break;
      }
      default: { /* STATE_RESYNC */
        char c = (char)tolower((unsigned char)data[i++]);
        if (c == resync_pattern[framer->resync_matched]) {
          framer->resync_matched++;
        } else {
          framer->resync_matched = c == resync_pattern[0] ? 1 : 0;
        }
        if (framer->resync_matched == sizeof resync_pattern - 1) {
          memcpy(framer->header, "Content-Length:", sizeof resync_pattern - 1);
          framer->header_length = sizeof resync_pattern - 1;
          framer->resync_matched = 0;
          framer->state = STATE_HEADERS;
        }
        break;
      }
    }
  }
  *used = i;
}
