/* The line hash of GitHub's upload-sarif action, re-implemented from its description and source
 * (github/codeql-action src/fingerprints.ts): the text is read as UTF-16 code units; spaces and tabs
 * are skipped; "\r\n" and a lone "\r" read as "\n"; a rolling polynomial hash (base 37, 64-bit
 * wrapping arithmetic) runs over a window of the last 100 kept units, and the hash of a line is the
 * window that starts at its first kept unit. An end-of-file marker (0xFFFF) and 100 zeros follow
 * the text so the last lines have full windows too. */
#include "fingerprint.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "workspace.h"

#define BLOCK_SIZE 100
#define MOD 37u
#define END_OF_FILE 0xFFFFu

typedef struct hasher {
  uint32_t window[BLOCK_SIZE];
  int64_t line_at[BLOCK_SIZE]; /* the line starting at this slot of the window, or -1 */
  uint64_t hash;
  uint64_t first_mod; /* MOD^BLOCK_SIZE: the weight of the unit leaving the window */
  size_t index;
  uint32_t line;
  bool line_start;
  bool previous_cr;
  cli_line_hashes *out;
} hasher;

static void emit(hasher *h) {
  int64_t line = h->line_at[h->index];
  if (line >= 1 && (uint64_t)line <= h->out->count)
    h->out->hash[line - 1] = h->hash;
  h->line_at[h->index] = -1;
}

static void update(hasher *h, uint32_t unit) {
  uint32_t leaving = h->window[h->index];
  h->window[h->index] = unit;
  h->hash = MOD * h->hash + unit - h->first_mod * leaving;
  h->index = (h->index + 1) % BLOCK_SIZE;
}

static void process(hasher *h, uint32_t unit) {
  if (unit == ' ' || unit == '\t' || (h->previous_cr && unit == '\n')) {
    h->previous_cr = false;
    return;
  }
  h->previous_cr = unit == '\r';
  if (unit == '\r')
    unit = '\n';
  if (h->line_at[h->index] != -1)
    emit(h);
  if (h->line_start) {
    h->line_start = false;
    h->line++;
    h->line_at[h->index] = h->line;
  }
  if (unit == '\n')
    h->line_start = true;
  update(h, unit);
}

static uint32_t count_lines(const char *bytes, size_t length) {
  uint32_t lines = 1;
  for (size_t i = 0; i < length; i++) {
    if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= length || bytes[i + 1] != '\n')))
      lines++;
  }
  return lines;
}

typedef struct numbered {
  uint64_t hash;
  uint32_t line;
} numbered;

static int by_hash_then_line(const void *a, const void *b) {
  const numbered *x = a, *y = b;
  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}

/* The action counts each hash as lines are emitted, in line order: the n-th line with a hash gets
 * ":n". */
static int number_occurrences(cli_line_hashes *out) {
  numbered *order = malloc((size_t)out->count * sizeof *order);
  if (order == NULL)
    return ML_ENOMEM;
  for (uint32_t i = 0; i < out->count; i++)
    order[i] = (numbered){out->hash[i], i};
  qsort(order, out->count, sizeof *order, by_hash_then_line);
  for (uint32_t i = 0; i < out->count; i++) {
    bool same = i > 0 && order[i - 1].hash == order[i].hash;
    out->occurrence[order[i].line] = same ? out->occurrence[order[i - 1].line] + 1 : 1;
  }
  free(order);
  return ML_OK;
}

int cli_line_hashes_compute(const char *bytes, size_t length, cli_line_hashes *out) {
  memset(out, 0, sizeof *out);
  out->count = count_lines(bytes, length);
  out->hash = calloc(out->count, sizeof *out->hash);
  out->occurrence = calloc(out->count, sizeof *out->occurrence);
  hasher *h = calloc(1, sizeof *h);
  if (out->hash == NULL || out->occurrence == NULL || h == NULL) {
    free(h);
    cli_line_hashes_free(out);
    return ML_ENOMEM;
  }
  h->out = out;
  h->first_mod = 1;
  for (int i = 0; i < BLOCK_SIZE; i++) {
    h->first_mod *= MOD;
    h->line_at[i] = -1;
  }
  h->line_start = true;
  const unsigned char *p = (const unsigned char *)bytes;
  for (size_t i = 0; i < length;) {
    size_t used;
    uint32_t cp;
    ws_utf8_decode(p + i, length - i, &cp, &used);
    i += used;
    if (cp >= 0x10000) { /* a surrogate pair, as JavaScript strings hold it */
      process(h, 0xD800 + ((cp - 0x10000) >> 10));
      process(h, 0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      process(h, cp);
    }
  }
  process(h, END_OF_FILE);
  for (int i = 0; i < BLOCK_SIZE; i++) {
    if (h->line_at[h->index] != -1)
      emit(h);
    update(h, 0);
  }
  free(h);
  int err = number_occurrences(out);
  if (err != ML_OK)
    cli_line_hashes_free(out);
  return err;
}

void cli_line_hashes_free(cli_line_hashes *hashes) {
  free(hashes->hash);
  free(hashes->occurrence);
  memset(hashes, 0, sizeof *hashes);
}

int cli_line_hash_format(const cli_line_hashes *hashes, uint32_t line, char *buf, size_t size) {
  if (line < 1 || line > hashes->count)
    return ML_EINVAL;
  snprintf(buf, size, "%" PRIx64 ":%" PRIu32, hashes->hash[line - 1], hashes->occurrence[line - 1]);
  return ML_OK;
}
