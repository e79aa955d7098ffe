/* The first-party modules of a project, as a front end found them on disk.
 *
 * From Modal 1.0 only the App's own module or package is sent to the container; every other local
 * module the app imports must be added with `Image.add_local_python_source(...)` (rule MDL111).
 * Which imports are local depends on the files around the app, and the library never reads the
 * file system: the front end lists the top-level modules importable from the project (`helpers`
 * for helpers.py, `pkg` for a pkg/ package) and passes the result in ml_file_info.project.
 *
 * A project is immutable while it is being used by a lint call; one project may serve every file
 * of a directory (and several linters, when nobody adds modules meanwhile). */
#ifndef MODALLINT_PROJECT_H
#define MODALLINT_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "modallint/file.h"

/* An empty project. `*out` is owned by the caller: ml_project_free. Returns ML_ENOMEM. */
int ml_project_new(ml_project **out);
void ml_project_free(ml_project *project);

/* Records that `name` (a top-level module or package name such as "helpers"; no dots) is
 * first-party. Adding a name twice is harmless. Returns ML_EINVAL for a name that is not a Python
 * identifier, ML_ENOMEM when out of memory. The name is copied. */
int ml_project_add_module(ml_project *project, const char *name);

/* True when `name` (its first `length` bytes) was added. */
bool ml_project_has_module(const ml_project *project, const char *name, size_t length);

/* How many names were added; and the `index`-th in byte order (NULL past the end). */
size_t ml_project_module_count(const ml_project *project);
const char *ml_project_module_at(const ml_project *project, size_t index);

#endif
