/* Parsing Python source into a tree-sitter tree: see parse.h. */
#include "parse.h"

#include <string.h>

#include "modallint/error.h"

/* Python reads a lone "\r" as a line break and refuses NUL bytes; tree-sitter-python sees the
 * first as plain whitespace (a file with old Mac line ends would be one long line) and stops a
 * string at the second, losing the rest of the file. The parser therefore reads such text through
 * this view, where a lone "\r" reads as "\n" and a NUL as a space: the same length, so every node
 * offset still points into the caller's bytes, which rules and fixes use unchanged. */
typedef struct clean_input {
  const char *bytes;
  uint32_t length;
  char chunk[4096];
} clean_input;

static bool is_lone_cr(const char *bytes, uint32_t length, uint32_t at) {
  return bytes[at] == '\r' && (at + 1 >= length || bytes[at + 1] != '\n');
}

static bool needs_clean_view(const char *bytes, uint32_t length) {
  if (memchr(bytes, '\0', length)) return true;
  for (const char *p = bytes; (p = memchr(p, '\r', length - (uint32_t)(p - bytes))) != NULL; p++)
    if (is_lone_cr(bytes, length, (uint32_t)(p - bytes))) return true;
  return false;
}

static const char *read_clean(void *payload, uint32_t byte, TSPoint point, uint32_t *bytes_read) {
  (void)point;
  clean_input *in = payload;
  if (byte >= in->length) {
    *bytes_read = 0;
    return "";
  }
  uint32_t n = in->length - byte;
  if (n > sizeof in->chunk) n = sizeof in->chunk;
  for (uint32_t i = 0; i < n; i++) {
    char c = in->bytes[byte + i];
    if (c == '\0') c = ' ';
    else if (c == '\r' && is_lone_cr(in->bytes, in->length, byte + i)) c = '\n';
    in->chunk[i] = c;
  }
  *bytes_read = n;
  return in->chunk;
}

/* Brackets nested deeper than the walk follows are refused before parsing, by the byte scan below.
 * A valid file nested that deep would be refused by the walk anyway; an unclosed run of them
 * (65,532 `(`, `[` or `f"{`) leaves that many tokens on the parser's stack, which error recovery
 * wraps into one node at the end of the file, and tree-sitter 0.20.7 counts a node's children in
 * 16 bits: it frees a wrong pointer and the process dies (upstream issue #2134). The executables
 * link a patched runtime (subprojects/packagefiles/tree-sitter-runtime/0002-*.patch), but the
 * installed libmodallint.so links the system's, so the library protects itself. CPython refuses
 * more than 200 nested brackets, so no real program is near the limit. */

/* Whether an opening quote at `at` in code starts an f-string: its prefix (at most two letters
 * among r, b, u, f, directly before it and not part of a longer name) has an f. */
