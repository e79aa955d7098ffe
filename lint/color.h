/* Terminal colours: when to use them and the escape sequences, kept apart from the printers. */
#ifndef MODAL_LINT_COLOR_H
#define MODAL_LINT_COLOR_H

#include <stdbool.h>

#include "modallint/rule.h"

typedef enum cli_color_mode {
  CLI_COLOR_AUTO = 0, /* colour when the stream is a terminal and NO_COLOR is unset */
  CLI_COLOR_ALWAYS,
  CLI_COLOR_NEVER
} cli_color_mode;

/* Every field is an escape sequence, or "" when colour is off, so printers never branch on it. */
typedef struct cli_palette {
  const char *reset;
  const char *bold;
  const char *path;    /* file names */
  const char *error;   /* codes and carets of error findings */
  const char *warning; /* codes and carets of warning findings */
  const char *fixable; /* the [*] marker */
  const char *gutter;  /* the "  |" column of snippets */
  const char *help;    /* "= help:" */
  const char *removed; /* diff lines removed */
  const char *added;   /* diff lines added */
  const char *hunk;    /* diff @@ lines */
} cli_palette;

/* Decides for the stream `fd` under `mode` (and the NO_COLOR and TERM environment variables). */
bool cli_color_enabled(cli_color_mode mode, int fd);

/* A palette with colours, or one where every field is "". Static storage. */
const cli_palette *cli_palette_get(bool enabled);

/* The colour of a finding of `severity`. */
const char *cli_palette_severity(const cli_palette *palette, ml_severity severity);

#endif
