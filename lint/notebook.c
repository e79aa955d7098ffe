/* Jupyter notebooks (notebook.h). jansson reads the cells; a small scanner of our own finds the
 * byte span of each cell's "source" value, because jansson keeps no positions and a fix must
 * replace exactly those bytes and nothing else (outputs, metadata, key order, indentation). */
#include "notebook.h"
#include "notebook_cell.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "modallint/error.h"


/* Notebook JSON nests a few levels; outputs may nest more. Deeper than this, a notebook is refused
 * rather than risking the stack. */
enum { MAX_DEPTH = 256 };


static int fail(char *message, size_t size, const char *text) {
  snprintf(message, size, "%s", text);
  return ML_EINVAL;
}

/* ---- locating "source" values in the JSON text ---- */

typedef struct scanner {
  const char *p;
  const char *end;
} scanner;

static void skip_ws(scanner *s) {
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static bool skip_string(scanner *s) {
  if (s->p >= s->end || *s->p != '"')
    return false;
  for (s->p++; s->p < s->end; s->p++) {
    if (*s->p == '\\')
      s->p++;
    else if (*s->p == '"') {
      s->p++;
      return true;
    }
  }
  return false;
}

static bool skip_value(scanner *s, int depth) {
  skip_ws(s);
  if (s->p >= s->end || depth > MAX_DEPTH)
    return false;
  char open = *s->p;
  if (open == '"')
    return skip_string(s);
  if (open != '{' && open != '[') {
    while (s->p < s->end && strchr(",}] \t\r\n", *s->p) == NULL)
      s->p++;
    return true;
  }
  char close = open == '{' ? '}' : ']';
  s->p++;
  skip_ws(s);
  if (s->p < s->end && *s->p == close) {
    s->p++;
    return true;
  }
  for (;;) {
    if (open == '{') {
      skip_ws(s);
      if (!skip_string(s))
        return false;
      skip_ws(s);
      if (s->p >= s->end || *s->p != ':')
        return false;
      s->p++;
    }
    if (!skip_value(s, depth + 1))
      return false;
    skip_ws(s);
    if (s->p >= s->end)
      return false;
    if (*s->p == close) {
      s->p++;
      return true;
    }
    if (*s->p != ',')
      return false;
    s->p++;
  }
}

/* Whether the string token at [start, end) is exactly "name" (keys of interest have no escapes). */
static bool key_is(const char *start, const char *end, const char *name) {
  size_t n = strlen(name);
  return (size_t)(end - start) == n + 2 && memcmp(start + 1, name, n) == 0;
}

/* Walks the members of the object at s->p, stopping at key `name` with s->p at its value.
 * Returns false when the key is absent or the JSON is malformed. */
static bool find_member(scanner *s, const char *name) {
  skip_ws(s);
  if (s->p >= s->end || *s->p != '{')
    return false;
  s->p++;
  for (;;) {
    skip_ws(s);
    const char *key = s->p;
    if (!skip_string(s))
      return false;
    const char *key_end = s->p;
    skip_ws(s);
    if (s->p >= s->end || *s->p != ':')
      return false;
    s->p++;
    skip_ws(s);
    if (key_is(key, key_end, name))
      return true;
    if (!skip_value(s, 1))
      return false;
    skip_ws(s);
    if (s->p >= s->end || *s->p != ',')
      return false;
    s->p++;
  }
}

/* Records the span of each cell's "source" value, in order. */
static bool find_source_spans(const char *json, size_t length, cli_notebook_cell *cells,
                              size_t count) {
  scanner s = {json, json + length};
  if (!find_member(&s, "cells") || s.p >= s.end || *s.p != '[')
    return false;
  s.p++;
  for (size_t i = 0; i < count; i++) {
    skip_ws(&s);
    if (i > 0) {
      if (s.p >= s.end || *s.p != ',')
        return false;
      s.p++;
      skip_ws(&s);
    }
    const char *cell = s.p;
    scanner member = {cell, s.end};
    if (find_member(&member, "source")) {
      cells[i].span_start = (size_t)(member.p - json);
      if (!skip_value(&member, 2))
        return false;
      cells[i].span_end = (size_t)(member.p - json);
    }
    if (!skip_value(&s, 1))
      return false;
  }
  return true;
}

/* ---- reading the cells ---- */

/* The text of a "source" value: a string, or a list of strings to concatenate. NULL when it is
 * neither (or out of memory: *oom says which). */
static char *source_text(json_t *source, bool *is_list, size_t *length, bool *oom) {
  *oom = false;
  *is_list = json_is_array(source);
  if (json_is_string(source)) {
    *length = json_string_length(source);
    char *copy = malloc(*length + 1);
    if (copy == NULL) {
      *oom = true;
      return NULL;
    }
    memcpy(copy, json_string_value(source), *length + 1);
    return copy;
  }
  if (!*is_list)
    return NULL;
  size_t total = 0;
  for (size_t i = 0; i < json_array_size(source); i++) {
    json_t *line = json_array_get(source, i);
    if (!json_is_string(line))
      return NULL;
    total += json_string_length(line);
  }
  char *text = malloc(total + 1);
  if (text == NULL) {
    *oom = true;
    return NULL;
  }
  size_t at = 0;
  for (size_t i = 0; i < json_array_size(source); i++) {
    json_t *line = json_array_get(source, i);
    memcpy(text + at, json_string_value(line), json_string_length(line));
    at += json_string_length(line);
  }
  text[at] = '\0';
  *length = at;
  return text;
}

/* Comments out IPython syntax in place (see notebook.h), keeping every length. */
static void comment_out_ipython(char *text, size_t length) {
  bool cell_magic = length >= 2 && text[0] == '%' && text[1] == '%';
  size_t i = 0;
  while (i < length) {
    size_t end = i;
    while (end < length && text[end] != '\n')
      end++;
    size_t first = i;
    while (first < end && (text[first] == ' ' || text[first] == '\t'))
      first++;
    size_t last = end;
    while (last > first && (text[last - 1] == ' ' || text[last - 1] == '\t' ||
                            text[last - 1] == '\r'))
      last--;
    if (cell_magic) {
      if (end > i && text[i] != '\r')
        text[i] = '#';
    } else if (first < end && (text[first] == '%' || text[first] == '!' || text[first] == '?')) {
      text[first] = '#';
    } else if (last > first && text[last - 1] == '?' && text[first] != '#') {
      text[first] = '#'; /* `obj?` asks IPython for help */
    }
    i = end + 1;
  }
}

static void free_cells(cli_notebook_cell *cells, size_t count) {
  for (size_t i = 0; i < count; i++) {
    free(cells[i].original);
    free(cells[i].virtual_form);
  }
  free(cells);
}

void cli_notebook_free(cli_notebook *notebook) {
  free(notebook->text);
  free(notebook->json);
  free(notebook->fixed_json);
  free_cells(notebook->cells, notebook->cell_count);
  memset(notebook, 0, sizeof *notebook);
}

bool cli_notebook_path(const char *path) {
  size_t n = strlen(path);
  return n >= 6 && strcmp(path + n - 6, ".ipynb") == 0;
}

/* Reads the code cells of `cells` (a JSON array) into out->cells. */
static int read_cells(json_t *cells, cli_notebook *out, char *message, size_t size) {
  size_t total = json_array_size(cells);
  out->cells = calloc(total ? total : 1, sizeof *out->cells);
  if (out->cells == NULL)
    return ML_ENOMEM;
  for (size_t i = 0; i < total; i++) {
    json_t *cell = json_array_get(cells, i);
    const char *type = json_string_value(json_object_get(cell, "cell_type"));
    if (!json_is_object(cell) || type == NULL)
      return fail(message, size, "not a Jupyter notebook: a cell without a \"cell_type\"");
    if (strcmp(type, "code") != 0)
      continue;
    cli_notebook_cell *c = &out->cells[out->cell_count];
    bool oom;
    c->original = source_text(json_object_get(cell, "source"), &c->is_list, &c->length, &oom);
    if (c->original == NULL)
      return oom ? ML_ENOMEM
                 : fail(message, size,
                        "not a Jupyter notebook: a code cell's \"source\" is neither a string "
                        "nor a list of strings");
    c->number = (unsigned)i + 1;
    out->cell_count++;
    c->virtual_form = malloc(c->length + 1);
    if (c->virtual_form == NULL)
      return ML_ENOMEM;
    memcpy(c->virtual_form, c->original, c->length + 1);
    comment_out_ipython(c->virtual_form, c->length);
    c->added_newline = c->length > 0 && c->original[c->length - 1] != '\n';
  }
  return ML_OK;
}

/* The spans index all cells; keep those of code cells, in the same order as out->cells. */
static int locate_spans(const char *json, size_t length, json_t *cells, cli_notebook *out,
                        char *message, size_t size) {
  size_t total = json_array_size(cells);
  cli_notebook_cell *all = calloc(total ? total : 1, sizeof *all);
  if (all == NULL)
    return ML_ENOMEM;
  bool ok = find_source_spans(json, length, all, total);
  for (size_t i = 0; ok && i < out->cell_count; i++) {
    cli_notebook_cell *c = &out->cells[i];
    c->span_start = all[c->number - 1].span_start;
    c->span_end = all[c->number - 1].span_end;
    ok = c->span_end > c->span_start;
  }
  free(all);
  return ok ? ML_OK : fail(message, size, "not a Jupyter notebook: cannot locate cell sources");
}

static int build_text(cli_notebook *out) {
  size_t boundary = strlen(CLI_NOTEBOOK_BOUNDARY);
  size_t total = 1;
  for (size_t i = 0; i < out->cell_count; i++)
    total += out->cells[i].length + 1 + boundary;
  out->text = malloc(total);
  if (out->text == NULL)
    return ML_ENOMEM;
  size_t at = 0;
  for (size_t i = 0; i < out->cell_count; i++) {
    const cli_notebook_cell *c = &out->cells[i];
    if (i > 0) {
      memcpy(out->text + at, CLI_NOTEBOOK_BOUNDARY, boundary);
      at += boundary;
    }
    memcpy(out->text + at, c->virtual_form, c->length);
    at += c->length;
    if (c->added_newline)
      out->text[at++] = '\n';
  }
  out->text[at] = '\0';
  out->length = at;
  return ML_OK;
}

int cli_notebook_load(const char *json, size_t length, cli_notebook *out, char *message,
                      size_t message_size) {
  memset(out, 0, sizeof *out);
  message[0] = '\0';
  json_error_t error;
  json_t *root = json_loadb(json, length, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &error);
  if (root == NULL && json_error_code(&error) == json_error_duplicate_key) {
    out->duplicate_key_line = error.line > 0 ? error.line : 1;
    root = json_loadb(json, length, JSON_ALLOW_NUL, &error);
  }
  if (root == NULL) {
    snprintf(message, message_size, "not a Jupyter notebook: invalid JSON at line %d: %s",
             error.line, error.text);
    return ML_EINVAL;
  }
  json_t *cells = json_object_get(root, "cells");
  int err = ML_OK;
  if (!json_is_array(cells))
    err = fail(message, message_size, "not a Jupyter notebook: no \"cells\" list");
  if (err == ML_OK)
    err = read_cells(cells, out, message, message_size);
  if (err == ML_OK)
    err = locate_spans(json, length, cells, out, message, message_size);
  if (err == ML_OK)
    err = build_text(out);
  json_decref(root);
  if (err != ML_OK)
    cli_notebook_free(out);
  return err;
}

/* ---- positions ---- */

unsigned cli_notebook_locate(const cli_notebook *notebook, const ml_source *virtual,
                             unsigned offset, ml_position *position) {
  const char *text = ml_source_bytes(virtual);
  size_t length = ml_source_length(virtual);
  size_t boundary = strlen(CLI_NOTEBOOK_BOUNDARY);
  size_t cell = 0, start = 0;
  for (size_t at = 0; at + boundary <= length && at < offset;) {
    const char *hit = memmem(text + at, length - at, CLI_NOTEBOOK_BOUNDARY, boundary);
    if (hit == NULL || (size_t)(hit - text) >= offset)
      break;
    size_t found = (size_t)(hit - text);
    at = found + boundary;
    if (found > 0 && text[found - 1] != '\n')
      continue;
    if (offset < at) /* on the boundary line itself */
      return 0;
    cell++;
    start = at;
  }
  if (cell >= notebook->cell_count)
    return 0;
  ml_position at = ml_source_position(virtual, (uint32_t)offset, ML_COLUMN_CODEPOINT);
  ml_position first = ml_source_position(virtual, (uint32_t)start, ML_COLUMN_CODEPOINT);
  position->line = at.line - first.line + 1;
  position->column = at.column;
  return notebook->cells[cell].number;
}

/* ---- writing back ---- */

typedef struct buffer {
  char *data;
  size_t length;
  size_t capacity;
  bool failed;
} buffer;

static void put(buffer *b, const char *bytes, size_t n) {
  if (b->failed)
    return;
  if (b->length + n + 1 > b->capacity) {
    size_t capacity = b->capacity ? b->capacity : 256;
    while (capacity < b->length + n + 1)
      capacity *= 2;
    char *grown = realloc(b->data, capacity);
    if (grown == NULL) {
      b->failed = true;
      return;
    }
    b->data = grown;
    b->capacity = capacity;
  }
  memcpy(b->data + b->length, bytes, n);
  b->length += n;
  b->data[b->length] = '\0';
}

/* The characters of a JSON string as nbformat writes them: UTF-8 kept, control characters
 * escaped. */
static void put_json_characters(buffer *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *escape = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
                         : c == '\r' ? "\\r" : c == '\t' ? "\\t" : c == '\b' ? "\\b"
                         : c == '\f' ? "\\f" : NULL;
    if (escape != NULL) {
      put(b, escape, strlen(escape));
    } else if (c < 0x20) {
      char u[8];
      snprintf(u, sizeof u, "\\u%04x", c);
      put(b, u, 6);
    } else {
      put(b, s + i, 1);
    }
  }
}

