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
#include "modallint/index.h"

typedef struct cli_index cli_index;

/* Builds the index for the Python inputs of `inputs` (standard input is not read here), reading
 * them on `jobs` threads (0: one per online CPU). Files that cannot be read are left for the
 * workers to report. `*out` is owned by the caller: cli_index_free. Returns 0 or ML_ENOMEM. */
int cli_index_build(const cli_input_list *inputs, unsigned jobs, cli_index **out);
void cli_index_free(cli_index *index);

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

/* --- the language server ---------------------------------------------------------------------
 *
 * The server keeps one index while documents open, change and close, and updates it one file at a
 * time. Its index is never frozen: the server runs lints on one thread and the library resolves
 * modules lazily. */

/* As cli_index_build, for the Python files `paths` (the language server's open documents), on
 * one thread, without freezing. */
int cli_index_build_files(const char *const *paths, size_t count, cli_index **out);

/* What one update did, for the server to decide what else to lint again. */
typedef struct cli_index_change {
  bool rebuild;         /* modules followed earlier looked for this file in vain: only a new
                           index (cli_index_build_files) links them to it */
  bool imports_changed; /* the file's import statements differ from the text the index held */
} cli_index_change;

/* The editor holds `bytes` for the Python file at `path` (opened or edited, saved or not): the
 * index holds that text instead of the disk's, and follows what it imports (reading those modules
 * from disk, transitively). A file the index has no record of yet gets one. Returns 0 or
 * ML_ENOMEM; `*change` says what happened. */
int cli_index_set_text(cli_index *index, const char *path, const char *bytes, size_t length,
                       cli_index_change *change);

/* The editor closed `path`: the index holds what is on disk again (nothing when it is not there).
 * Returns 0 or ML_ENOMEM. */
int cli_index_forget_text(cli_index *index, const char *path, cli_index_change *change);

/* The file at `path` changed on disk: the index reads it again, unless the editor holds its text.
 * `*known` is false when the index has no record of it (a file nothing open imports, or a new
 * one: only a new index sees it). Returns 0 or ML_ENOMEM. */
int cli_index_reload(cli_index *index, const char *path, bool *known, cli_index_change *change);

/* The ml_index of the project root holding the Python file at `path`, whether or not a module was
 * indexed there yet; NULL when the index has no record of the file or it cannot be imported by
 * name. Tells which documents share a project. */
const ml_index *cli_index_root(const cli_index *index, const char *path);

/* Whether an import of the file at `importer` named the file at `imported` (as followed so far). */
bool cli_index_imports(const cli_index *index, const char *importer, const char *imported);

#endif
