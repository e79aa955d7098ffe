/* Configuration files (modallint/config.h): TOML bytes -> ml_config, and ml_config -> ml_options.
 *
 * The TOML is parsed by tree-sitter-toml, then every key/value pair is resolved to its full dotted
 * path (table header + dotted key + enclosing inline tables), so `[tool.modal-lint] select = [...]`,
 * `[tool] modal-lint.select = [...]` and `tool = { modal-lint = { select = [...] } }` all reach the
 * same handler. Keys outside modal-lint's table are not looked at beyond their path. */
#include "modallint/config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "modallint/error.h"
#include "modallint/glob.h"

#include "parse.h"
#include "strbuf.h"

const TSLanguage *tree_sitter_toml(void);

/* A key path deeper than this is never one of ours: ours are at most
 * tool.modal-lint.per-file-ignores.GLOB. */
enum { MAX_PATH = 8 };

typedef struct key_path {
  char *parts[MAX_PATH];
  size_t count;
} key_path;

/* The keys a configuration may hold, in the order the "expected one of" message lists them. */
enum {
  KEY_SELECT,
  KEY_EXTEND_SELECT,
  KEY_IGNORE,
  KEY_PER_FILE_IGNORES,
  KEY_EXCLUDE,
  KEY_EXTEND_EXCLUDE,
  KEY_TARGET_VERSION,
  KEY_UNSAFE_FIXES,
  KEY_OUTPUT_FORMAT,
  KEY_MAX_FILE_SIZE,
  KEY_COUNT
};

static const char *const key_names[KEY_COUNT] = {
    "select",  "extend-select",  "ignore",         "per-file-ignores", "exclude",
    "extend-exclude", "target-version", "unsafe-fixes", "output-format", "max-file-size"};

typedef struct parse_state {
  const char *bytes;
  ml_config_format format;
  ml_config *config;
  ml_config_error *error;
  bool found;
  bool seen[KEY_COUNT];  /* TOML allows a key once per table */
  bool table_header_seen; /* the [tool.modal-lint] header (or the per-file-ignores one) */
} parse_state;

static uint32_t line_of(TSNode node) { return ts_node_start_point(node).row + 1; }

static int fail(parse_state *st, uint32_t line, const char *key, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(parse_state *st, uint32_t line, const char *key, const char *format, ...) {
  st->error->line = line;
  snprintf(st->error->key, sizeof st->error->key, "%s", key);
  va_list ap;
  va_start(ap, format);
  vsnprintf(st->error->message, sizeof st->error->message, format, ap);
  va_end(ap);
  return ML_EINVAL;
}

static void path_free(key_path *path) {
  for (size_t i = 0; i < path->count; i++)
    free(path->parts[i]);
  path->count = 0;
}

/* The kind of value a node is, as an error message names it ("found an integer"). */
static const char *value_name(TSNode node) {
  const char *type = ts_node_type(node);
  if (strcmp(type, "string") == 0)
    return "a string";
  if (strcmp(type, "integer") == 0)
    return "an integer";
  if (strcmp(type, "float") == 0)
    return "a float";
  if (strcmp(type, "boolean") == 0)
    return "a boolean";
  if (strcmp(type, "array") == 0)
    return "an array";
  if (strcmp(type, "inline_table") == 0)
    return "a table";
  return "a date or time";
}

static void append_utf8(ml__strbuf *buf, unsigned long cp) {
  char out[4];
  size_t n;
  if (cp < 0x80) {
    out[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  ml__strbuf_append(buf, out, n);
}

/* Decodes the escapes of a basic string body s[0..n). Returns false on an invalid escape. */
static bool unescape(ml__strbuf *buf, const char *s, size_t n, bool multiline) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] != '\\') {
      ml__strbuf_append(buf, s + i, 1);
      continue;
    }
    if (++i >= n)
      return false;
    char c = s[i];
    const char *simple = strchr("btnfr\"\\e", c);
    if (simple != NULL && c != '\0') {
      static const char values[] = "\b\t\n\f\r\"\\\x1b";
      ml__strbuf_append(buf, &values[simple - "btnfr\"\\e"], 1);
    } else if (c == 'u' || c == 'U') {
      size_t digits = c == 'u' ? 4 : 8;
      if (i + digits >= n)
        return false;
      unsigned long cp = 0;
      for (size_t k = 1; k <= digits; k++) {
        char h = s[i + k];
        int v = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
        if (v < 0)
          return false;
        cp = cp * 16 + (unsigned long)v;
      }
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return false;
      append_utf8(buf, cp);
      i += digits;
    } else if (multiline && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      /* A backslash ending a line joins it with the next non-blank text. */
      size_t j = i;
      while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
      if (j < n && s[j] != '\n' && s[j] != '\r')
        return false;
      while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
        j++;
      i = j - 1;
    } else {
      return false;
    }
  }
  return true;
}

