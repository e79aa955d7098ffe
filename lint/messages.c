/* One place decides what modal-lint's error lines look like. */
#include "messages.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "escape.h"

void cli_error(const char *format, ...) {
  char line[1024];
  va_list ap;
  va_start(ap, format);
  int n = vsnprintf(line, sizeof line, format, ap);
  va_end(ap);
  if (n < 0)
    return;
  /* A long message (a deep path) is formatted again into a buffer of its size, not cut. */
  char *text = line;
  if ((size_t)n >= sizeof line && (text = malloc((size_t)n + 1)) != NULL) {
    va_start(ap, format);
    vsnprintf(text, (size_t)n + 1, format, ap);
    va_end(ap);
  }
  if (text == NULL) {
    text = line;
    n = (int)sizeof line - 1;
  }
  fflush(stdout); /* keep stdout and stderr in a sensible order when both are a terminal */
  fputs("modal-lint: ", stderr);
  /* Messages name files and quote arguments: an escape sequence or a newline in a file name must
   * not reach the terminal, nor make one error line read as two. */
  cli_escape_write(stderr, text, (size_t)n, true);
  fputc('\n', stderr);
  if (text != line)
    free(text);
}