static void put_json_string(buffer *b, const char *s, size_t n) {
  put(b, "\"", 1);
  put_json_characters(b, s, n);
  put(b, "\"", 1);
}

/* The elements of the old list: their bytes in the JSON and their decoded text, so that a line a
 * fix left alone is written back exactly as it was (escapes such as \u00e9 included). */
typedef struct old_line {
  const char *raw;
  size_t raw_length;
  json_t *value; /* a JSON string; owned */
} old_line;

static size_t old_lines(const char *json, const cli_notebook_cell *cell, old_line *lines,
                        size_t capacity) {
  scanner s = {json + cell->span_start + 1, json + cell->span_end - 1};
  size_t count = 0;
  while (count < capacity) {
    skip_ws(&s);
    const char *start = s.p;
    if (!skip_string(&s))
      break;
    json_t *value = json_loadb(start, (size_t)(s.p - start), JSON_DECODE_ANY, NULL);
    if (!json_is_string(value)) {
      json_decref(value);
      break;
    }
    lines[count++] = (old_line){start, (size_t)(s.p - start), value};
    skip_ws(&s);
    if (s.p >= s.end || *s.p != ',')
      break;
    s.p++;
  }
  return count;
}

/* Writes one line: its old bytes when one of the next old lines reads the same, else encoded. */
static void put_line(buffer *b, const char *line, size_t n, old_line *old, size_t old_count,
                     size_t *cursor) {
  for (size_t j = *cursor; j < old_count && j <= *cursor + 2; j++) {
    if (json_string_length(old[j].value) == n &&
        memcmp(json_string_value(old[j].value), line, n) == 0) {
      put(b, old[j].raw, old[j].raw_length);
      *cursor = j + 1;
      return;
    }
  }
  put_json_string(b, line, n);
}

