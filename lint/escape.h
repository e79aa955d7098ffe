/* Showing untrusted text (file names, text quoted from files) on a terminal or in a log line: a
 * control character in a file name must not move the cursor, recolour the terminal or start a
 * second, forged line of output. */
#ifndef MODAL_LINT_ESCAPE_H
#define MODAL_LINT_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes s[0..n) to `out` with every byte a terminal could act on written as a C-style escape:
 * C0 controls and DEL (`\t`, `\n`, `\r`, else `\x1b`), C1 controls (U+0080 to U+009F, each byte of
 * their UTF-8 form as `\xc2\x9b`) and each byte that starts no valid UTF-8 sequence (`\xff`).
 * Other text, multi-byte characters included, is written as it is. With `backslash`, a backslash
 * is written `\\`, so that the output reads back unambiguously (a file literally named `a\x1b`
 * shows as `a\\x1b`); without it, backslashes are kept (prose quoting code). */
void cli_escape_write(FILE *out, const char *s, size_t n, bool backslash);

/* cli_escape_write for a NUL-terminated string. */
void cli_escape_puts(FILE *out, const char *s, bool backslash);

/* The text cli_escape_puts writes, as a NUL-terminated string owned by the caller (free), or
 * NULL when out of memory. */
char *cli_escape_dup(const char *s, bool backslash);

#endif
