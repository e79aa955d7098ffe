#include "modallint/pins.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "modallint/error.h"

/* A line of the file: [start, end), without its newline. */
typedef struct line {
  const char *start;
  const char *end;
} line;

static bool next_line(const char **cursor, const char *end, line *out) {
  if (*cursor >= end) return false;
  const char *p = *cursor;
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  const char *stop = nl ? nl : end;
  out->start = p;
  out->end = stop > p && stop[-1] == '\r' ? stop - 1 : stop;
  *cursor = nl ? nl + 1 : end;
  return true;
}

static const char *skip_space(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  return p;
}

static const char *trim_end(const char *start, const char *end) {
  while (end > start && isspace((unsigned char)end[-1])) end--;
  return end;
}

static bool starts_with(const char *p, const char *end, const char *text) {
  size_t n = strlen(text);
  return (size_t)(end - p) >= n && memcmp(p, text, n) == 0;
}

/* A PEP 503 normalised comparison of a distribution name with "modal": case and the separators
 * `-`, `_`, `.` do not matter, and "modal" has none of them. */
static bool is_modal_name(const char *start, const char *end) {
  static const char name[] = "modal";
  if (end - start != 5) return false;
  for (int i = 0; i < 5; i++)
    if (tolower((unsigned char)start[i]) != name[i]) return false;
  return true;
}

/* How exact a kind is; a lower rank wins. */
static int kind_rank(ml_pin_kind kind) { return (int)kind; }

/* Keeps `candidate` in *best when it is more exact. */
static void consider(ml_pin *best, bool *found, const ml_pin *candidate) {
  if (!*found || kind_rank(candidate->kind) < kind_rank(best->kind)) {
    *best = *candidate;
    *found = true;
  }
}

/* Reads a version ("0.73.2", "1.0", "0.73.*" read as 0.73) at [p, end) into `pin`. */
static bool read_version(const char *p, const char *end, ml_pin_kind kind, ml_pin *pin) {
  p = skip_space(p, end);
  const char *start = p;
  while (p < end && (isdigit((unsigned char)*p) || *p == '.')) p++;
  const char *stop = p;
  while (stop > start && stop[-1] == '.') stop--; /* "0.73.*" */
  size_t n = (size_t)(stop - start);
  if (n == 0 || n >= sizeof pin->text) return false;
  /* Anything after the digits must end the version: a pre-release tag (`1.0rc1`) or a local
   * label is not a version this catalogue compares, but its release part still is. */
  memcpy(pin->text, start, n);
  pin->text[n] = '\0';
  if (ml_version_parse(pin->text, &pin->version) != ML_OK) {
    /* "1" alone: give it a minor. */
    if (strchr(pin->text, '.') || n + 2 >= sizeof pin->text) return false;
    strcat(pin->text, ".0");
    if (ml_version_parse(pin->text, &pin->version) != ML_OK) return false;
  }
  pin->kind = kind;
  return true;
}

/* The specifiers of a PEP 508 requirement after the name and extras: `==1.0`, `>=0.73,<1.0`,
 * `(>=0.73)`. Markers after `;` are ignored. */
static bool read_specifiers(const char *p, const char *end, ml_pin *out) {
  const char *semicolon = memchr(p, ';', (size_t)(end - p));
  if (semicolon) end = semicolon;
  bool found = false;
  while (p < end) {
    p = skip_space(p, end);
    if (p < end && (*p == '(' || *p == ')' || *p == ',')) {
      p++;
      continue;
    }
    if (p >= end) break;
    const char *comma = memchr(p, ',', (size_t)(end - p));
    const char *stop = comma ? comma : end;
    ml_pin pin;
    bool ok = false;
    if (starts_with(p, stop, "==="))
      ok = read_version(p + 3, stop, ML_PIN_EXACT, &pin);
    else if (starts_with(p, stop, "=="))
      ok = read_version(p + 2, stop, ML_PIN_EXACT, &pin);
    else if (starts_with(p, stop, "~="))
      ok = read_version(p + 2, stop, ML_PIN_COMPATIBLE, &pin);
    else if (starts_with(p, stop, ">="))
      ok = read_version(p + 2, stop, ML_PIN_MINIMUM, &pin);
    else if (starts_with(p, stop, ">") && !starts_with(p, stop, ">="))
      ok = read_version(p + 1, stop, ML_PIN_MINIMUM, &pin);
    /* `<`, `<=`, `!=` say nothing about where the project is. */
    if (ok) consider(out, &found, &pin);
    p = stop;
  }
  return found;
}