/* The new "source" value for `text`, in the shape and indentation of the old one. */
static void put_source(buffer *b, const cli_notebook_cell *cell, const char *json, const char *text,
                       size_t n) {
  if (!cell->is_list) {
    put_json_string(b, text, n);
    return;
  }
  const char *open = json + cell->span_start + 1, *close = json + cell->span_end - 1;
  const char *sep_end = open;
  while (sep_end < close && strchr(" \t\r\n", *sep_end) != NULL)
    sep_end++;
  const char *close_start = close;
  while (close_start > sep_end && strchr(" \t\r\n", close_start[-1]) != NULL)
    close_start--;
  bool was_empty = sep_end == close;
  size_t capacity = (size_t)(close - open) / 2 + 1; /* each element takes at least 2 bytes */
  old_line *old = malloc(capacity * sizeof *old);
  if (old == NULL) {
    b->failed = true;
    return;
  }
  size_t old_count = old_lines(json, cell, old, capacity), cursor = 0;
  put(b, "[", 1);
  size_t line = 0;
  for (size_t i = 0; i < n; line++) {
    size_t end = i;
    while (end < n && text[end] != '\n')
      end++;
    if (end < n)
      end++;
    if (line > 0)
      put(b, ",", 1);
    if (!was_empty)
      put(b, open, (size_t)(sep_end - open));
    put_line(b, text + i, end - i, old, old_count, &cursor);
    i = end;
  }
  if (!was_empty && n > 0)
    put(b, close_start, (size_t)(close - close_start));
  put(b, "]", 1);
  for (size_t j = 0; j < old_count; j++)
    json_decref(old[j].value);
  free(old);
}

