/* Finding the first-party modules around a Python file, for rules that need the project (MDL111):
 * the library never reads the file system, so the front end lists the modules and hands them over
 * as an ml_project (modallint/project.h).
 *
 * For a file in folder D, the modules are the top-level ones importable from:
 *   - D itself (as `python D/app.py` puts D on sys.path),
 *   - the folder holding D's top-level package, when D is inside one (folders with __init__.py),
 *   - the project root: the nearest folder at or above D holding pyproject.toml, setup.py,
 *     setup.cfg or .git,
 *   - and root/src (the "src layout").
 * A module is a `name.py` file or a package: a folder with __init__.py, or a namespace folder that
 * directly holds .py files. Listings are cached per folder and projects per D, so a large tree
 * reads each folder once. This file touches only the file system: it prints nothing. The cache
 * is thread-safe: the CLI's workers share one. */
#ifndef MODAL_LINT_PROJECT_DISCOVERY_H
#define MODAL_LINT_PROJECT_DISCOVERY_H

#include <stddef.h>

#include "modallint/project.h"

typedef struct cli_projects cli_projects;

/* An empty cache. `*out` is owned by the caller: cli_projects_free. Returns ML_ENOMEM. */
int cli_projects_new(cli_projects **out);
/* Frees the cache and every project it handed out. */
void cli_projects_free(cli_projects *projects);

/* For the Python file at `path` (which need not exist: standard input named by
 * --stdin-filename), sets *project to the modules around it (owned by the cache, valid until
 * cli_projects_free) and writes into `module` the name under which Modal includes the file with its
 * App: its top-level package, or its own module name. Folders that cannot be read contribute
 * nothing. Returns 0, or ML_ENOMEM. */
int cli_projects_lookup(cli_projects *projects, const char *path, const ml_project **project,
                        char *module, size_t module_size);

#endif
