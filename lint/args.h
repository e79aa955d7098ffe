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
  CLI_FORMAT_JSON_LINES,
  CLI_FORMAT_SARIF,
  CLI_FORMAT_GITHUB,
  CLI_FORMAT_GITLAB,
  CLI_FORMAT_JUNIT,
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
  bool add_noqa;              /* --add-noqa: silence every finding with a `# noqa: CODE` comment */
  bool exit_zero;
  bool quiet;
  bool statistics;            /* --statistics: counts per rule instead of the findings */
  const char *output_file;    /* -o/--output-file: the report goes there (atomically), not stdout */
  unsigned jobs;              /* -j/--jobs: worker threads; 0 means one per online CPU */
  size_t max_file_size;       /* --max-file-size: bigger inputs are skipped with a message;
                               * ML_DEFAULT_MAX_FILE_BYTES unless the command line or the
                               * configuration (run-wide key max-file-size) says; never 0 */
  const char *stdin_filename; /* NULL: stdin is shown as "-"; given without paths, "-" is the
                               * path (as in ruff) */
  const char *explain_code;   /* the argument of `explain` */
  const char **paths;         /* points into argv; never NULL, may be empty */
  size_t path_count;
  /* Configuration files (settings.h): the command line wins over them, so what it set is kept. */
  const char *config_path;    /* --config PATH, or NULL to discover */
  bool isolated;              /* --isolated: no configuration file */
  bool no_respect_gitignore;  /* --no-respect-gitignore */
  bool select_given;          /* --select was used: cli_select replaces the file's selection */
  ml_rule_set cli_select;
  ml_rule_set cli_ignore;     /* --ignore, removed after the file's selection */
  bool target_given;          /* --target-version was used */
  bool format_given;          /* --format was used */
  bool max_file_size_given;   /* --max-file-size was used */
  struct cli_settings *settings; /* set by cli_settings_load; freed with cli_settings_free */
} cli_args;

/* Parses argv. On a usage error returns ML_EINVAL and writes a one-line explanation (without the
 * program name) into `message`. `out->paths` is owned by the caller: cli_args_free. */
int cli_args_parse(int argc, char **argv, cli_args *out, char *message, size_t message_size);
void cli_args_free(cli_args *args);

/* The output format named `name` (as --format takes it). Returns ML_EINVAL with a message that
 * ends in "(expected ...)" for an unknown name. */
int cli_format_parse(const char *name, cli_format *out, char *message, size_t message_size);

/* The --help text. */
const char *cli_usage(void);

#endif