static bool is_f_string_start(const unsigned char *b, uint32_t at) {
  uint32_t start = at;
  while (start > 0 && at - start < 3 && b[start - 1] && strchr("rRbBuUfF", b[start - 1]))
    start--;
  if (at - start > 2) return false;
  if (start > 0) {
    unsigned char c = b[start - 1];
    if (c == '_' || c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
      return false; /* `elif"...` or `xf"...`: not a prefix */
  }
  for (uint32_t i = start; i < at; i++)
    if ((b[i] | 0x20) == 'f') return true;
  return false;
}

/* A string being scanned: its quote, whether it is triple-quoted and whether it is an f-string
 * (whose `{` opens code), packed in a byte so that a level of nesting can remember the string an
 * interpolation returns to. 0 is code. */
enum { STRING_TRIPLE = 1, STRING_F = 2, STRING_DOUBLE = 4, STRING_SINGLE = 8 };

/* Whether brackets (and f-string interpolations) nest more than `limit` levels deep at some point
 * of `b[0..length)`, outside comments and string literals. Over-approximates on text Python would
 * reject (an unclosed string ends at its line, a stray closing bracket closes the innermost
 * level), never under-approximates on an unclosed run. Linear, no allocation: `levels` holds, per
 * open level, the string an f-string interpolation returns to (0 for a plain bracket). */
static bool nests_deeper_than(const char *bytes, uint32_t length, uint32_t limit) {
  const unsigned char *b = (const unsigned char *)bytes;
  unsigned char levels[ML__MAX_TREE_DEPTH + 1];
  uint32_t depth = 0;
  unsigned char string = 0;
  if (limit > ML__MAX_TREE_DEPTH) limit = ML__MAX_TREE_DEPTH;
  for (size_t i = 0; i < length; i++) { /* size_t: `i` may step past a last byte of UINT32_MAX */
    unsigned char c = b[i];
    if (string) {
      unsigned char quote = string & STRING_DOUBLE ? '"' : '\'';
      bool triple = string & STRING_TRIPLE;
      if (c == '\\') {
        i++; /* an escaped quote, brace or line break does not end anything */
      } else if (c == '\n' && !triple) {
        string = 0; /* unterminated: Python stops at the line, and so does this scan */
      } else if (c == quote && (!triple || (i + 2 < length && b[i + 1] == quote && b[i + 2] == quote))) {
        if (triple) i += 2;
        string = 0;
      } else if (c == '{' && (string & STRING_F)) {
        if (i + 1 < length && b[i + 1] == '{') {
          i++; /* `{{` is a literal brace */
        } else {
          if (depth == limit) return true;
          levels[depth++] = string;
          string = 0;
        }
      }
      continue;
    }
    switch (c) {
      case '#': {
        const void *end = memchr(b + i, '\n', length - i);
        i = end ? (size_t)((const unsigned char *)end - b) : length;
        break;
      }
      case '"':
      case '\'': {
        string = c == '"' ? STRING_DOUBLE : STRING_SINGLE;
        if (is_f_string_start(b, (uint32_t)i)) string |= STRING_F;
        if (i + 2 < length && b[i + 1] == c && b[i + 2] == c) {
          string |= STRING_TRIPLE;
          i += 2;
        }
        break;
      }
      case '(':
      case '[':
      case '{':
        if (depth == limit) return true;
        levels[depth++] = 0;
        break;
      case ')':
      case ']':
      case '}':
        if (depth > 0) string = levels[--depth]; /* back in the f-string this `}` ends */
        break;
      default:
        break;
    }
  }
  return false;
}

uint64_t ml__parse_budget_micros(size_t length) { return 2000000u + 100u * (uint64_t)length; }

/* The runtime the executables and tests link is patched to count its error recovery
 * (subprojects/packagefiles/tree-sitter-runtime/0003-*); the system runtime, which the installed
 * libmodallint.so links, lacks the function, so it is declared weak: NULL there. */
extern void ts_parser_set_recovery_limit(TSParser *self, uint64_t limit) __attribute__((weak));

void ml__parser_bound(TSParser *parser, size_t length) {
  if (ts_parser_set_recovery_limit != NULL) {
    ts_parser_set_recovery_limit(parser, 1000000u + 100u * (uint64_t)length);
    ts_parser_set_timeout_micros(parser, 0);
  } else {
    ts_parser_set_timeout_micros(parser, ml__parse_budget_micros(length));
  }
}

/* A parser that reads Python, without time budget or ranges yet (ml__parse sets both per call). */
int ml__parser_new(const ml__syntax *syntax, TSParser **out) {
  TSParser *parser = ts_parser_new();
  if (!parser) return ML_ENOMEM;
  if (!ts_parser_set_language(parser, syntax->language)) {
    ts_parser_delete(parser);
    return ML_ENOMEM;
  }
  *out = parser;
  return ML_OK;
}

int ml__parse(TSParser *parser, const TSTree *old_tree, const char *bytes, uint32_t length,
              TSTree **out) {
  if (nests_deeper_than(bytes, length, ML__MAX_TREE_DEPTH)) return ML_ETOODEEP;
  ml__parser_bound(parser, length);
  bool bom = length >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0;
  if (bom) {
    TSRange range = {{0, 3}, {UINT32_MAX, UINT32_MAX}, 3, UINT32_MAX};
    ts_parser_set_included_ranges(parser, &range, 1);
  } else {
    ts_parser_set_included_ranges(parser, NULL, 0);
  }
  TSTree *tree;
  if (needs_clean_view(bytes, length)) {
    clean_input in = {bytes, length, {0}};
    TSInput input = {&in, read_clean, TSInputEncodingUTF8};
    tree = ts_parser_parse(parser, old_tree, input);
  } else {
    tree = ts_parser_parse_string(parser, old_tree, bytes, length);
  }
  ts_parser_reset(parser);
  if (!tree) return ML_EPARSE;
  *out = tree;
  return ML_OK;
}
