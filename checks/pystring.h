/* Reading and writing Python string literals, for rules whose fix depends on a literal's value
 * (is this `remote_path` absolute? is this `size=` "80GB"?).
 *
 * Only the simple, common forms are read: one literal (no implicit concatenation), no f-, b- or
 * t-prefix, and escapes that decode to themselves without tables. Anything else is "not a plain
 * literal", which rules treat like any other non-literal expression: no safe fix. */
#ifndef ML_PYSTRING_H
#define ML_PYSTRING_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "syntax.h"

/* Decodes the string literal `node` into `buffer` (NUL-terminated; the value may itself hold no
 * NUL) and sets *length. Returns false, leaving `buffer` unspecified, when `node` is not a plain
 * literal as described above, holds an escape this reader does not decode (\x, \u, \N, octal,
 * unknown escapes), or does not fit in `size` bytes. */
bool ml__pystring_value(const ml__syntax *syntax, const char *bytes, TSNode node, char *buffer,
                        size_t size, size_t *length);

/* The quote character (' or ") that opens the literal `node`, or '"' when it is not a string. */
char ml__pystring_quote_char(const ml__syntax *syntax, const char *bytes, TSNode node);

/* Writes `value` as a one-line Python literal quoted with `quote` (' or "), escaping backslashes
 * and that quote. Returns false when the value holds a control character (it would need an escape
 * a reader could get wrong) or the literal does not fit in `size` bytes. */
bool ml__pystring_write(const char *value, size_t length, char quote, char *buffer, size_t size);

#endif
