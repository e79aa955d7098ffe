/* Colour decisions and escape sequences for modal-lint's terminal output. */
#include "color.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_palette plain = {"", "", "", "", "", "", "", "", "", "", ""};

static const cli_palette ansi = {
    .reset = "\033[0m",
    .bold = "\033[1m",
    .path = "\033[1m",
    .error = "\033[1;31m",
    .warning = "\033[1;33m",
    .fixable = "\033[36m",
    .gutter = "\033[1;34m",
    .help = "\033[1;36m",
    .removed = "\033[31m",
    .added = "\033[32m",
    .hunk = "\033[36m",
};

bool cli_color_enabled(cli_color_mode mode, int fd) {
  if (mode == CLI_COLOR_ALWAYS)
    return true;
  if (mode == CLI_COLOR_NEVER)
    return false;
  /* https://no-color.org: any non-empty value disables colour that was not explicitly asked for. */
  const char *no_color = getenv("NO_COLOR");
  if (no_color != NULL && no_color[0] != '\0')
    return false;
  const char *term = getenv("TERM");
  if (term != NULL && strcmp(term, "dumb") == 0)
    return false;
  return isatty(fd) == 1;
}

const cli_palette *cli_palette_get(bool enabled) { return enabled ? &ansi : &plain; }

const char *cli_palette_severity(const cli_palette *palette, ml_severity severity) {
  return severity == ML_SEVERITY_ERROR ? palette->error : palette->warning;
}
