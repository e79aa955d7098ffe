/* The source model: the bytes of one file and a line index over them.
 *
 * Positions inside the library are byte offsets. This module converts them to the 1-based
 * line/column pairs front ends show: columns in UTF-8 bytes (terminals, SARIF "utf8"), UTF-16 code
 * units (LSP's default, SARIF "utf16CodeUnits") or Unicode code points.
 *
 * Line terminators are "\n", "\r\n" and a lone "\r", as Python itself accepts them. A UTF-8 byte order
 * mark is not part of line 1: columns on the first line count from after it. Invalid UTF-8 and NUL
 * bytes are tolerated: each byte of an invalid sequence counts as one code point and one UTF-16 unit
 * (it would be decoded as U+FFFD). */
#ifndef MODALLINT_SOURCE_H
#define MODALLINT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ml_source ml_source;

/* The default bound on the Python text one file may hold for the front ends to check it (8 MiB).
 * Parsing costs up to about 200 bytes of memory and 2 microseconds per byte of dense code, so the
 * bound is what keeps one hostile or generated file from taking gigabytes; hand-written Modal apps
 * are a thousand times smaller. Front ends skip bigger files with a message, and let the user
 * raise the bound. */
#define ML_DEFAULT_MAX_FILE_BYTES ((size_t)8 << 20)

typedef enum ml_column_kind {
  ML_COLUMN_UTF8 = 0,
  ML_COLUMN_UTF16 = 1,
  ML_COLUMN_CODEPOINT = 2
} ml_column_kind;

/* 1-based line and column. */
typedef struct ml_position {
  uint32_t line;
  uint32_t column;
} ml_position;

/* Copies `length` bytes into a new source. `*out` is owned by the caller: ml_source_free.
 * Returns ML_ETOOBIG for inputs of 4 GiB or more, ML_ENOMEM on allocation failure. */
int ml_source_new(const char *bytes, size_t length, ml_source **out);
void ml_source_free(ml_source *source);

/* The bytes, valid while the source lives, followed by a NUL that is not counted in the length. */
const char *ml_source_bytes(const ml_source *source);
uint32_t ml_source_length(const ml_source *source);

/* 3 when the text starts with a UTF-8 byte order mark, else 0. */
uint32_t ml_source_bom_length(const ml_source *source);

/* The newline this file mostly uses ("\n", "\r\n" or "\r"); "\n" for a file without one. */
const char *ml_source_newline(const ml_source *source);

uint32_t ml_source_line_count(const ml_source *source);
/* Byte offset where 1-based `line` starts, and where its content ends (before the terminator).
 * Lines past the end answer the source length. */
uint32_t ml_source_line_start(const ml_source *source, uint32_t line);
uint32_t ml_source_line_end(const ml_source *source, uint32_t line);

/* The position of byte `offset` (clamped to the length), with the column counted in `kind`. */
ml_position ml_source_position(const ml_source *source, uint32_t offset, ml_column_kind kind);

/* The byte offset of `position` (column counted in `kind`). A column past the line's end is
 * clamped to it and a line past the last one to the end of the text, as LSP asks. */
uint32_t ml_source_offset(const ml_source *source, ml_position position, ml_column_kind kind);

#endif
