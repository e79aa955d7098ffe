/* Command-line parsing for modal-lint: turns argv into a cli_args value, never prints. */
#ifndef MODAL_LINT_ARGS_H
#define MODAL_LINT_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "modallint/lint.h"

#include "color.h"

typedef enum cli_command {
  CLI_COMMAND_CHECK = 0, /* lint paths (the default) */
  CLI_COMMAND_RULES,     /* modal-lint rules */
  CLI_COMMAND_EXPLAIN,   /* modal-lint explain CODE */
  CLI_COMMAND_HELP,
  CLI_COMMAND_VERSION
} cli_command;

typedef enum cli_format {
  CLI_FORMAT_TEXT = 0,
  CLI_FORMAT_CONCISE,
  CLI_FORMAT_JSON,
  CLI_FORMAT_MARKDOWN /* only for `rules` */
} cli_format;

typedef struct cli_args {
  cli_command command;
  cli_format format;
  cli_color_mode color;
  ml_options options;         /* rules selected and target version */
  bool fix;
  bool unsafe_fixes;
  bool diff;
  bool exit_zero;
  bool quiet;
  const char *stdin_filename; /* NULL: stdin is shown as "-" */
  const char *explain_code;   /* the argument of `explain` */
  const char **paths;         /* points into argv; never NULL, may be empty */
  size_t path_count;
} cli_args;

/* Parses argv. On a usage error returns ML_EINVAL and writes a one-line explanation (without the
 * program name) into `message`. `out->paths` is owned by the caller: cli_args_free. */
int cli_args_parse(int argc, char **argv, cli_args *out, char *message, size_t message_size);
void cli_args_free(cli_args *args);

/* The --help text. */
const char *cli_usage(void);

#endif