/* The value of a string node (or quoted key): any of TOML's four forms. Returns ML_OK with *out
 * (malloc'd), ML_ENOMEM, or ML_EINVAL for an invalid escape. */
static int decode_string(const char *bytes, TSNode node, char **out) {
  const char *s = bytes + ts_node_start_byte(node);
  size_t n = ts_node_end_byte(node) - ts_node_start_byte(node);
  bool literal = n > 0 && s[0] == '\'';
  size_t quote = n >= 6 && (memcmp(s, "\"\"\"", 3) == 0 || memcmp(s, "'''", 3) == 0) ? 3 : 1;
  if (n < 2 * quote)
    return ML_EINVAL;
  s += quote;
  n -= 2 * quote;
  if (quote == 3) { /* a newline right after the opening quotes is not part of the string */
    if (n > 0 && s[0] == '\n') {
      s++;
      n--;
    } else if (n > 1 && s[0] == '\r' && s[1] == '\n') {
      s += 2;
      n -= 2;
    }
  }
  ml__strbuf buf;
  ml__strbuf_init(&buf);
  ml__strbuf_append(&buf, "", 0);
  if (literal)
    ml__strbuf_append(&buf, s, n);
  else if (!unescape(&buf, s, n, quote == 3)) {
    ml__strbuf_free(&buf);
    return ML_EINVAL;
  }
  *out = ml__strbuf_take(&buf);
  return *out ? ML_OK : ML_ENOMEM;
}

/* Appends one bare or quoted key to `path`. */
static int append_part(parse_state *st, TSNode key, key_path *path) {
  if (path->count == MAX_PATH)
    return fail(st, line_of(key), "", "key has more than %d dotted parts", MAX_PATH);
  char *part;
  if (strcmp(ts_node_type(key), "quoted_key") == 0) {
    int err = decode_string(st->bytes, key, &part);
    if (err == ML_EINVAL)
      return fail(st, line_of(key), "", "invalid escape sequence in a quoted key");
    if (err != ML_OK)
      return err;
  } else {
    part = ml__strndup(st->bytes + ts_node_start_byte(key),
                       ts_node_end_byte(key) - ts_node_start_byte(key));
    if (part == NULL)
      return ML_ENOMEM;
  }
  path->parts[path->count++] = part;
  return ML_OK;
}

/* Appends the components of a key node (bare, quoted or dotted) to `path`. tree-sitter-toml
 * nests a dotted key to the left, `a.b.c` being ((a . b) . c), one level per part: the chain is
 * climbed down in a loop and refused once it has more parts than a path holds, so a header of
 * 100,000 parts costs neither stack (this recursed once per part) nor time. */
static int collect_key(parse_state *st, TSNode key, key_path *path) {
  TSNode links[MAX_PATH]; /* the dotted_key nodes, outermost first */
  size_t count = 0;
  TSNode first = key;
  while (strcmp(ts_node_type(first), "dotted_key") == 0) {
    /* count + 1 links hold count + 2 parts. */
    if (path->count + count + 2 > MAX_PATH)
      return fail(st, line_of(key), "", "key has more than %d dotted parts", MAX_PATH);
    links[count++] = first;
    first = ts_node_named_child(first, 0);
  }
  int err = append_part(st, first, path);
  /* Each link's last named child is the part after its dot. */
  while (err == ML_OK && count > 0) {
    TSNode link = links[--count];
    err = append_part(st, ts_node_named_child(link, ts_node_named_child_count(link) - 1), path);
  }
  return err;
}

/* The first key node (bare, quoted or dotted) among the children of a pair or table header. */
static TSNode key_child(TSNode node) {
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; i++) {
    TSNode child = ts_node_named_child(node, i);
    const char *type = ts_node_type(child);
    if (strcmp(type, "bare_key") == 0 || strcmp(type, "quoted_key") == 0 ||
        strcmp(type, "dotted_key") == 0)
      return child;
  }
  return ts_node_named_child(node, 0);
}

