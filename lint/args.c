/* Parsing modal-lint's command line by hand: the grammar is small and getopt_long is not C11. */
#include "args.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/source.h"
#include "modallint/version.h"
#include "workspace.h"

static const char usage_text[] =
    "Usage: modal-lint [OPTIONS] [PATH...]\n"
    "       modal-lint rules [--format text|markdown|json] [--target-version X.Y]\n"
    "       modal-lint explain CODE_OR_NAME\n"
    "\n"
    "Finds uses of deprecated Modal SDK APIs in Python files and fixes them.\n"
    "PATH is a file or a directory (searched for *.py files); the default is \".\" and \"-\" reads\n"
    "standard input. To lint a directory named \"rules\" or \"explain\", write \"./rules\".\n"
    "\n"
    "Options:\n"
    "      --select RULES         run only these rules (codes, prefixes like MDL1, or names;\n"
    "                             comma-separated, repeatable)\n"
    "      --ignore RULES         do not run these rules (wins over --select)\n"
    "      --target-version X.Y   the Modal version you upgrade to (default " ML_NEWEST_MODAL_VERSION
    ")\n"
    "      --format FORMAT        text (default), concise, json, json-lines, sarif, github,\n"
    "                             gitlab or junit\n"
    "  -o, --output-file FILE     write the report to FILE (replaced atomically) instead of\n"
    "                             standard output\n"
    "      --statistics           count the findings per rule instead of listing them\n"

    "      --fix                  apply safe fixes to the files\n"
    "      --unsafe-fixes         also apply (and count) unsafe fixes\n"
    "      --diff                 print what --fix would change as a unified diff; write nothing\n"
    "      --add-noqa             add `# noqa: CODE` to each line with findings (merged into an\n"
    "                             existing noqa comment); write the files\n"
    "      --exit-zero            exit 0 even when findings remain\n"
    "  -q, --quiet                print only the findings, no summary\n"
    "      --color WHEN           auto (default), always or never\n"
    "      --stdin-filename NAME  the name shown for standard input (given without PATH,\n"
    "                             standard input is read)\n"
    "      --config PATH          read settings from this file only (pyproject.toml or\n"
    "                             modal-lint.toml) instead of the nearest one to each file\n"
    "      --isolated             ignore every configuration file\n"
    "      --no-respect-gitignore lint files .gitignore names too (explicit files always are)\n"
    "  -j, --jobs N               lint N files at a time (default: one per CPU); the output is\n"
    "                             the same whatever N is\n"
    "      --max-file-size BYTES  skip files larger than this, with a message (default 8MiB;\n"
    "                             a number of bytes, or one with KiB or MiB: 512KiB, 32MiB)\n"
    "  -V, --version              print the version and exit\n"
    "  -h, --help                 print this help and exit\n"
    "\n"
    "Exit status: 0 when nothing is found, 1 when findings remain (or --diff has changes),\n"
    "2 on a usage error or when a file could not be read or written.\n";

const char *cli_usage(void) { return usage_text; }

static int fail(char *message, size_t size, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  vsnprintf(message, size, format, ap);
  va_end(ap);
  return ML_EINVAL;
}

/* Matches "--name", taking the value from "--name=value" or from the next argument. Returns 1 when
 * argv[*i] is this option (and sets *value), 0 when it is not, ML_EINVAL when the value is missing. */
static int option_value(int argc, char **argv, int *i, const char *name, const char **value) {
  const char *arg = argv[*i];
  size_t len = strlen(name);
  if (strncmp(arg, name, len) != 0)
    return 0;
  if (arg[len] == '=') {
    *value = arg + len + 1;
    return 1;
  }
  if (arg[len] != '\0')
    return 0;
  if (*i + 1 >= argc)
    return ML_EINVAL;
  *i += 1;
  *value = argv[*i];
  return 1;
}

/* Applies every comma-separated selector of `list` to `set`. An empty list or item is an error,
 * not "no rules": `--select "$RULES"` with RULES unset would otherwise run nothing, silently. */
