/* Finding the configuration file that applies to a path: `--config PATH` when given, none with
 * `--isolated`, else the nearest of .modal-lint.toml, modal-lint.toml and pyproject.toml (one with
 * a [tool.modal-lint] table), in that order of preference, in the path's folder or the closest
 * folder above it. Results are cached per folder, so a tree costs a few stat calls per folder.
 *
 * This file reads files but never prints, so the language server can compile it too: lookup
 * errors come back as a message. */
#ifndef MODAL_LINT_CONFIG_DISCOVERY_H
#define MODAL_LINT_CONFIG_DISCOVERY_H

#include <stdbool.h>
#include <stddef.h>

#include "modallint/config.h"

typedef struct cli_config_file {
  char *path;       /* as shown to the user: relative to the working folder when inside it */
  char *dir;        /* absolute folder of the file: globs are relative to it */
  ml_config config;
} cli_config_file;

typedef struct cli_configs cli_configs;

/* A lookup cache. With `explicit_path` (--config) that file is read now and applies everywhere;
 * with `isolated` no file applies. Returns 0 with *out (owned by the caller: cli_configs_free),
 * ML_EINVAL or ML_EIO with `message` naming the file (and for an invalid one the line, the key and
 * what was expected), or ML_ENOMEM. */
int cli_configs_new(const char *explicit_path, bool isolated, cli_configs **out, char *message,
                    size_t message_size);
void cli_configs_free(cli_configs *configs);

/* The configuration for the file or folder at `path` (it need not exist, only its folder), found
 * from the folder holding it: *out is NULL when none applies, else owned by the cache. When
 * `relative` is not NULL and a configuration applies, *relative is `path` relative to the
 * configuration's folder (malloc'd; the caller frees it), or NULL when `path` lies outside that
 * folder. Returns 0, or an error as cli_configs_new does. */
int cli_configs_lookup(cli_configs *configs, const char *path, const cli_config_file **out,
                       char **relative, char *message, size_t message_size);

#endif
