/* One place decides what modal-lint's error lines look like. */
#include "messages.h"

#include <stdarg.h>
#include <stdio.h>

void cli_error(const char *format, ...) {
  va_list ap;
  fflush(stdout); /* keep stdout and stderr in a sensible order when both are a terminal */
  fputs("modal-lint: ", stderr);
  va_start(ap, format);
  vfprintf(stderr, format, ap);
  va_end(ap);
  fputc('\n', stderr);
}
