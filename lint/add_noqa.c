/* --add-noqa. The comment must land where Python (or the shell) reads it as a comment and where
 * the library looks for it: the line the finding starts on (checks/noqa.c matches a directive to
 * the start line only). A comment moved to a later line would silence nothing and be added again
 * on every run, so a line that ends inside a string or with a `\` continuation is skipped and
 * reported instead. */
#include "add_noqa.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "modallint/error.h"

/* A growable byte buffer; `failed` sticks once an allocation failed. */
typedef struct buffer {
  char *bytes;
  size_t length;
  size_t capacity;
  bool failed;
} buffer;

static void append(buffer *b, const char *bytes, size_t length) {
  if (b->failed || length == 0)
    return;
  if (b->length + length > b->capacity) {
    size_t capacity = b->capacity ? b->capacity : 256;
    while (capacity < b->length + length)
      capacity *= 2;
    char *grown = realloc(b->bytes, capacity);
    if (grown == NULL) {
      b->failed = true;
      return;
    }
    b->bytes = grown;
    b->capacity = capacity;
  }
  memcpy(b->bytes + b->length, bytes, length);
  b->length += length;
}

static void append_text(buffer *b, const char *text) { append(b, text, strlen(text)); }

static bool is_code_char(char c) { return isalnum((unsigned char)c) || c == '-' || c == '_'; }

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

