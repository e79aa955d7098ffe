/* Positions in the notebook file (notebook.h): from an offset of the cells' virtual text to the
 * byte of the .ipynb JSON that holds it, for the formats that annotate the file itself. */
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "notebook.h"
#include "notebook_cell.h"
#include "output.h"

struct cli_notebook_file {
  const cli_notebook *notebook;
  const char *text; /* the virtual text the offsets are in */
  size_t length;
  bool fixed;          /* the file is notebook->fixed_json, its cells at their fixed spans */
  ml_source *source;   /* the file's bytes, with a line index; owned */
  size_t *cell_starts; /* [cell_count]: where each code cell starts in `text`; owned */
  size_t *cell_ends;   /* where it ends: its boundary line, or the end of `text`; owned */
};

/* The four hex digits of a \u escape (not sscanf: glibc's reads the length of the whole rest of
 * the file first). */
static bool hex4(const char *p, unsigned long *value) {
  *value = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (digit < 0)
      return false;
    *value = *value * 16 + (unsigned long)digit;
  }
  return true;
}

/* Decodes the escape at p (*p == '\\') into `out` (up to 4 bytes of UTF-8): returns how many bytes
 * and sets *raw to the escape's length in the JSON, or returns 0 for one jansson would refuse. */
static size_t decode_escape(const char *p, const char *end, char out[4], size_t *raw) {
  if (end - p < 2)
    return 0;
  *raw = 2;
  switch (p[1]) {
  case '"': case '\\': case '/':
    out[0] = p[1];
    return 1;
  case 'b': out[0] = '\b'; return 1;
  case 'f': out[0] = '\f'; return 1;
  case 'n': out[0] = '\n'; return 1;
  case 'r': out[0] = '\r'; return 1;
  case 't': out[0] = '\t'; return 1;
  default: break;
  }
  unsigned long high = 0, low = 0;
  if (p[1] != 'u' || end - p < 6 || !hex4(p + 2, &high))
    return 0;
  unsigned long code = high;
  *raw = 6;
  if (high >= 0xD800 && high <= 0xDBFF) {
    if (end - p < 12 || p[6] != '\\' || p[7] != 'u' || !hex4(p + 8, &low) || low < 0xDC00 ||
        low > 0xDFFF)
      return 0;
    code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
    *raw = 12;
  } else if (high >= 0xDC00 && high <= 0xDFFF) {
    return 0;
  }
  if (code < 0x80) {
    out[0] = (char)code;
    return 1;
  }
  if (code < 0x800) {
    out[0] = (char)(0xC0 | code >> 6);
    out[1] = (char)(0x80 | (code & 0x3F));
    return 2;
  }
  if (code < 0x10000) {
    out[0] = (char)(0xE0 | code >> 12);
    out[1] = (char)(0x80 | (code >> 6 & 0x3F));
    out[2] = (char)(0x80 | (code & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | code >> 18);
  out[1] = (char)(0x80 | (code >> 12 & 0x3F));
  out[2] = (char)(0x80 | (code >> 6 & 0x3F));
  out[3] = (char)(0x80 | (code & 0x3F));
  return 4;
}

/* A walk through the characters of a "source" value, string after string. */
typedef struct source_reader {
  const char *p;   /* inside a string: at a character, or at the closing quote of the last one */
  const char *end; /* where the walk stops */
} source_reader;

/* From the closing quote of a string, on to the first character of the next one (across `",\n "`
 * and any empty string), so that the position after a line's "\n" is the start of the next line.
 * Past the last string, stays at its closing quote: the end of the text. */
static void skip_string_ends(source_reader *r) {
  while (r->p < r->end && *r->p == '"') {
    const char *next = r->p + 1;
    while (next < r->end && *next != '"')
      next++;
    if (next >= r->end)
      return;
    r->p = next + 1;
  }
}

/* Where byte `rel` of a cell's text is inside the cell's "source" value [start, end) of `json`.
 * Sets *exact to false when the text has no such character boundary: `rel` inside the bytes of one
 * escaped character maps to the escape, `rel` past the text to the text's end, and a value with no
 * string to its own start. */
static size_t map_in_source(const char *json, size_t start, size_t end, size_t rel, bool *exact) {
  *exact = false;
  const char *first = memchr(json + start, '"', end - start);
  if (first == NULL)
    return start; /* an empty list */
  source_reader r = {first + 1, json + end};
  skip_string_ends(&r);
  for (size_t decoded = 0; decoded < rel;) {
    if (*r.p == '"')
      return (size_t)(r.p - json); /* past the end of the text */
    char bytes[4];
    size_t raw = 1, n = 1;
    if (*r.p == '\\')
      n = decode_escape(r.p, r.end, bytes, &raw);
    if (n == 0 || decoded + n > rel)
      return (size_t)(r.p - json);
    decoded += n;
    r.p += raw;
    skip_string_ends(&r);
  }
  *exact = true;
  return (size_t)(r.p - json);
}

/* Whether the file holds exactly `expected` from `from` to `to` (both from map_in_source): what an
 * edit deletes in the virtual text must be what it would delete in the file, which is not so
 * across IPython syntax the virtual text commented out. */
static bool file_holds(const char *json, size_t from, size_t to, const char *expected, size_t n) {
  source_reader r = {json + from, json + to};
  size_t matched = 0;
  for (skip_string_ends(&r); r.p < r.end && *r.p != '"'; skip_string_ends(&r)) {
    char bytes[4];
    size_t raw = 1, count = 1;
    if (*r.p == '\\')
      count = decode_escape(r.p, r.end, bytes, &raw);
    else
      bytes[0] = *r.p;
    if (count == 0 || matched + count > n || memcmp(expected + matched, bytes, count) != 0)
      return false;
    matched += count;
    r.p += raw;
  }
  return matched == n && r.p == r.end;
}

/* Where each code cell starts and ends in the virtual text: boundaries are found as
 * cli_notebook_rewrite finds them. A text that lost a boundary leaves the cells after it empty, at
 * the end of the text. */
static void find_cells(cli_notebook_file *file) {
  size_t boundary = strlen(CLI_NOTEBOOK_BOUNDARY), count = file->notebook->cell_count;
  size_t at = 0;
  for (size_t i = 0; i < count; i++) {
    file->cell_starts[i] = at;
    const char *hit = NULL;
    for (size_t from = at; i + 1 < count && from < file->length;) {
      hit = memmem(file->text + from, file->length - from, CLI_NOTEBOOK_BOUNDARY, boundary);
      if (hit == NULL || hit == file->text || hit[-1] == '\n')
        break;
      from = (size_t)(hit - file->text) + 1;
      hit = NULL;
    }
    file->cell_ends[i] = hit != NULL ? (size_t)(hit - file->text) : file->length;
    at = hit != NULL ? file->cell_ends[i] + boundary : file->length;
  }
}

int cli_notebook_file_new(const cli_notebook *notebook, const ml_source *virtual,
                          cli_notebook_file **out) {
  cli_notebook_file *file = calloc(1, sizeof *file);
  if (file == NULL)
    return ML_ENOMEM;
  file->notebook = notebook;
  file->text = ml_source_bytes(virtual);
  file->length = ml_source_length(virtual);
  bool as_read = file->length == notebook->length &&
                 memcmp(file->text, notebook->text, file->length) == 0;
  file->fixed = !as_read && notebook->fixed_json != NULL;
  size_t count = notebook->cell_count ? notebook->cell_count : 1;
  file->cell_starts = malloc(count * sizeof *file->cell_starts);
  file->cell_ends = malloc(count * sizeof *file->cell_ends);
  int err = file->cell_starts == NULL || file->cell_ends == NULL ? ML_ENOMEM : ML_OK;
  if (err == ML_OK)
    err = file->fixed ? ml_source_new(notebook->fixed_json, notebook->fixed_json_length,
                                      &file->source)
                      : ml_source_new(notebook->json, notebook->json_length, &file->source);
  if (err != ML_OK) {
    cli_notebook_file_free(file);
    return err;
  }
  find_cells(file);
  *out = file;
  return ML_OK;
}

void cli_notebook_file_free(cli_notebook_file *file) {
  if (file == NULL)
    return;
  ml_source_free(file->source);
  free(file->cell_starts);
  free(file->cell_ends);
  free(file);
}

const ml_source *cli_notebook_file_source(const cli_notebook_file *file) { return file->source; }

/* The code cell (index) whose text or boundary line holds `offset`: the last that starts at or
 * before it, or the first after it when `offset` is on that cell's boundary line. */
static size_t cell_of(const cli_notebook_file *file, uint32_t offset, bool *on_boundary) {
  size_t lo = 0, hi = file->notebook->cell_count;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (file->cell_starts[mid] <= offset)
      lo = mid;
    else
      hi = mid;
  }
  *on_boundary = offset >= file->cell_ends[lo] && lo + 1 < file->notebook->cell_count;
  return *on_boundary ? lo + 1 : lo;
}

uint32_t cli_notebook_file_offset(const cli_notebook_file *file, uint32_t offset, unsigned *cell,
                                  bool *exact) {
  *cell = 0;
  *exact = false;
  if (file->notebook->cell_count == 0)
    return 0;
  bool on_boundary;
  size_t i = cell_of(file, offset, &on_boundary);
  const cli_notebook_cell *c = &file->notebook->cells[i];
  size_t start = file->fixed ? c->fixed_span_start : c->span_start;
  size_t end = file->fixed ? c->fixed_span_end : c->span_end;
  *cell = c->number;
  if (on_boundary)
    return (uint32_t)start;
  const char *json = ml_source_bytes(file->source);
  return (uint32_t)map_in_source(json, start, end, offset - file->cell_starts[i], exact);
}

unsigned cli_notebook_file_position(const cli_notebook_file *file, uint32_t offset,
                                    ml_column_kind kind, ml_position *position) {
  unsigned cell;
  bool exact;
  uint32_t at = cli_notebook_file_offset(file, offset, &cell, &exact);
  *position = ml_source_position(file->source, at, kind);
  return cell;
}

int cli_notebook_file_edit(const cli_notebook_file *file, const ml_edit *edit,
                           uint32_t *start, uint32_t *end, char **text) {
  unsigned start_cell, end_cell;
  bool start_exact, end_exact;
  *start = cli_notebook_file_offset(file, edit->start, &start_cell, &start_exact);
  *end = cli_notebook_file_offset(file, edit->end, &end_cell, &end_exact);
  if (!start_exact || !end_exact || start_cell != end_cell || edit->end < edit->start ||
      !file_holds(ml_source_bytes(file->source), *start, *end, file->text + edit->start,
                  edit->end - edit->start))
    return ML_EINVAL;
  *text = cli_notebook_json_characters(edit->text);
  return *text != NULL ? ML_OK : ML_ENOMEM;
}

const char *cli_report_location(const cli_file_report *report, uint32_t offset, char *buffer,
                                size_t buffer_size, ml_position *position, unsigned *cell) {
  *position = ml_source_position(report->source, offset, ML_COLUMN_CODEPOINT);
  *cell = 0;
  if (report->notebook == NULL)
    return report->path;
  ml_position inside;
  *cell = cli_notebook_locate(report->notebook, report->source, offset, &inside);
  if (*cell == 0)
    return report->path;
  *position = inside;
  if (buffer_size > 0)
    snprintf(buffer, buffer_size, "%s:cell %u", report->path, *cell);
  return buffer;
}

int cli_report_file_open(const cli_file_report *report, cli_report_file *out) {
  out->source = report->source;
  out->notebook = NULL;
  if (report->notebook == NULL)
    return ML_OK;
  int err = cli_notebook_file_new(report->notebook, report->source, &out->notebook);
  if (err == ML_OK)
    out->source = cli_notebook_file_source(out->notebook);
  return err;
}

void cli_report_file_close(cli_report_file *file) {
  cli_notebook_file_free(file->notebook);
  file->notebook = NULL;
}

ml_position cli_report_file_position(const cli_report_file *file, uint32_t offset,
                                     ml_column_kind kind) {
  ml_position position;
  if (file->notebook == NULL)
    return ml_source_position(file->source, offset, kind);
  cli_notebook_file_position(file->notebook, offset, kind, &position);
  return position;
}
