/* What configuration files decide for a run of the check command, layered under the command line:
 * CLI flags > the configuration file > defaults.
 *
 *   - run-wide keys (output-format, unsafe-fixes, max-file-size) come from --config, or from the
 *     configuration that governs the working folder; the values of output-format and
 *     max-file-size are checked in every configuration file found, overridden or not;
 *   - per-file keys (select, extend-select, ignore, per-file-ignores, target-version) come from
 *     the configuration nearest to each file (or --config), so each input carries its own options;
 *   - walking a directory skips what `exclude`/`extend-exclude` (or the default list) and the
 *     .gitignore files name; explicit file arguments are always linted.
 * Errors are printed here (cli_error): an invalid configuration is the file, line, key and what was
 * expected, and the caller exits 2. */
#ifndef MODAL_LINT_SETTINGS_H
#define MODAL_LINT_SETTINGS_H

#include <stddef.h>

#include "args.h"
#include "discover.h"

typedef struct cli_settings cli_settings;

/* Reads --config (unless --isolated) and applies the run-wide keys to *args where the command line
 * left them unset; sets args->settings. Returns 0, or ML_EINVAL / ML_EIO / ML_ENOMEM after printing
 * why. Free with cli_settings_free(args->settings). */
int cli_settings_load(cli_args *args);
void cli_settings_free(cli_settings *settings);

/* cli_discover for args->paths with the configuration's excludes and .gitignore applied to walks,
 * then each input's `options` set. Returns 0, ML_EINVAL after printing a configuration error, or
 * ML_ENOMEM (not printed). */
int cli_settings_discover(const cli_args *args, cli_input_list *inputs, size_t *failures);

#endif