/* The value node of a pair: the named child after its key that is not a comment. */
static TSNode value_child(TSNode pair) {
  uint32_t count = ts_node_named_child_count(pair);
  TSNode value = ts_node_named_child(pair, count - 1);
  for (uint32_t i = 1; i < count; i++) {
    TSNode child = ts_node_named_child(pair, i);
    if (strcmp(ts_node_type(child), "comment") != 0)
      return child;
  }
  return value;
}

/* How many leading components of `path` name modal-lint's table (2 for tool.modal-lint in
 * pyproject.toml, 0 in a standalone file), or -1 when the path lies outside it, or -2 when the
 * path is a strict prefix of it ("tool"). */
static int table_depth(const parse_state *st, const key_path *path) {
  if (st->format == ML_CONFIG_STANDALONE)
    return 0;
  if (path->count == 0 || strcmp(path->parts[0], "tool") != 0)
    return -1;
  if (path->count == 1)
    return -2;
  return strcmp(path->parts[1], "modal-lint") == 0 ? 2 : -1;
}

static int find_key(const char *name) {
  for (int k = 0; k < KEY_COUNT; k++)
    if (strcmp(key_names[k], name) == 0)
      return k;
  return -1;
}

static int unknown_key(parse_state *st, uint32_t line, const char *name) {
  return fail(st, line, name,
              "unknown key (expected one of select, extend-select, ignore, per-file-ignores, "
              "exclude, extend-exclude, target-version, unsafe-fixes, output-format, "
              "max-file-size)");
}

static const char *expected_of(int key) {
  switch (key) {
  case KEY_SELECT:
  case KEY_EXTEND_SELECT:
  case KEY_IGNORE:
    return "an array of rule codes or names";
  case KEY_PER_FILE_IGNORES:
    return "a table of glob = [rule codes or names]";
  case KEY_EXCLUDE:
  case KEY_EXTEND_EXCLUDE:
    return "an array of glob strings";
  case KEY_TARGET_VERSION:
    return "a Modal version string such as \"1.0\" or \"1.0.2\"";
  case KEY_UNSAFE_FIXES:
    return "true or false";
  case KEY_MAX_FILE_SIZE:
    return "a number of bytes, or a string such as \"8MiB\"";
  default:
    return "a format name string";
  }
}

/* Reads a string value, or fails naming what `key` expects. */
static int string_value(parse_state *st, TSNode value, const char *key, const char *expected,
                        char **out) {
  if (strcmp(ts_node_type(value), "string") != 0)
    return fail(st, line_of(value), key, "expected %s, found %s", expected, value_name(value));
  int err = decode_string(st->bytes, value, out);
  if (err == ML_EINVAL)
    return fail(st, line_of(value), key, "invalid escape sequence in a string");
  return err;
}

static int rule_list(parse_state *st, TSNode value, const char *key, ml_rule_set *set) {
  const char *expected = "an array of rule codes or names";
  if (strcmp(ts_node_type(value), "array") != 0)
    return fail(st, line_of(value), key, "expected %s, found %s", expected, value_name(value));
  ml_rule_set_clear(set);
  uint32_t count = ts_node_named_child_count(value);
  for (uint32_t i = 0; i < count; i++) {
    TSNode item = ts_node_named_child(value, i);
    if (strcmp(ts_node_type(item), "comment") == 0)
      continue;
    char *selector;
    int err = string_value(st, item, key, "rule codes or names (strings) in the array", &selector);
    if (err != ML_OK)
      return err;
    if (ml_rule_set_apply(set, selector, true) != ML_OK) {
      err = fail(st, line_of(item), key,
                 "unknown rule selector '%.100s' (expected a code like MDL112, a prefix like "
                 "MDL1, a rule name, or ALL)",
                 selector);
      free(selector);
      return err;
    }
    free(selector);
  }
  return ML_OK;
}

static int glob_list(parse_state *st, TSNode value, const char *key, char ***out, size_t *count) {
  const char *expected = "an array of glob strings";
  if (strcmp(ts_node_type(value), "array") != 0)
    return fail(st, line_of(value), key, "expected %s, found %s", expected, value_name(value));
  uint32_t n = ts_node_named_child_count(value);
  char **globs = calloc(n + 1, sizeof *globs);
  if (globs == NULL)
    return ML_ENOMEM;
  /* Owned by the config from here on, so a failure part-way frees through ml_config_free. */
  *out = globs;
  *count = 0;
  for (uint32_t i = 0; i < n; i++) {
    TSNode item = ts_node_named_child(value, i);
    if (strcmp(ts_node_type(item), "comment") == 0)
      continue;
    char *glob;
    int err = string_value(st, item, key, "glob strings in the array", &glob);
    if (err != ML_OK)
      return err;
    globs[(*count)++] = glob;
    if (glob[0] == '\0')
      return fail(st, line_of(item), key, "expected a glob, found an empty string");
  }
  return ML_OK;
}

