/* Jupyter notebooks (notebook.h). jansson reads the cells; a small scanner of our own finds the
 * byte span of each cell's "source" value, because jansson keeps no positions and a fix must
 * replace exactly those bytes and nothing else (outputs, metadata, key order, indentation). */
#include "notebook.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "modallint/error.h"

#include "output.h"

/* Notebook JSON nests a few levels; outputs may nest more. Deeper than this, a notebook is refused
 * rather than risking the stack. */
enum { MAX_DEPTH = 256 };

struct cli_notebook_cell {
  unsigned number;        /* 1-based among all cells */
  size_t span_start;      /* the "source" value's bytes in the JSON */
  size_t span_end;
  size_t fixed_span_start; /* the same in notebook->fixed_json, once cli_notebook_fix made it */
  size_t fixed_span_end;
  bool is_list;           /* a list of lines rather than one string */
  char *original;         /* the cell's source as the notebook holds it; owned */
  char *virtual_form;     /* with IPython syntax commented out, without the added newline; owned */
  size_t length;          /* of both: commenting out keeps lengths */
  bool added_newline;     /* the virtual text ends the cell with a newline the cell lacks */
};

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
  json_t *root = json_loadb(json, length, JSON_ALLOW_NUL, &error);
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

/* ---- positions in the notebook file ---- */

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
  buffer escaped = {0};
  put(&escaped, "", 0);
  put_json_characters(&escaped, edit->text, strlen(edit->text));
  if (escaped.failed) {
    free(escaped.data);
    return ML_ENOMEM;
  }
  *text = escaped.data;
  return ML_OK;
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
