#include "pystring.h"

#include <string.h>

/* The escapes whose meaning needs no table; \x, \u, \N{...} and octal are refused rather than
 * decoded, because a rule that misreads a value would build a wrong "safe" fix. */
static bool simple_escape(char c, char *decoded) {
  switch (c) {
    case '\\': *decoded = '\\'; return true;
    case '\'': *decoded = '\''; return true;
    case '"': *decoded = '"'; return true;
    case 'n': *decoded = '\n'; return true;
    case 't': *decoded = '\t'; return true;
    case 'r': *decoded = '\r'; return true;
    case 'a': *decoded = '\a'; return true;
    case 'b': *decoded = '\b'; return true;
    case 'f': *decoded = '\f'; return true;
    case 'v': *decoded = '\v'; return true;
    default: return false;
  }
}

/* Reads the prefix and quotes of `text`. Only "", r and u (any case) are plain: b is bytes, f and t
 * interpolate. */
static bool split_literal(const char *text, size_t length, bool *raw, size_t *content_start,
                          size_t *content_end) {
  size_t p = 0;
  *raw = false;
  while (p < length && p < 2 && text[p] != '\'' && text[p] != '"') {
    char c = text[p];
    if (c == 'r' || c == 'R') *raw = true;
    else if (c != 'u' && c != 'U') return false;
    p++;
  }
  if (p >= length || (text[p] != '\'' && text[p] != '"')) return false;
  char quote = text[p];
  size_t quotes = length - p >= 6 && text[p + 1] == quote && text[p + 2] == quote ? 3 : 1;
  if (length - p < 2 * quotes) return false;
  for (size_t i = 0; i < quotes; i++)
    if (text[length - 1 - i] != quote) return false; /* unterminated: the tree has an error */
  *content_start = p + quotes;
  *content_end = length - quotes;
  return true;
}

bool ml__pystring_value(const ml__syntax *syntax, const char *bytes, TSNode node, char *buffer,
                        size_t size, size_t *length) {
  if (ts_node_is_null(node) || ml__kind_of(syntax, node) != ML_KIND_STRING ||
      ts_node_has_error(node) || size == 0)
    return false;
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  const char *text = bytes + start;
  bool raw;
  size_t from, to;
  if (!split_literal(text, end - start, &raw, &from, &to)) return false;
  size_t used = 0;
  for (size_t i = from; i < to; i++) {
    char c = text[i];
    if (c == '\0') return false;
    if (c == '\\' && !raw) {
      if (i + 1 >= to) return false;
      char next = text[++i];
      if (next == '\n') continue; /* a backslash-newline joins lines and adds nothing */
      if (next == '\r') {
        if (i + 1 < to && text[i + 1] == '\n') i++;
        continue;
      }
      if (!simple_escape(next, &c)) return false;
    }
    if (used + 1 >= size) return false;
    buffer[used++] = c;
  }
  buffer[used] = '\0';
  *length = used;
  return true;
}

char ml__pystring_quote_char(const ml__syntax *syntax, const char *bytes, TSNode node) {
  if (ts_node_is_null(node) || ml__kind_of(syntax, node) != ML_KIND_STRING) return '"';
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  for (uint32_t i = start; i < end && i < start + 3; i++)
    if (bytes[i] == '\'' || bytes[i] == '"') return bytes[i];
  return '"';
}

bool ml__pystring_write(const char *value, size_t length, char quote, char *buffer, size_t size) {
  size_t used = 0;
  if (size < 3) return false;
  buffer[used++] = quote;
  for (size_t i = 0; i < length; i++) {
    unsigned char c = (unsigned char)value[i];
    if (c < 0x20 || c == 0x7f) return false;
    bool escape = c == '\\' || c == (unsigned char)quote;
    if (used + (escape ? 2 : 1) + 2 > size) return false;
    if (escape) buffer[used++] = '\\';
    buffer[used++] = (char)c;
  }
  buffer[used++] = quote;
  buffer[used] = '\0';
  return true;
}