static int add_file_ignore(parse_state *st, const char *glob, TSNode value, uint32_t key_line) {
  ml_config *config = st->config;
  for (size_t i = 0; i < config->per_file_ignore_count; i++)
    if (strcmp(config->per_file_ignores[i].glob, glob) == 0)
      return fail(st, key_line, "per-file-ignores", "duplicate glob '%.100s'", glob);
  if (glob[0] == '\0')
    return fail(st, key_line, "per-file-ignores", "expected a glob, found an empty string");
  ml_rule_set rules;
  int err = rule_list(st, value, "per-file-ignores", &rules);
  if (err != ML_OK)
    return err;
  size_t n = config->per_file_ignore_count;
  ml_config_file_ignore *grown = realloc(config->per_file_ignores, (n + 1) * sizeof *grown);
  if (grown == NULL)
    return ML_ENOMEM;
  config->per_file_ignores = grown;
  grown[n].glob = strdup(glob);
  if (grown[n].glob == NULL)
    return ML_ENOMEM;
  grown[n].rules = rules;
  config->per_file_ignore_count = n + 1;
  return ML_OK;
}

static int mark_seen(parse_state *st, int key, uint32_t line) {
  if (st->seen[key])
    return fail(st, line, key_names[key], "duplicate key (TOML allows a key once per table)");
  st->seen[key] = true;
  return ML_OK;
}

/* One of our keys with its value: `rel` are the components below modal-lint's table. */
static int handle_key(parse_state *st, char *const *rel, size_t count, TSNode value,
                      uint32_t key_line) {
  int key = find_key(rel[0]);
  if (key < 0)
    return unknown_key(st, key_line, rel[0]);
  const char *name = key_names[key];
  ml_config *config = st->config;
  if (key == KEY_PER_FILE_IGNORES && count == 2)
    return add_file_ignore(st, rel[1], value, key_line);
  if (count > 1)
    return fail(st, key_line, name, "expected %s, found a table", expected_of(key));
  int err = mark_seen(st, key, key_line);
  if (err != ML_OK)
    return err;
  switch (key) {
  case KEY_SELECT:
    config->has_select = true;
    return rule_list(st, value, name, &config->select);
  case KEY_EXTEND_SELECT:
    config->has_extend_select = true;
    return rule_list(st, value, name, &config->extend_select);
  case KEY_IGNORE:
    config->has_ignore = true;
    return rule_list(st, value, name, &config->ignore);
  case KEY_PER_FILE_IGNORES:
    /* A table written inline; entries of a [..per-file-ignores] header arrive with count 2. */
    if (strcmp(ts_node_type(value), "inline_table") != 0)
      return fail(st, line_of(value), name, "expected %s, found %s", expected_of(key),
                  value_name(value));
    return ML_OK; /* the caller walks its pairs */
  case KEY_EXCLUDE:
    config->has_exclude = true;
    return glob_list(st, value, name, &config->exclude, &config->exclude_count);
  case KEY_EXTEND_EXCLUDE:
    return glob_list(st, value, name, &config->extend_exclude, &config->extend_exclude_count);
  case KEY_TARGET_VERSION: {
    char *text;
    err = string_value(st, value, name, expected_of(key), &text);
    if (err != ML_OK)
      return err;
    if (ml_version_parse(text, &config->target_version) != ML_OK)
      err = fail(st, line_of(value), name, "expected %s, found \"%.60s\"", expected_of(key), text);
    config->has_target_version = true;
    free(text);
    return err;
  }
  case KEY_UNSAFE_FIXES: {
    if (strcmp(ts_node_type(value), "boolean") != 0)
      return fail(st, line_of(value), name, "expected %s, found %s", expected_of(key),
                  value_name(value));
    config->has_unsafe_fixes = true;
    config->unsafe_fixes = st->bytes[ts_node_start_byte(value)] == 't';
    return ML_OK;
  }
  case KEY_MAX_FILE_SIZE: {
    /* Kept as written (an integer's text without TOML's digit separators, a string's text) for
     * the front end, which parses `--max-file-size` the same way and owns the limit. */
    config->max_file_size_line = line_of(value);
    if (strcmp(ts_node_type(value), "integer") == 0) {
      const char *digits = st->bytes + ts_node_start_byte(value);
      size_t n = ts_node_end_byte(value) - ts_node_start_byte(value), kept = 0;
      config->max_file_size = ml__strndup(digits, n);
      if (config->max_file_size == NULL)
        return ML_ENOMEM;
      for (size_t i = 0; i < n; i++)
        if (digits[i] != '_')
          config->max_file_size[kept++] = digits[i];
      config->max_file_size[kept] = '\0';
      return ML_OK;
    }
    return string_value(st, value, name, expected_of(key), &config->max_file_size);
  }
  default:
    config->output_format_line = line_of(value);
    return string_value(st, value, name, expected_of(key), &config->output_format);
  }
}