/* Puts the original IPython lines back into `fixed` (a cell's new virtual form): every line the
 * virtual form commented out must still be there, in order, exactly as commented. */
static bool restore_ipython(const cli_notebook_cell *cell, const char *fixed, size_t n, buffer *out) {
  const char *orig = cell->original, *virt = cell->virtual_form;
  size_t o = 0; /* the next line of original/virtual_form to consider */
  for (size_t i = 0; i < n;) {
    size_t end = i;
    while (end < n && fixed[end] != '\n')
      end++;
    /* The next commented-out line, if any. */
    size_t po = o, pe = o;
    bool pending = false;
    while (po < cell->length) {
      pe = po;
      while (pe < cell->length && orig[pe] != '\n')
        pe++;
      if (memcmp(orig + po, virt + po, pe - po) != 0) {
        pending = true;
        break;
      }
      po = pe + 1;
    }
    if (pending && end - i == pe - po && memcmp(fixed + i, virt + po, pe - po) == 0) {
      put(out, orig + po, pe - po);
      o = pe + 1;
    } else {
      put(out, fixed + i, end - i);
    }
    if (end < n)
      put(out, "\n", 1);
    i = end + 1;
  }
  /* Any commented-out line left over was lost to a fix. */
  for (size_t po = o; po < cell->length;) {
    size_t pe = po;
    while (pe < cell->length && orig[pe] != '\n')
      pe++;
    if (memcmp(orig + po, virt + po, pe - po) != 0)
      return false;
    po = pe + 1;
  }
  return true;
}

