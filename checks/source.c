#include "modallint/source.h"

#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"

struct ml_source {
  char *bytes;
  uint32_t length;
  uint32_t bom_length;
  uint32_t *line_starts; /* line_starts[i] is the offset of line i+1 */
  uint32_t line_count;
  const char *newline;
};

/* Length of the UTF-8 sequence starting at p (1 for an invalid or truncated one), and whether it
 * encodes a code point outside the Basic Multilingual Plane (two UTF-16 units). */
static uint32_t utf8_sequence(const unsigned char *p, const unsigned char *end, int *astral) {
  *astral = 0;
  unsigned char c = p[0];
  uint32_t need;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) need = 2;
  else if (c >= 0xE0 && c <= 0xEF) need = 3;
  else if (c >= 0xF0 && c <= 0xF4) need = 4;
  else return 1;
  if ((uint32_t)(end - p) < need) return 1;
  for (uint32_t i = 1; i < need; i++)
    if ((p[i] & 0xC0) != 0x80) return 1;
  /* Reject overlong forms and surrogates so every valid sequence is one scalar value. */
  if (c == 0xE0 && p[1] < 0xA0) return 1;
  if (c == 0xED && p[1] >= 0xA0) return 1;
  if (c == 0xF0 && p[1] < 0x90) return 1;
  if (c == 0xF4 && p[1] >= 0x90) return 1;
  *astral = need == 4;
  return need;
}

static int build_line_index(ml_source *source) {
  uint32_t capacity = 64, count = 0;
  uint32_t *starts = malloc(capacity * sizeof *starts);
  if (!starts) return ML_ENOMEM;
  size_t lf = 0, crlf = 0, cr = 0;
  starts[count++] = source->bom_length;
  const char *b = source->bytes;
  for (uint32_t i = source->bom_length; i < source->length; i++) {
    uint32_t next;
    if (b[i] == '\n') {
      lf++;
      next = i + 1;
    } else if (b[i] == '\r') {
      if (i + 1 < source->length && b[i + 1] == '\n') {
        crlf++;
        i++;
      } else {
        cr++;
      }
      next = i + 1;
    } else {
      continue;
    }
    if (count == capacity) {
      uint32_t *grown = realloc(starts, (size_t)capacity * 2 * sizeof *starts);
      if (!grown) {
        free(starts);
        return ML_ENOMEM;
      }
      starts = grown;
      capacity *= 2;
    }
    starts[count++] = next;
  }
  source->line_starts = starts;
  source->line_count = count;
  source->newline = "\n";
  if (crlf > lf && crlf >= cr) source->newline = "\r\n";
  else if (cr > lf && cr > crlf) source->newline = "\r";
  return ML_OK;
}

int ml_source_new(const char *bytes, size_t length, ml_source **out) {
  if (length >= UINT32_MAX) return ML_ETOOBIG;
  ml_source *source = calloc(1, sizeof *source);
  if (!source) return ML_ENOMEM;
  source->bytes = malloc(length + 1);
  if (!source->bytes) {
    free(source);
    return ML_ENOMEM;
  }
  if (length) memcpy(source->bytes, bytes, length);
  source->bytes[length] = '\0';
  source->length = (uint32_t)length;
  if (length >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) source->bom_length = 3;
  int err = build_line_index(source);
  if (err) {
    free(source->bytes);
    free(source);
    return err;
  }
  *out = source;
  return ML_OK;
}

void ml_source_free(ml_source *source) {
  if (!source) return;
  free(source->bytes);
  free(source->line_starts);
  free(source);
}

const char *ml_source_bytes(const ml_source *source) { return source->bytes; }
uint32_t ml_source_length(const ml_source *source) { return source->length; }
uint32_t ml_source_bom_length(const ml_source *source) { return source->bom_length; }
const char *ml_source_newline(const ml_source *source) { return source->newline; }
uint32_t ml_source_line_count(const ml_source *source) { return source->line_count; }

uint32_t ml_source_line_start(const ml_source *source, uint32_t line) {
  if (line == 0) line = 1;
  if (line > source->line_count) return source->length;
  return source->line_starts[line - 1];
}

uint32_t ml_source_line_end(const ml_source *source, uint32_t line) {
  if (line == 0) line = 1;
  if (line > source->line_count) return source->length;
  uint32_t end = line < source->line_count ? source->line_starts[line] : source->length;
  uint32_t start = source->line_starts[line - 1];
  if (end > start && source->bytes[end - 1] == '\n') end--;
  if (end > start && source->bytes[end - 1] == '\r') end--;
  return end;
}

/* Index (0-based) of the line holding `offset`: the last start <= offset. */
static uint32_t line_index_of(const ml_source *source, uint32_t offset) {
  uint32_t lo = 0, hi = source->line_count;
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (source->line_starts[mid] <= offset) lo = mid;
    else hi = mid;
  }
  return lo;
}

/* Columns (0-based, in `kind`) covered by bytes [from, to). */
static uint32_t count_units(const ml_source *source, uint32_t from, uint32_t to,
                            ml_column_kind kind) {
  if (kind == ML_COLUMN_UTF8) return to - from;
  const unsigned char *p = (const unsigned char *)source->bytes + from;
  const unsigned char *end = (const unsigned char *)source->bytes + to;
  uint32_t units = 0;
  while (p < end) {
    int astral;
    uint32_t step = utf8_sequence(p, end, &astral);
    units += (kind == ML_COLUMN_UTF16 && astral) ? 2 : 1;
    p += step;
  }
  return units;
}

ml_position ml_source_position(const ml_source *source, uint32_t offset, ml_column_kind kind) {
  if (offset > source->length) offset = source->length;
  uint32_t index = line_index_of(source, offset);
  uint32_t start = source->line_starts[index];
  if (offset < start) offset = start; /* inside the byte order mark */
  ml_position pos = {index + 1, count_units(source, start, offset, kind) + 1};
  return pos;
}

uint32_t ml_source_offset(const ml_source *source, ml_position position, ml_column_kind kind) {
  if (position.line == 0) position.line = 1;
  if (position.line > source->line_count) return source->length;
  uint32_t offset = ml_source_line_start(source, position.line);
  uint32_t end = ml_source_line_end(source, position.line);
  uint32_t wanted = position.column ? position.column - 1 : 0;
  const unsigned char *base = (const unsigned char *)source->bytes;
  uint32_t units = 0;
  while (offset < end && units < wanted) {
    int astral;
    uint32_t step = utf8_sequence(base + offset, base + end, &astral);
    uint32_t width = kind == ML_COLUMN_UTF8 ? step : (kind == ML_COLUMN_UTF16 && astral) ? 2 : 1;
    if (units + width > wanted) break; /* a column inside a character lands on its start */
    units += width;
    offset += step;
  }
  return offset;
}