static int handle_pairs(parse_state *st, TSNode parent, key_path *prefix);

/* A pair at full path `path` (already holding its key's components). */
static int handle_path(parse_state *st, key_path *path, TSNode value, uint32_t key_line) {
  int depth = table_depth(st, path);
  bool inline_table = strcmp(ts_node_type(value), "inline_table") == 0;
  if (depth == -1)
    return ML_OK;
  if (depth == -2) /* tool = { ... }: look inside for modal-lint */
    return inline_table ? handle_pairs(st, value, path) : ML_OK;
  size_t rel = path->count - (size_t)depth;
  if (rel == 0) { /* tool.modal-lint = { ... } */
    st->found = true;
    if (!inline_table)
      return fail(st, line_of(value), "tool.modal-lint", "expected a table, found %s",
                  value_name(value));
    return handle_pairs(st, value, path);
  }
  st->found = true;
  if (rel == 1 && inline_table && find_key(path->parts[depth]) != KEY_PER_FILE_IGNORES &&
      find_key(path->parts[depth]) >= 0) {
    int key = find_key(path->parts[depth]);
    return fail(st, line_of(value), key_names[key], "expected %s, found a table",
                expected_of(key));
  }
  int err = handle_key(st, path->parts + depth, rel, value, key_line);
  if (err == ML_OK && rel == 1 && inline_table)
    err = handle_pairs(st, value, path);
  return err;
}

/* Every pair among the children of `parent` (the document, a table, an inline table), each under
 * `prefix`. */
static int handle_pairs(parse_state *st, TSNode parent, key_path *prefix) {
  uint32_t count = ts_node_named_child_count(parent);
  for (uint32_t i = 0; i < count; i++) {
    TSNode pair = ts_node_named_child(parent, i);
    if (strcmp(ts_node_type(pair), "pair") != 0)
      continue;
    size_t base = prefix->count;
    int err = collect_key(st, key_child(pair), prefix);
    if (err == ML_OK)
      err = handle_path(st, prefix, value_child(pair), line_of(pair));
    while (prefix->count > base)
      free(prefix->parts[--prefix->count]);
    if (err != ML_OK)
      return err;
  }
  return ML_OK;
}

/* A [table] header: marks the configuration found, rejects tables where a key wants a value, then
 * reads the pairs under it. */
static int handle_table(parse_state *st, TSNode table) {
  key_path path = {{0}, 0};
  int err = collect_key(st, key_child(table), &path);
  int depth = err == ML_OK ? table_depth(st, &path) : -1;
  bool array = strcmp(ts_node_type(table), "table_array_element") == 0;
  if (err == ML_OK && depth >= 0) {
    size_t rel = path.count - (size_t)depth;
    const char *name = rel == 0 ? "tool.modal-lint" : path.parts[depth];
    int key = rel == 0 ? -1 : find_key(name);
    st->found = true;
    if (array)
      err = fail(st, line_of(table), name, "expected %s, found an array of tables",
                 key >= 0 ? expected_of(key) : "a table");
    else if (rel > 0 && key < 0)
      err = unknown_key(st, line_of(table), name);
    else if (rel > 0 && (key != KEY_PER_FILE_IGNORES || rel > 1))
      err = fail(st, line_of(table), name, "expected %s, found a table", expected_of(key));
    else if (rel > 0)
      err = mark_seen(st, key, line_of(table));
    else if (st->table_header_seen)
      err = fail(st, line_of(table), name, "duplicate table (TOML allows a table once)");
    else
      st->table_header_seen = true;
  }
  /* Pairs under [tool.other] cannot reach modal-lint's table; [tool] and ours can. */
  if (err == ML_OK && !array && depth != -1)
    err = handle_pairs(st, table, &path);
  path_free(&path);
  return err;
}

