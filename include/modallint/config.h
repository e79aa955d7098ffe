/* Configuration files: `[tool.modal-lint]` in pyproject.toml, or the top level of modal-lint.toml /
 * .modal-lint.toml.
 *
 * The library parses the bytes of one file (with a real TOML parser) into an ml_config and turns a
 * config into the ml_options of a file; finding the file is the front end's job (the library never
 * reads the file system). Keys, as in ruff:
 *
 *   select = ["MDL1", "autoscaler-param-rename"]   rules to run (default: all)
 *   extend-select = ["MDL2"]                       added to `select` (or to the default)
 *   ignore = ["MDL112"]                            rules not to run (wins over both)
 *   per-file-ignores = { "test_*.py" = ["ALL"] }   rules not to run in files a glob matches
 *   exclude = ["generated/"]                       globs skipped when walking directories; replaces
 *                                                  the front end's default list
 *   extend-exclude = ["legacy/"]                   globs skipped in addition to `exclude`
 *   target-version = "1.0"                         the Modal version the user upgrades to
 *   unsafe-fixes = true                            apply unsafe fixes too
 *   output-format = "concise"                      the front end's output format (not checked here)
 *   max-file-size = "8MiB"                         the front end's bound on one file's size (an
 *                                                  integer or a string; not checked here)
 *
 * Globs (modallint/glob.h) are relative to the folder holding the configuration file. */
#ifndef MODALLINT_CONFIG_H
#define MODALLINT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "modallint/lint.h"
#include "modallint/rule.h"
#include "modallint/version.h"

/* One `per-file-ignores` entry: the rules not run in files `glob` matches. */
typedef struct ml_config_file_ignore {
  char *glob;
  ml_rule_set rules;
} ml_config_file_ignore;

/* A parsed configuration. A `has_*` flag (or a NULL/zero count) means the key was absent; absent
 * keys leave the defaults (or the command line) alone. Owned strings: ml_config_free. */
typedef struct ml_config {
  bool has_select;
  ml_rule_set select;
  bool has_extend_select;
  ml_rule_set extend_select;
  bool has_ignore;
  ml_rule_set ignore;
  ml_config_file_ignore *per_file_ignores;
  size_t per_file_ignore_count;
  bool has_exclude;      /* true even for `exclude = []`, which excludes nothing */
  char **exclude;
  size_t exclude_count;
  char **extend_exclude;
  size_t extend_exclude_count;
  bool has_target_version;
  ml_version target_version;
  bool has_unsafe_fixes;
  bool unsafe_fixes;
  char *output_format;        /* NULL when absent; the front end checks the value */
  uint32_t output_format_line; /* 1-based line of the value, for the front end's error */
  char *max_file_size;         /* NULL when absent; an integer's text (without `_` separators)
                                * or a string's text: the front end checks the value */
  uint32_t max_file_size_line; /* 1-based line of the value, for the front end's error */
} ml_config;

/* Why a file was rejected: `line` is 1-based (0 when the error has no line), `key` is the key as
 * the configuration names it ("select", "per-file-ignores"; empty for a TOML syntax error) and
 * `message` says what was expected and what was found. */
typedef struct ml_config_error {
  uint32_t line;
  char key[128];
  char message[256];
} ml_config_error;

/* How a file holds the configuration. */
typedef enum ml_config_format {
  ML_CONFIG_PYPROJECT = 0, /* the [tool.modal-lint] table of pyproject.toml */
  ML_CONFIG_STANDALONE     /* modal-lint.toml, .modal-lint.toml: the whole document */
} ml_config_format;

/* Parses `length` bytes of TOML. Returns 0 with *out filled (owned by the caller: ml_config_free)
 * and *found telling whether the file configures modal-lint at all (a pyproject.toml without a
 * [tool.modal-lint] table does not; a standalone file always does, even empty); ML_EINVAL with
 * *error filled for invalid TOML, unknown keys, values of the wrong type, unknown rule selectors
 * and bad versions (*out then holds nothing to free); or ML_ENOMEM. */
int ml_config_parse(const char *bytes, size_t length, ml_config_format format, ml_config *out,
                    bool *found, ml_config_error *error);

/* Frees what *config owns and zeroes it. */
void ml_config_free(ml_config *config);

/* Layers `config` onto *options: rules become `select` (or stay as they are without one), plus
 * `extend-select`, minus `ignore`; `target-version` replaces the target. Does not look at
 * per-file-ignores: see ml_config_apply_file. */
void ml_config_apply(const ml_config *config, ml_options *options);

/* Removes from options->rules the rules `per-file-ignores` ignores for the file at `path`, relative
 * to the folder of the configuration file ('/'-separated, no leading "./"). */
void ml_config_apply_file(const ml_config *config, const char *path, ml_options *options);

/* Whether walking directories skips `path` (relative as above; `is_dir` for a folder): `exclude`
 * (when present, else `default_excludes`, `default_count` globs) and `extend-exclude`. */
bool ml_config_excludes(const ml_config *config, const char *path, bool is_dir,
                        const char *const *default_excludes, size_t default_count);

/* What a front end without flags of its own (a language server) needs for one file: defaults,
 * then `config` (may be NULL), then its per-file-ignores for `path`. */
void ml_config_options_for(const ml_config *config, const char *path, ml_options *options);

#endif