/* A PEP 508 requirement string: `modal[extra] >= 0.73 ; python_version > "3.9"`. */
static bool read_requirement(const char *p, const char *end, ml_pin *out) {
  p = skip_space(p, end);
  const char *name = p;
  while (p < end && (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.')) p++;
  if (!is_modal_name(name, p)) return false;
  p = skip_space(p, end);
  if (p < end && *p == '[') {
    const char *close = memchr(p, ']', (size_t)(end - p));
    if (!close) return false;
    p = close + 1;
  }
  p = skip_space(p, end);
  if (p < end && *p == '@') return false; /* a URL: no version */
  return read_specifiers(p, end, out);
}

static bool read_requirements(const char *bytes, size_t length, ml_pin *out) {
  const char *cursor = bytes, *end = bytes + length;
  line l;
  bool found = false;
  while (next_line(&cursor, end, &l)) {
    const char *p = skip_space(l.start, l.end);
    if (p >= l.end || *p == '#' || *p == '-') continue; /* comments, -r, -e, --index-url */
    /* A comment starts at a `#` after white space. */
    const char *stop = p;
    while (stop < l.end && !(*stop == '#' && stop > p && isspace((unsigned char)stop[-1]))) stop++;
    stop = trim_end(p, stop);
    if (stop > p && stop[-1] == '\\') stop--; /* a continuation: the rest is options */
    ml_pin pin;
    if (read_requirement(p, stop, &pin)) consider(out, &found, &pin);
  }
  return found;
}

/* Poetry's constraint syntax: "^0.73.0", "~0.73", ">=0.73,<1.0", "0.73.2", "==0.73.2", "*". */
static bool read_poetry_constraint(const char *p, const char *end, ml_pin *out) {
  p = skip_space(p, end);
  if (starts_with(p, end, "^")) return read_version(p + 1, end, ML_PIN_COMPATIBLE, out);
  if (starts_with(p, end, "~=")) return read_version(p + 2, end, ML_PIN_COMPATIBLE, out);
  if (starts_with(p, end, "~")) return read_version(p + 1, end, ML_PIN_COMPATIBLE, out);
  if (p < end && isdigit((unsigned char)*p)) {
    const char *q = p;
    while (q < end && (isdigit((unsigned char)*q) || *q == '.')) q++;
    if (q == end || *q == ',' || *q == ' ') return read_version(p, q, ML_PIN_EXACT, out);
    if (*q == '*') return read_version(p, q, ML_PIN_MINIMUM, out);
    return false;
  }
  return read_specifiers(p, end, out);
}

/* The contents of the TOML basic or literal string starting at `p` (at its quote); sets *after
 * to the byte after the closing quote. Escapes are kept as written: requirement strings hold
 * none that matter. */
static bool toml_string(const char *p, const char *end, const char **start, const char **stop,
                        const char **after) {
  if (p >= end || (*p != '"' && *p != '\'')) return false;
  char quote = *p++;
  *start = p;
  while (p < end && *p != quote) {
    if (quote == '"' && *p == '\\' && p + 1 < end) p++;
    p++;
  }
  if (p >= end) return false;
  *stop = p;
  *after = p + 1;
  return true;
}

/* `[tool.poetry.dependencies]` or `[tool.poetry.group.NAME.dependencies]` (also the older
 * `[tool.poetry.dev-dependencies]`). */
static bool is_poetry_table(const char *p, const char *end) {
  if (!starts_with(p, end, "[tool.poetry.")) return false;
  const char *close = memchr(p, ']', (size_t)(end - p));
  if (!close) return false;
  static const char suffix[] = "dependencies";
  size_t n = sizeof suffix - 1;
  return (size_t)(close - p) >= n && memcmp(close - n, suffix, n) == 0;
}

/* `modal = "^0.73"` or `modal = { version = "^0.73", extras = [...] }` in a Poetry table. */
static bool read_poetry_line(const char *p, const char *end, ml_pin *out) {
  const char *key = p;
  while (p < end && (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.')) p++;
  const char *key_end = p;
  if (key < end && (*key == '"' || *key == '\'')) {
    const char *after;
    if (!toml_string(key, end, &key, &key_end, &after)) return false;
    p = after;
  }
  if (!is_modal_name(key, key_end)) return false;
  p = skip_space(p, end);
  if (p >= end || *p != '=') return false;
  p = skip_space(p + 1, end);
  const char *start, *stop, *after;
  if (p < end && *p == '{') {
    const char *v = p;
    while (v < end && !starts_with(v, end, "version")) v++;
    if (v >= end) return false;
    v = skip_space(v + 7, end);
    if (v >= end || *v != '=') return false;
    p = skip_space(v + 1, end);
  }
  if (!toml_string(p, end, &start, &stop, &after)) return false;
  return read_poetry_constraint(start, stop, out);
}

static bool read_pyproject(const char *bytes, size_t length, ml_pin *out) {
  const char *cursor = bytes, *end = bytes + length;
  line l;
  bool found = false, poetry = false;
  int depth = 0; /* how deep inside [...] arrays the current line starts */
  while (next_line(&cursor, end, &l)) {
    const char *p = skip_space(l.start, l.end);
    if (depth == 0 && p < l.end && *p == '[') {
      poetry = is_poetry_table(p, l.end);
      continue;
    }
    if (depth == 0 && poetry) {
      ml_pin pin;
      if (read_poetry_line(p, l.end, &pin)) consider(out, &found, &pin);
      continue;
    }
    /* Requirement strings: every string inside an array value. */
    bool in_value = depth > 0;
    while (p < l.end) {
      if (*p == '#') break;
      if (*p == '=' && depth == 0) in_value = true;
      if (*p == '[' && in_value) depth++;
      if (*p == ']' && depth > 0) depth--;
      if (*p == '"' || *p == '\'') {
        const char *start, *stop, *after;
        if (!toml_string(p, l.end, &start, &stop, &after)) break;
        ml_pin pin;
        if (depth > 0 && read_requirement(start, stop, &pin)) consider(out, &found, &pin);
        p = after;
        continue;
      }
      p++;
    }
  }
  return found;
}

/* uv.lock and poetry.lock: `[[package]]` tables with `name = "..."` and `version = "..."`. */
static bool read_lock(const char *bytes, size_t length, ml_pin *out) {
  const char *cursor = bytes, *end = bytes + length;
  line l;
  bool in_package = false, is_modal = false, have_version = false;
  ml_pin pin;
  while (next_line(&cursor, end, &l)) {
    const char *p = skip_space(l.start, l.end);
    if (p < l.end && *p == '[') {
      if (in_package && is_modal && have_version) break;
      in_package = starts_with(p, l.end, "[[package]]");
      is_modal = have_version = false;
      continue;
    }
    if (!in_package) continue;
    bool name = starts_with(p, l.end, "name");
    bool version = starts_with(p, l.end, "version");
    if (!name && !version) continue;
    p = skip_space(p + (name ? 4 : 7), l.end);
    if (p >= l.end || *p != '=') continue;
    const char *start, *stop, *after;
    if (!toml_string(skip_space(p + 1, l.end), l.end, &start, &stop, &after)) continue;
    if (name)
      is_modal = is_modal_name(start, stop);
    else
      have_version = read_version(start, stop, ML_PIN_EXACT, &pin);
  }
  if (!(in_package && is_modal && have_version)) return false;
  *out = pin;
  return true;
}

static bool has_suffix(const char *text, const char *suffix) {
  size_t n = strlen(text), m = strlen(suffix);
  return n >= m && strcmp(text + n - m, suffix) == 0;
}

int ml_pin_file_rank(const char *base_name) {
  if (strcmp(base_name, "uv.lock") == 0 || strcmp(base_name, "poetry.lock") == 0) return 0;
  if (strcmp(base_name, "pyproject.toml") == 0) return 1;
  if (strncmp(base_name, "requirements", 12) == 0 &&
      (has_suffix(base_name, ".txt") || has_suffix(base_name, ".in")))
    return 2;
  return -1;
}

bool ml_pin_file_name(const char *base_name) { return ml_pin_file_rank(base_name) >= 0; }

bool ml_pin_read(const char *base_name, const char *bytes, size_t length, ml_pin *out) {
  switch (ml_pin_file_rank(base_name)) {
    case 0:
      return read_lock(bytes, length, out);
    case 1:
      return read_pyproject(bytes, length, out);
    case 2:
      return read_requirements(bytes, length, out);
    default:
      return false;
  }
}