/* The first ERROR or MISSING node in document order, found without recursion (arrays may nest
 * deeply). */
static TSNode first_error(TSNode root) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  TSNode found = root;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    if (strcmp(ts_node_type(node), "ERROR") == 0 || ts_node_is_missing(node)) {
      found = node;
      break;
    }
    if (ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&cursor))
      continue;
    bool moved = false;
    while (!(moved = ts_tree_cursor_goto_next_sibling(&cursor)))
      if (!ts_tree_cursor_goto_parent(&cursor))
        break;
    if (!moved)
      break;
  }
  ts_tree_cursor_delete(&cursor);
  return found;
}

static int parse_document(parse_state *st, TSNode root) {
  if (ts_node_has_error(root)) {
    TSNode bad = first_error(root);
    if (ts_node_is_missing(bad))
      return fail(st, line_of(bad), "", "invalid TOML: missing '%s'", ts_node_type(bad));
    return fail(st, line_of(bad), "", "invalid TOML syntax");
  }
  key_path top = {{0}, 0};
  int err = handle_pairs(st, root, &top);
  uint32_t count = ts_node_named_child_count(root);
  for (uint32_t i = 0; i < count && err == ML_OK; i++) {
    TSNode child = ts_node_named_child(root, i);
    const char *type = ts_node_type(child);
    if (strcmp(type, "table") == 0 || strcmp(type, "table_array_element") == 0)
      err = handle_table(st, child);
  }
  return err;
}

/* Arrays and inline tables nested deeper than this are refused before parsing. No configuration
 * nests more than a few levels; an unclosed run of 65,532 `[` would make tree-sitter 0.20.7's
 * error recovery build a node with more children than it counts (16 bits) and free a wrong
 * pointer. The executables link a runtime patched for that
 * (subprojects/packagefiles/tree-sitter-runtime/0002-*.patch); the installed libmodallint.so
 * links the system's, so the library protects itself, with the same limit as Python code. */
enum { MAX_NESTING = 5000 };

/* tree-sitter's error recovery takes time quadratic in a run of errors (parse.h): 16 KB of a
 * broken table header take 1.4 s, 180 KB six minutes (found by test/fuzz/fuzz_config.c). Only
 * invalid TOML recovers, and a valid configuration parses in milliseconds, so the parse has the
 * Python parse's bound (parse.h): a file past it is reported invalid instead of holding up the
 * run, which changes which message an invalid file gets, not whether a file is accepted. */

/* The 1-based line where `[` and `{` first nest more than MAX_NESTING deep outside strings and
 * comments, or 0. TOML strings do not span lines except the triple-quoted ones; only basic
 * strings (double quotes) have escapes. */
static uint32_t nesting_line(const char *bytes, uint32_t length) {
  uint32_t depth = 0, line = 1;
  for (size_t i = 0; i < length; i++) { /* size_t: `i` may step past a last byte of UINT32_MAX */
    char c = bytes[i];
    if (c == '\n') {
      line++;
    } else if (c == '#') {
      while (i + 1 < length && bytes[i + 1] != '\n')
        i++;
    } else if (c == '"' || c == '\'') {
      bool triple = i + 2 < length && bytes[i + 1] == c && bytes[i + 2] == c;
      i += triple ? 3 : 1;
      for (; i < length; i++) {
        if (bytes[i] == '\n') {
          line++;
          if (!triple)
            break; /* unterminated: invalid TOML, which the parser reports */
        } else if (bytes[i] == '\\' && c == '"') {
          if (i + 1 < length && bytes[i + 1] == '\n')
            line++;
          i++;
        } else if (bytes[i] == c &&
                   (!triple || (i + 2 < length && bytes[i + 1] == c && bytes[i + 2] == c))) {
          i += triple ? 2 : 0;
          break;
        }
      }
    } else if (c == '[' || c == '{') {
      if (++depth > MAX_NESTING)
        return line;
    } else if ((c == ']' || c == '}') && depth > 0) {
      depth--;
    }
  }
  return 0;
}

