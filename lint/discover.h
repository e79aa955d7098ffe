/* Turning the paths of the command line into the list of inputs to lint. */
#ifndef MODAL_LINT_DISCOVER_H
#define MODAL_LINT_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "modallint/file.h"
#include "modallint/lint.h"

typedef struct cli_input {
  char *path;        /* as given, or joined onto the directory that was given; "-" for stdin */
  bool is_stdin;
  ml_file_kind kind; /* from the file's name; Python for stdin and names of no known kind */
  const ml_options *options; /* set by cli_settings_discover (settings.h); NULL before */
} cli_input;

typedef struct cli_input_list {
  cli_input *items;
  size_t count;
  size_t capacity;
} cli_input_list;

/* Appends the inputs `paths` name, in argument order, each directory walked recursively in sorted
 * order for Python files and the text files ml_file_kind_for_path knows (shell scripts, Makefiles,
 * Dockerfiles, CI YAML, tox.ini, Markdown, reStructuredText), skipping .git, .venv, venv,
 * node_modules, __pycache__, build, dist and never following a symbolic link to a directory.
 * Explicit files are kept whatever their name; one of no known kind is linted as Python.
 * A path that cannot be examined is reported on stderr and counted in `*failures`; the walk goes
 * on. Returns ML_ENOMEM when out of memory. `out` is owned by the caller: cli_input_list_free. */
int cli_discover(const char *const *paths, size_t count, cli_input_list *out, size_t *failures);

/* Decides, during a directory walk, which entries are skipped (configuration `exclude` globs,
 * .gitignore files). Explicit paths are never asked about. */
typedef struct cli_walk_filter {
  /* Sets *skip for the entry at `path`, found by walking the directory argument `root`. Returns 0,
   * or an ML_E* code that ends the walk (after reporting it). */
  int (*skip)(void *context, const char *root, const char *path, bool is_dir, bool *skip);
  void *context;
} cli_walk_filter;

/* As cli_discover, with `filter` (when not NULL) deciding what a walk skips instead of the fixed
 * list of folder names, and Jupyter notebooks (*.ipynb) found by walks too. */
int cli_discover_filtered(const char *const *paths, size_t count, const cli_walk_filter *filter,
                          cli_input_list *out, size_t *failures);
void cli_input_list_free(cli_input_list *list);

#endif