static int apply_selectors(ml_rule_set *set, const char *list, const char *option, char *message,
                           size_t size) {
  const char *p = list;
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    if (len == 0)
      return fail(message, size,
                  "invalid %s '%s' (expected comma-separated rule codes, prefixes like MDL1, names "
                  "or ALL, none of them empty)",
                  option, list);
    char selector[128];
    if (len >= sizeof selector)
      return fail(message, size, "unknown rule selector '%.*s' in %s", (int)len, p, option);
    memcpy(selector, p, len);
    selector[len] = '\0';
    if (ml_rule_set_apply(set, selector, true) != ML_OK)
      return fail(message, size, "unknown rule selector '%s' in %s", selector, option);
    if (comma == NULL)
      return ML_OK;
    p = comma + 1;
  }
}

static int parse_format(const char *value, bool rules, cli_format *out, char *message, size_t size) {
  if (strcmp(value, "text") == 0)
    *out = CLI_FORMAT_TEXT;
  else if (strcmp(value, "json") == 0)
    *out = CLI_FORMAT_JSON;
  else if (!rules && strcmp(value, "concise") == 0)
    *out = CLI_FORMAT_CONCISE;
  else if (!rules && strcmp(value, "json-lines") == 0)
    *out = CLI_FORMAT_JSON_LINES;
  else if (!rules && strcmp(value, "sarif") == 0)
    *out = CLI_FORMAT_SARIF;
  else if (!rules && strcmp(value, "github") == 0)
    *out = CLI_FORMAT_GITHUB;
  else if (!rules && strcmp(value, "gitlab") == 0)
    *out = CLI_FORMAT_GITLAB;
  else if (!rules && strcmp(value, "junit") == 0)
    *out = CLI_FORMAT_JUNIT;
  else if (rules && strcmp(value, "markdown") == 0)
    *out = CLI_FORMAT_MARKDOWN;
  else
    return fail(message, size, "invalid --format '%s' (expected %s)", value,
                rules ? "text, markdown or json"
                      : "text, concise, json, json-lines, sarif, github, gitlab or junit");
  return ML_OK;
}

int cli_format_parse(const char *name, cli_format *out, char *message, size_t message_size) {
  return parse_format(name, false, out, message, message_size);
}

static int parse_rules_command(int argc, char **argv, cli_args *out, char *message, size_t size) {
  for (int i = 2; i < argc; i++) {
    const char *value = NULL;
    int r = option_value(argc, argv, &i, "--format", &value);
    if (r < 0)
      return fail(message, size, "option '--format' needs a value");
    /* `rules --target-version X` lists only what an upgrade to X runs into. */
    int t = r > 0 ? 0 : option_value(argc, argv, &i, "--target-version", &value);
    if (t < 0)
      return fail(message, size, "option '--target-version' needs a value");
    if (r > 0) {
      if (parse_format(value, true, &out->format, message, size) != ML_OK)
        return ML_EINVAL;
    } else if (t > 0) {
      if (ml_version_parse(value, &out->options.target) != ML_OK)
        return fail(message, size, "invalid --target-version '%s' (expected X.Y or X.Y.Z)", value);
    } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      out->command = CLI_COMMAND_HELP;
      return ML_OK;
    } else {
      return fail(message, size, "unexpected argument '%s' for 'rules'", argv[i]);
    }
  }
  return ML_OK;
}

static int parse_explain_command(int argc, char **argv, cli_args *out, char *message,
                                 size_t size) {
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      out->command = CLI_COMMAND_HELP;
      return ML_OK;
    }
    if (out->explain_code != NULL)
      return fail(message, size, "unexpected argument '%s' for 'explain'", argv[i]);
    out->explain_code = argv[i];
  }
  if (out->explain_code == NULL)
    return fail(message, size, "'explain' needs a rule code or name");
  return ML_OK;
}