int cli_notebook_rewrite(const cli_notebook *notebook, const char *json, size_t length,
                         const char *fixed, size_t fixed_length, char **out, size_t *out_length,
                         size_t *spans, char *message, size_t message_size) {
  size_t boundary = strlen(CLI_NOTEBOOK_BOUNDARY);
  buffer result = {0};
  size_t copied = 0; /* JSON bytes already copied */
  size_t at = 0;     /* where the current cell starts in `fixed` */
  int err = ML_OK;
  for (size_t i = 0; i < notebook->cell_count && err == ML_OK; i++) {
    const cli_notebook_cell *cell = &notebook->cells[i];
    size_t end = fixed_length;
    if (i + 1 < notebook->cell_count) {
      const char *hit = NULL;
      for (size_t from = at; from < fixed_length;) {
        hit = memmem(fixed + from, fixed_length - from, CLI_NOTEBOOK_BOUNDARY, boundary);
        if (hit == NULL || hit == fixed || hit[-1] == '\n')
          break;
        from = (size_t)(hit - fixed) + 1;
        hit = NULL;
      }
      if (hit == NULL) {
        err = fail(message, message_size, "a fix moved a cell boundary; not written");
        break;
      }
      end = (size_t)(hit - fixed);
    }
    const char *seg = fixed + at;
    size_t n = end - at;
    at = end + (i + 1 < notebook->cell_count ? boundary : 0);
    if (cell->added_newline && n > 0 && seg[n - 1] == '\n')
      n--;
    if (n == cell->length && memcmp(seg, cell->virtual_form, n) == 0) {
      /* Unchanged: its bytes are copied with the rest, after result.length - copied more. */
      if (spans != NULL) {
        spans[2 * i] = result.length + (cell->span_start - copied);
        spans[2 * i + 1] = result.length + (cell->span_end - copied);
      }
      continue;
    }
    buffer text = {0};
    if (!restore_ipython(cell, seg, n, &text)) {
      free(text.data);
      err = fail(message, message_size,
                 "a fix removed a line of IPython syntax (magic or shell command); not written");
      break;
    }
    if (text.failed) {
      err = ML_ENOMEM;
      break;
    }
    put(&result, json + copied, cell->span_start - copied);
    if (spans != NULL)
      spans[2 * i] = result.length;
    put_source(&result, cell, json, text.data ? text.data : "", text.length);
    if (spans != NULL)
      spans[2 * i + 1] = result.length;
    copied = cell->span_end;
    free(text.data);
  }
  if (err == ML_OK) {
    put(&result, json + copied, length - copied);
    if (result.failed)
      err = ML_ENOMEM;
  }
  if (err == ML_OK) {
    /* The new bytes must still be a notebook; anything else would be a bug worth refusing. */
    json_t *check = json_loadb(result.data, result.length, JSON_ALLOW_NUL, NULL);
    if (!json_is_array(json_object_get(check, "cells")))
      err = fail(message, message_size, "the rewritten notebook is not valid JSON; not written");
    json_decref(check);
  }
  if (err != ML_OK) {
    free(result.data);
    return err;
  }
  *out = result.data;
  *out_length = result.length;
  return ML_OK;
}