void ml_config_free(ml_config *config) {
  for (size_t i = 0; i < config->per_file_ignore_count; i++)
    free(config->per_file_ignores[i].glob);
  free(config->per_file_ignores);
  for (size_t i = 0; config->exclude && config->exclude[i]; i++)
    free(config->exclude[i]);
  free(config->exclude);
  for (size_t i = 0; config->extend_exclude && config->extend_exclude[i]; i++)
    free(config->extend_exclude[i]);
  free(config->extend_exclude);
  free(config->output_format);
  free(config->max_file_size);
  memset(config, 0, sizeof *config);
}

int ml_config_parse(const char *bytes, size_t length, ml_config_format format, ml_config *out,
                    bool *found, ml_config_error *error) {
  memset(out, 0, sizeof *out);
  memset(error, 0, sizeof *error);
  *found = false;
  if (length > UINT32_MAX)
    return ML_ETOOBIG;
  if (memchr(bytes, '\0', length) != NULL) {
    const char *nul = memchr(bytes, '\0', length);
    uint32_t line = 1;
    for (const char *p = bytes; p < nul; p++)
      line += *p == '\n';
    error->line = line;
    snprintf(error->message, sizeof error->message, "invalid TOML: a NUL byte");
    return ML_EINVAL;
  }
  uint32_t deep_line = nesting_line(bytes, (uint32_t)length);
  if (deep_line != 0) {
    error->line = deep_line;
    snprintf(error->message, sizeof error->message,
             "arrays and inline tables nested more than %d levels deep", MAX_NESTING);
    return ML_EINVAL;
  }
  TSParser *parser = ts_parser_new();
  if (parser == NULL || !ts_parser_set_language(parser, tree_sitter_toml())) {
    ts_parser_delete(parser);
    return ML_ENOMEM;
  }
  ml__parser_bound(parser, length);
  TSTree *tree = ts_parser_parse_string(parser, NULL, bytes, (uint32_t)length);
  ts_parser_delete(parser);
  if (tree == NULL) {
    snprintf(error->message, sizeof error->message,
             "invalid TOML: too costly to parse (its syntax errors kept the parser's error "
             "recovery busy past its bound)");
    return ML_EINVAL;
  }
  parse_state st;
  memset(&st, 0, sizeof st);
  st.bytes = bytes;
  st.format = format;
  st.config = out;
  st.error = error;
  int err = parse_document(&st, ts_tree_root_node(tree));
  ts_tree_delete(tree);
  if (err != ML_OK) {
    ml_config_free(out);
    return err;
  }
  *found = format == ML_CONFIG_STANDALONE || st.found;
  return ML_OK;
}

void ml_config_apply(const ml_config *config, ml_options *options) {
  if (config->has_select)
    options->rules = config->select;
  for (size_t w = 0; w < ML_MAX_RULES / 64; w++) {
    if (config->has_extend_select)
      options->rules.bits[w] |= config->extend_select.bits[w];
    if (config->has_ignore)
      options->rules.bits[w] &= ~config->ignore.bits[w];
  }
  if (config->has_target_version)
    options->target = config->target_version;
}

void ml_config_apply_file(const ml_config *config, const char *path, ml_options *options) {
  for (size_t i = 0; i < config->per_file_ignore_count; i++) {
    const ml_config_file_ignore *entry = &config->per_file_ignores[i];
    if (!ml_glob_match_file(entry->glob, path))
      continue;
    for (size_t w = 0; w < ML_MAX_RULES / 64; w++)
      options->rules.bits[w] &= ~entry->rules.bits[w];
  }
}

bool ml_config_excludes(const ml_config *config, const char *path, bool is_dir,
                        const char *const *default_excludes, size_t default_count) {
  if (config != NULL && config->has_exclude) {
    for (size_t i = 0; i < config->exclude_count; i++)
      if (ml_glob_match(config->exclude[i], path, is_dir))
        return true;
  } else {
    for (size_t i = 0; i < default_count; i++)
      if (ml_glob_match(default_excludes[i], path, is_dir))
        return true;
  }
  for (size_t i = 0; config != NULL && i < config->extend_exclude_count; i++)
    if (ml_glob_match(config->extend_exclude[i], path, is_dir))
      return true;
  return false;
}

void ml_config_options_for(const ml_config *config, const char *path, ml_options *options) {
  ml_options_init(options);
  if (config == NULL)
    return;
  ml_config_apply(config, options);
  if (path != NULL)
    ml_config_apply_file(config, path, options);
}
