/* libFuzzer harness: the language server's base-protocol framing (lsp/framing.c).
 *
 * A client's stream reaches the server in whatever pieces the pipe delivers, so the framer must
 * find the same messages and errors however the bytes are split. The harness feeds the input once
 * in one piece and once in pieces whose sizes come from the input itself, and aborts when the two
 * event sequences differ, when a call makes no progress, or when a body breaks its contract
 * (over the cap, not NUL-terminated). Built and run by test/fuzz/run.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "framing.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A small cap so inputs of a few kilobytes reach the "too large" path. */
#define MAX_BODY 512

/* The events of one run, serialised: 'M' length body, or 'E' message. */
typedef struct event_log {
  char *bytes;
  size_t length;
  size_t capacity;
} event_log;

static void violated(const char *what) {
  fprintf(stderr, "fuzz_framing: property violated: %s\n", what);
  abort();
}

static void log_append(event_log *log, const void *bytes, size_t length) {
  if (log->length + length > log->capacity) {
    size_t capacity = log->capacity ? log->capacity : 256;
    while (capacity < log->length + length) capacity *= 2;
    char *grown = realloc(log->bytes, capacity);
    if (grown == NULL) violated("out of memory in the harness");
    log->bytes = grown;
    log->capacity = capacity;
  }
  memcpy(log->bytes + log->length, bytes, length);
  log->length += length;
}

static void record(event_log *log, const lsp_frame *frame) {
  if (frame->kind == LSP_FRAME_MESSAGE) {
    if (frame->length > MAX_BODY) violated("a body over the cap");
    if (frame->body == NULL || frame->body[frame->length] != '\0') violated("body not terminated");
    log_append(log, "M", 1);
    log_append(log, &frame->length, sizeof frame->length);
    log_append(log, frame->body, frame->length);
  } else if (frame->kind == LSP_FRAME_ERROR) {
    size_t n = strnlen(frame->error, sizeof frame->error);
    if (n == 0 || n == sizeof frame->error) violated("error without a terminated message");
    log_append(log, "E", 1);
    log_append(log, frame->error, n + 1);
  }
}

/* Feeds `piece` bytes of `data` at a time (the whole of it when `piece` is 0), draining every
 * event as the header documents. */
static void run(const uint8_t *data, size_t size, const uint8_t *pieces, size_t piece_count,
                event_log *log) {
  lsp_framer framer;
  lsp_framer_init(&framer, MAX_BODY);
  size_t at = 0, next_piece = 0;
  while (at < size) {
    size_t piece = size - at;
    if (piece_count > 0) {
      size_t want = (size_t)pieces[next_piece++ % piece_count] % 17 + 1;
      if (want < piece) piece = want;
    }
    const char *chunk = (const char *)data + at;
    size_t left = piece;
    for (;;) {
      size_t used = 0;
      lsp_frame frame;
      lsp_framer_feed(&framer, chunk, left, &used, &frame);
      if (used > left) violated("consumed more than it was given");
      if (frame.kind == LSP_FRAME_NONE && used != left) violated("stopped without an event");
      record(log, &frame);
      chunk += used;
      left -= used;
      if (frame.kind == LSP_FRAME_NONE) break;
    }
    at += piece;
  }
  lsp_framer_free(&framer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  event_log whole = {0}, split = {0};
  run(data, size, NULL, 0, &whole);
  /* The input's own bytes decide where the splits fall, so the fuzzer explores both. */
  run(data, size, data, size, &split);
  if (whole.length != split.length ||
      (whole.length > 0 && memcmp(whole.bytes, split.bytes, whole.length) != 0))
    violated("splitting the stream changed the messages");
  free(whole.bytes);
  free(split.bytes);
  return 0;
}
