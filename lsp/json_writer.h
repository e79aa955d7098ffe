/* Writing JSON text directly, for messages too large to build as jansson values first.
 *
 * The diagnostics of a 20,000-line file (5,000 findings, each with a fix) took about 100 MB of
 * jansson objects and two thirds of the time of an edit to build, serialise and free; written as
 * text they cost their own size. Strings are escaped as JSON requires, and bytes that are not
 * UTF-8 (a finding's message may quote the file) become U+FFFD, so the output is always valid. */
#ifndef MODAL_LSP_JSON_WRITER_H
#define MODAL_LSP_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct lsp_json_writer {
  char *bytes;     /* owned; NUL-terminated while !failed */
  size_t length;
  size_t capacity;
  bool failed;     /* out of memory: everything written since is lost */
} lsp_json_writer;

void lsp_json_writer_init(lsp_json_writer *w);
void lsp_json_writer_free(lsp_json_writer *w);

/* Appends `text` as it is (JSON punctuation, keys known to need no escaping). */
void lsp_json_raw(lsp_json_writer *w, const char *text);
/* Appends `length` bytes of `text` as a JSON string, quotes included. */
void lsp_json_string(lsp_json_writer *w, const char *text, size_t length);
/* Appends a NUL-terminated string as a JSON string. */
void lsp_json_cstring(lsp_json_writer *w, const char *text);
void lsp_json_int(lsp_json_writer *w, long long value);

#endif
