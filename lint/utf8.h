/* Decoding just enough UTF-8 to count code points the way the source model does, and to replace
 * bytes that start no character (shared by the CLI's printers and the language server). */
#ifndef MODAL_LINT_UTF8_H
#define MODAL_LINT_UTF8_H

#include <stddef.h>

/* The length of the UTF-8 sequence at p[0..n), or 1 for a byte that starts no valid sequence
 * (counted as one code point, as the source model counts it). Well-formed means RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF. */
size_t cli_utf8_sequence_length(const unsigned char *p, size_t n);

#endif