/* Handles one option of the check command that takes a value; returns 1 when argv[*i] was one. */
static int parse_valued_option(int argc, char **argv, int *i, cli_args *out, ml_rule_set *selected,
                               bool *any_select, ml_rule_set *ignored, char *message,
                               size_t size) {
  static const char *const names[] = {"--select", "--ignore",         "--target-version",
                                      "--format", "--color",          "--stdin-filename",
                                      "--config", "--max-file-size"};
  for (size_t n = 0; n < sizeof names / sizeof names[0]; n++) {
    const char *value = NULL;
    int r = option_value(argc, argv, i, names[n], &value);
    if (r < 0)
      return fail(message, size, "option '%s' needs a value", names[n]);
    if (r == 0)
      continue;
    switch (n) {
    case 0:
      *any_select = true;
      return apply_selectors(selected, value, "--select", message, size) == ML_OK ? 1 : ML_EINVAL;
    case 1:
      return apply_selectors(ignored, value, "--ignore", message, size) == ML_OK ? 1 : ML_EINVAL;
    case 2:
      out->target_given = true;
      if (ml_version_parse(value, &out->options.target) != ML_OK)
        return fail(message, size, "invalid --target-version '%s' (expected X.Y or X.Y.Z)",
                    value);
      return 1;
    case 3:
      out->format_given = true;
      return parse_format(value, false, &out->format, message, size) == ML_OK ? 1 : ML_EINVAL;
    case 4:
      if (strcmp(value, "auto") == 0)
        out->color = CLI_COLOR_AUTO;
      else if (strcmp(value, "always") == 0)
        out->color = CLI_COLOR_ALWAYS;
      else if (strcmp(value, "never") == 0)
        out->color = CLI_COLOR_NEVER;
      else
        return fail(message, size, "invalid --color '%s' (expected auto, always or never)", value);
      return 1;
    case 5:
      if (value[0] == '\0')
        return fail(message, size, "option '--stdin-filename' needs a file name");
      out->stdin_filename = value;
      return 1;
    case 6:
      if (value[0] == '\0')
        return fail(message, size, "option '--config' needs a file name");
      out->config_path = value;
      return 1;
    default: {
      const char *why;
      if (ws_size_parse(value, &out->max_file_size, &why) != ML_OK)
        return fail(message, size, "invalid --max-file-size '%s' (%s)", value, why);
      out->max_file_size_given = true;
      return 1;
    }
    }
  }
  return 0;
}

static int parse_flag(const char *arg, cli_args *out) {
  if (strcmp(arg, "--fix") == 0)
    out->fix = true;
  else if (strcmp(arg, "--unsafe-fixes") == 0)
    out->unsafe_fixes = true;
  else if (strcmp(arg, "--diff") == 0)
    out->diff = true;
  else if (strcmp(arg, "--add-noqa") == 0)
    out->add_noqa = true;
  else if (strcmp(arg, "--exit-zero") == 0)
    out->exit_zero = true;
  else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0)
    out->quiet = true;
  else if (strcmp(arg, "--statistics") == 0)
    out->statistics = true;
  else if (strcmp(arg, "--isolated") == 0)
    out->isolated = true;
  else if (strcmp(arg, "--no-respect-gitignore") == 0)
    out->no_respect_gitignore = true;
  else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
    out->command = CLI_COMMAND_HELP;
  else if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0)
    out->command = CLI_COMMAND_VERSION;
  else
    return 0;
  return 1;
}

/* -j N, -jN, --jobs N, --jobs=N. Returns 1 when argv[*i] was this option. */
static int parse_jobs(int argc, char **argv, int *i, cli_args *out, char *message, size_t size) {
  const char *arg = argv[*i];
  const char *value = NULL;
  if (strncmp(arg, "-j", 2) == 0) {
    if (arg[2] != '\0')
      value = arg + 2;
    else if (*i + 1 < argc)
      value = argv[++*i];
    else
      return fail(message, size, "option '-j' needs a value");
  } else {
    int r = option_value(argc, argv, i, "--jobs", &value);
    if (r < 0)
      return fail(message, size, "option '--jobs' needs a value");
    if (r == 0)
      return 0;
  }
  char *end = NULL;
  unsigned long n = strtoul(value, &end, 10);
  if (value[0] < '0' || value[0] > '9' || *end != '\0' || n < 1 || n > 1024)
    return fail(message, size, "invalid --jobs '%s' (expected a number from 1 to 1024)", value);
  out->jobs = (unsigned)n;
  return 1;
}

/* -o FILE, -oFILE, --output-file FILE, --output-file=FILE. Returns 1 when argv[*i] was this
 * option. */
