/* The project index of a run (modallint/index.h): built once, before the workers start, over the
 * Python files being linted and the first-party modules they import, then only read.
 *
 * Each file is keyed relative to its project root (the nearest folder holding pyproject.toml,
 * setup.py, setup.cfg or .git; without one, the folder holding its top-level package, or its own
 * folder): ROOT/src/pkg/common.py is "src.pkg.common", and absolute imports are looked for under
 * the prefixes Python's sys.path gives the file (the folder of its top-level package or its own,
 * the root, root/src). One ml_index per root.
 *
 * What gets indexed, cheaply: every input is read once here, on as many threads as the lint uses
 * (the workers read it again, from the page cache); its imports are found by a text scan (ml_scan_imports) and followed to the files
 * they name, also outside the inputs (`modal-lint worker.py` indexes common.py). A module is
 * indexed when it imports the modal package, or imports (transitively) one that does: a package's
 * __init__.py re-exporting `from .common import app` never names Modal itself. Modules are parsed
 * only when a linted file imports them (ml_index_freeze parses those that are indexed). */
#ifndef MODAL_LINT_PROJECT_INDEX_H
#define MODAL_LINT_PROJECT_INDEX_H

#include <stdbool.h>

#include "discover.h"
#include "modallint/file.h"

typedef struct cli_index cli_index;

/* Builds the index for the Python inputs of `inputs` (standard input is not read here), reading
 * them on `jobs` threads (0: one per online CPU). Files that cannot be read are left for the
 * workers to report. `*out` is owned by the caller: cli_index_free. Returns 0 or ML_ENOMEM. */
int cli_index_build(const cli_input_list *inputs, unsigned jobs, cli_index **out);
void cli_index_free(cli_index *index);

/* As cli_index_build, for the Python files `paths` (the language server's open documents), on
 * one thread. */
int cli_index_build_files(const char *const *paths, size_t count, cli_index **out);

/* Replaces what the index holds for the file at `path` (one it was built over) with `bytes`: the
 * text an editor has not saved yet. Returns 0 or ML_ENOMEM. */
int cli_index_set_text(cli_index *index, const char *path, const char *bytes, size_t length);

/* Whether the Python input `path` (as discover gave it) was read while building the index and
 * cannot have findings: a regular file that never mentions "modal" (nor starts with a UTF-16 byte
 * order mark, which deserves its error message) and imports no Modal objects. The workers need not
 * read it again: the index costs one read per file, not two. Thread-safe. */
bool cli_index_skips(const cli_index *index, const char *path);

/* Whether the Python input `path` (as discover gave it) imports an indexed module that exports
 * Modal objects: such a file must be linted even though it never mentions "modal". Thread-safe. */
bool cli_index_needs_lint(const cli_index *index, const char *path);

/* Sets info->index, module_name, is_package and import_prefixes for the Python file at `path` (as
 * given to cli_index_build, or any path in a folder it saw); leaves them unset for other files.
 * The strings belong to the index. Thread-safe. */
void cli_index_describe(const cli_index *index, const char *path, ml_file_info *info);

#endif