static int compare_codes(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The byte after "noqa" of the directive in [p, stop), as the lint finds it, or NULL. */
static const char *find_directive(const char *p, const char *stop) {
  size_t hash, after;
  return ml_noqa_find(p, (size_t)(stop - p), &hash, &after) ? p + after : NULL;
}

/* A word of a noqa list that is a code (E501, MDL112) or one of our rules' slugs, as noqa.c's
 * list ends at the first word that is neither ("# noqa: E501 kept for now"). */
static bool is_code_word(const char *start, size_t length) {
  size_t i = 0;
  while (i < length && isalpha((unsigned char)start[i]))
    i++;
  size_t digits = i;
  while (i < length && isdigit((unsigned char)start[i]))
    i++;
  if (digits > 0 && i > digits && i == length)
    return true;
  char name[64];
  if (length >= sizeof name)
    return false;
  memcpy(name, start, length);
  name[length] = '\0';
  return ml_rule_find(name) != NULL;
}

/* Whether the list [p, stop) already names `rule` (by code or slug, any case). */
static bool listed(const char *p, const char *stop, const ml_rule *rule) {
  while (p < stop && *p != '#') {
    if (!is_code_char(*p)) {
      p++;
      continue;
    }
    const char *w = p;
    while (p < stop && is_code_char(*p))
      p++;
    size_t n = (size_t)(p - w);
    if ((n == strlen(rule->code) && strncasecmp(w, rule->code, n) == 0) ||
        (n == strlen(rule->slug) && strncasecmp(w, rule->slug, n) == 0))
      return true;
  }
  return false;
}

/* Where new codes go in the list after "noqa:" at `colon`: after its last code word (the text
 * to insert then starts with ", "), or right after the colon when it names none. */
static const char *list_insert_point(const char *colon, const char *stop, bool *after_word) {
  const char *p = colon + 1, *at = p;
  *after_word = false;
  while (p < stop && *p != '#') {
    if (!is_code_char(*p)) {
      p++;
      continue;
    }
    const char *w = p;
    while (p < stop && is_code_char(*p))
      p++;
    if (!is_code_word(w, (size_t)(p - w)))
      break;
    at = p;
    *after_word = true;
  }
  return at;
}

/* The byte where the comment on the line [start, end) begins, or NULL. Python knows it from the
 * tree; in text files any `#` may start one (the library reads a noqa anywhere on the line). */
static const char *line_comment(const char *bytes, uint32_t start, uint32_t end, TSNode root,
                                bool python) {
  if (!python)
    return memchr(bytes + start, '#', end - start);
  if (end == start)
    return NULL;
  TSNode node = ts_node_descendant_for_byte_range(root, end - 1, end);
  if (strcmp(ts_node_type(node), "comment") != 0 || ts_node_start_byte(node) < start)
    return NULL;
  return bytes + ts_node_start_byte(node);
}

/* Whether the terminator of the line ending at `end` lies inside a string token (a triple-quoted
 * string, or an f-string's interpolation spanning lines): a `#` there would be string text. */
static bool newline_in_string(TSNode root, uint32_t end, uint32_t length) {
  if (end >= length)
    return false;
  TSNode node = ts_node_descendant_for_byte_range(root, end, end + 1);
  for (; !ts_node_is_null(node); node = ts_node_parent(node))
    if (strcmp(ts_node_type(node), "string") == 0 && ts_node_start_byte(node) <= end &&
        ts_node_end_byte(node) > end)
      return true;
  return false;
}

/* The sorted, unique codes of the findings diags[first, last) that `list` (or [list, stop), the
 * existing noqa list, when not NULL) does not name yet. Returns how many went into `codes`. */
static size_t missing_codes(const ml_diag_list *diags, size_t first, size_t last,
                            const char *list, const char *stop, const char **codes) {
  size_t count = 0;
  for (size_t i = first; i < last; i++) {
    const ml_rule *rule = diags->items[i].rule;
    if (list != NULL && listed(list, stop, rule))
      continue;
    codes[count++] = rule->code;
  }
  qsort(codes, count, sizeof *codes, compare_codes);
  size_t unique = 0;
  for (size_t i = 0; i < count; i++)
    if (unique == 0 || strcmp(codes[unique - 1], codes[i]) != 0)
      codes[unique++] = codes[i];
  return unique;
}

static void append_codes(buffer *b, const char *const *codes, size_t count) {
  for (size_t i = 0; i < count; i++) {
    if (i > 0)
      append_text(b, ", ");
    append_text(b, codes[i]);
  }
}

/* Copies the source up to the end of `line` into `b` (from *copied on), adding or extending the
 * directive for the findings diags[first, last). Returns false when the line is left alone. */
static bool edit_line(buffer *b, const ml_source *source, TSNode root, bool python, uint32_t line,
                      const ml_diag_list *diags, size_t first, size_t last, const char **codes,
                      uint32_t *copied) {
  const char *bytes = ml_source_bytes(source);
  uint32_t start = ml_source_line_start(source, line), end = ml_source_line_end(source, line);
  uint32_t content_end = end;
  while (content_end > start && is_blank(bytes[content_end - 1]))
    content_end--;
  const char *comment = line_comment(bytes, start, content_end, root, python);
  const char *noqa = comment ? find_directive(comment, bytes + content_end) : NULL;
  const char *stop = bytes + content_end;
  if (noqa != NULL && (noqa == stop || *noqa != ':'))
    return false; /* a bare noqa already silences the whole line */
  size_t count = missing_codes(diags, first, last, noqa ? noqa + 1 : NULL, stop, codes);
  if (count == 0)
    return false;
  const char *at;
  const char *lead;
  if (noqa != NULL) {
    bool after_word;
    at = list_insert_point(noqa, stop, &after_word);
    lead = after_word ? ", " : " ";
  } else {
    at = stop;
    lead = "  # noqa: ";
  }
  append(b, bytes + *copied, (size_t)(at - bytes) - *copied);
  append_text(b, lead);
  append_codes(b, codes, count);
  *copied = (uint32_t)(at - bytes);
  if (noqa == NULL) /* the blanks after the code would now sit before nothing: drop them */
    *copied = end;
  return true;
}

/* Whether a comment can end `line` and still be read as one on that line. */
static bool safe_line(const ml_source *source, TSNode root, bool python, uint32_t line) {
  const char *bytes = ml_source_bytes(source);
  uint32_t start = ml_source_line_start(source, line), end = ml_source_line_end(source, line);
  if (python && newline_in_string(root, end, ml_source_length(source)))
    return false;
  if (line_comment(bytes, start, end, root, python) != NULL)
    return true; /* a line that ends in a comment continues nowhere */
  uint32_t content_end = end;
  while (content_end > start && is_blank(bytes[content_end - 1]))
    content_end--;
  return content_end == start || bytes[content_end - 1] != '\\';
}

static int apply(const ml_source *source, TSNode root, bool python, const ml_diag_list *diags,
                 cli_noqa_result *out) {
  const char **codes = calloc(diags->count ? diags->count : 1, sizeof *codes);
  out->skipped = calloc(diags->count ? diags->count : 1, sizeof *out->skipped);
  if (codes == NULL || out->skipped == NULL) {
    free(codes);
    return ML_ENOMEM;
  }
  buffer b = {0};
  uint32_t copied = 0;
  for (size_t first = 0; first < diags->count;) {
    uint32_t line = ml_source_position(source, diags->items[first].start, ML_COLUMN_UTF8).line;
    size_t last = first + 1;
    while (last < diags->count &&
           ml_source_position(source, diags->items[last].start, ML_COLUMN_UTF8).line == line)
      last++;
    if (!safe_line(source, root, python, line))
      out->skipped[out->skipped_count++] = line;
    else if (edit_line(&b, source, root, python, line, diags, first, last, codes, &copied))
      out->added++;
    first = last;
  }
  free(codes);
  if (out->added > 0) {
    append(&b, ml_source_bytes(source) + copied, ml_source_length(source) - copied);
    if (b.failed) {
      free(b.bytes);
      return ML_ENOMEM;
    }
    out->text = b.bytes;
    out->length = b.length;
  } else {
    free(b.bytes);
  }
  return ML_OK;
}

/* Drops the MDL001 findings (see add_noqa.h) and puts the rest in line order: the library sorts
 * by position already, which is line order. */
static void drop_unused_noqa(ml_diag_list *diags, ml_diag_list *dropped) {
  size_t kept = 0;
  for (size_t i = 0; i < diags->count; i++) {
    if (strcmp(diags->items[i].rule->code, "MDL001") == 0)
      dropped->items[dropped->count++] = diags->items[i];
    else
      diags->items[kept++] = diags->items[i];
  }
  diags->count = kept;
}

int cli_add_noqa(ml_linter *linter, const ml_source *source, const ml_file_info *info,
                 cli_noqa_result *out) {
  memset(out, 0, sizeof *out);
  ml_diag_list diags, dropped;
  ml_diag_list_init(&diags);
  ml_diag_list_init(&dropped);
  int err = ml_lint_file(linter, source, info, &diags);
  if (err != ML_OK)
    return err;
  if (diags.count == 0) {
    ml_diag_list_clear(&diags);
    return ML_OK;
  }
  /* The dropped findings still own their messages: they are freed with `dropped`. */
  dropped.items = calloc(diags.count, sizeof *dropped.items);
  if (dropped.items == NULL) {
    ml_diag_list_clear(&diags);
    return ML_ENOMEM;
  }
  dropped.capacity = diags.count;
  drop_unused_noqa(&diags, &dropped);
  bool python = info == NULL || info->kind == ML_FILE_PYTHON;
  TSTree *tree = NULL;
  if (python && diags.count > 0)
    err = ml_parse(linter, source, NULL, &tree);
  if (err == ML_OK && diags.count > 0) {
    TSNode root = {0};
    if (tree != NULL)
      root = ts_tree_root_node(tree);
    err = apply(source, root, python, &diags, out);
  }
  if (tree != NULL)
    ts_tree_delete(tree);
  ml_diag_list_clear(&diags);
  ml_diag_list_clear(&dropped);
  if (err != ML_OK)
    cli_noqa_result_clear(out);
  return err;
}

void cli_noqa_result_clear(cli_noqa_result *result) {
  free(result->text);
  free(result->skipped);
  memset(result, 0, sizeof *result);
}