static int parse_output_file(int argc, char **argv, int *i, cli_args *out, char *message,
                             size_t size) {
  const char *arg = argv[*i];
  const char *value = NULL;
  if (strncmp(arg, "-o", 2) == 0) {
    if (arg[2] != '\0')
      value = arg + 2;
    else if (*i + 1 < argc)
      value = argv[++*i];
    else
      return fail(message, size, "option '-o' needs a value");
  } else {
    int r = option_value(argc, argv, i, "--output-file", &value);
    if (r < 0)
      return fail(message, size, "option '--output-file' needs a value");
    if (r == 0)
      return 0;
  }
  if (value[0] == '\0')
    return fail(message, size, "option '--output-file' needs a file name");
  out->output_file = value;
  return 1;
}

static int parse_check_command(int argc, char **argv, cli_args *out, char *message, size_t size) {
  ml_rule_set selected, ignored;
  ml_rule_set_clear(&selected);
  ml_rule_set_clear(&ignored);
  bool any_select = false;
  bool options_done = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
      out->paths[out->path_count++] = arg;
      continue;
    }
    if (strcmp(arg, "--") == 0) {
      options_done = true;
      continue;
    }
    if (parse_flag(arg, out))
      continue;
    int j = parse_jobs(argc, argv, &i, out, message, size);
    if (j < 0)
      return j;
    if (j > 0)
      continue;
    int o = parse_output_file(argc, argv, &i, out, message, size);
    if (o < 0)
      return o;
    if (o > 0)
      continue;
    int r = parse_valued_option(argc, argv, &i, out, &selected, &any_select, &ignored, message,
                                size);
    if (r < 0)
      return r;
    if (r == 0)
      return fail(message, size, "unknown option '%s'", arg);
  }
  if (out->add_noqa && (out->fix || out->diff))
    return fail(message, size, "--add-noqa cannot be used with --fix or --diff");
  /* The comments go into the files: standard input has none to write to. */
  for (size_t p = 0; out->add_noqa && p < out->path_count; p++)
    if (strcmp(out->paths[p], "-") == 0)
      return fail(message, size, "--add-noqa cannot read standard input");
  /* As in ruff, --stdin-filename alone means "lint standard input as this file"; beside paths
   * without "-" it would name nothing, and be silently ignored. */
  if (out->stdin_filename != NULL && out->path_count == 0)
    out->paths[out->path_count++] = "-";
  bool reads_stdin = false;
  for (size_t p = 0; p < out->path_count; p++)
    reads_stdin |= strcmp(out->paths[p], "-") == 0;
  if (out->stdin_filename != NULL && !reads_stdin)
    return fail(message, size, "--stdin-filename names standard input, but no PATH is '-'");
  if (out->isolated && out->config_path != NULL)
    return fail(message, size, "--config and --isolated cannot be used together");
  if (out->statistics && out->format != CLI_FORMAT_TEXT && out->format != CLI_FORMAT_CONCISE &&
      out->format != CLI_FORMAT_JSON)
    return fail(message, size, "--statistics works with --format text, concise or json");
  /* Kept apart for configuration files, which the command line overrides (settings.h). */
  out->select_given = any_select;
  out->cli_select = selected;
  out->cli_ignore = ignored;
  /* --ignore wins over --select whatever their order, as in ruff. */
  if (any_select)
    out->options.rules = selected;
  for (size_t w = 0; w < ML_MAX_RULES / 64; w++)
    out->options.rules.bits[w] &= ~ignored.bits[w];
  return ML_OK;
}

void cli_args_free(cli_args *args) {
  free(args->paths);
  args->paths = NULL;
  args->path_count = 0;
}

int cli_args_parse(int argc, char **argv, cli_args *out, char *message, size_t message_size) {
  memset(out, 0, sizeof *out);
  ml_options_init(&out->options);
  out->max_file_size = ML_DEFAULT_MAX_FILE_BYTES;
  message[0] = '\0';
  out->paths = calloc((size_t)argc + 1, sizeof *out->paths);
  if (out->paths == NULL)
    return ML_ENOMEM;
  int err;
  if (argc >= 2 && strcmp(argv[1], "rules") == 0) {
    out->command = CLI_COMMAND_RULES;
    err = parse_rules_command(argc, argv, out, message, message_size);
  } else if (argc >= 2 && strcmp(argv[1], "explain") == 0) {
    out->command = CLI_COMMAND_EXPLAIN;
    err = parse_explain_command(argc, argv, out, message, message_size);
  } else {
    err = parse_check_command(argc, argv, out, message, message_size);
  }
  if (err != ML_OK)
    cli_args_free(out);
  return err;
}