int cli_notebook_open(char *json, size_t length, cli_notebook **out, char *message,
                      size_t message_size) {
  cli_notebook *notebook = malloc(sizeof *notebook);
  if (notebook == NULL) {
    free(json);
    return ML_ENOMEM;
  }
  int err = cli_notebook_load(json, length, notebook, message, message_size);
  if (err != ML_OK) {
    free(json);
    free(notebook);
    return err;
  }
  notebook->json = json;
  notebook->json_length = length;
  *out = notebook;
  return ML_OK;
}

void cli_notebook_destroy(cli_notebook *notebook) {
  if (notebook == NULL)
    return;
  cli_notebook_free(notebook);
  free(notebook);
}

int cli_notebook_fix(cli_notebook *notebook, const ml_source *fixed, char *message,
                     size_t message_size) {
  free(notebook->fixed_json);
  notebook->fixed_json = NULL;
  notebook->fixed_json_length = 0;
  if (notebook->duplicate_key_line > 0) {
    snprintf(message, message_size,
             "the notebook's JSON repeats a key at line %d, so rewriting it could lose the copy "
             "Jupyter ignores; remove the duplicate key and run again",
             notebook->duplicate_key_line);
    return ML_EINVAL;
  }
  size_t *spans = malloc(2 * (notebook->cell_count ? notebook->cell_count : 1) * sizeof *spans);
  if (spans == NULL)
    return ML_ENOMEM;
  int err = cli_notebook_rewrite(notebook, notebook->json, notebook->json_length,
                                 ml_source_bytes(fixed), ml_source_length(fixed),
                                 &notebook->fixed_json, &notebook->fixed_json_length, spans,
                                 message, message_size);
  for (size_t i = 0; err == ML_OK && i < notebook->cell_count; i++) {
    notebook->cells[i].fixed_span_start = spans[2 * i];
    notebook->cells[i].fixed_span_end = spans[2 * i + 1];
  }
  free(spans);
  return err;
}

char *cli_notebook_json_characters(const char *text) {
  buffer escaped = {0};
  put(&escaped, "", 0);
  put_json_characters(&escaped, text, strlen(text));
  if (escaped.failed) {
    free(escaped.data);
    return NULL;
  }
  return escaped.data;
}
