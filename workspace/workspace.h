/* The workspace: what both front ends (modal-lint, modal-lsp) need to know about files on disk and
 * the check library must not do, since it never touches the file system. One header for the whole
 * layer (libworkspace.a):
 *
 *   - reading a file whole, never more than a bound, never blocking on a FIFO;
 *   - finding the configuration file that applies to a path;
 *   - finding the first-party modules around a Python file (an ml_project, for MDL111);
 *   - the project index (an ml_index per project root) over the files on disk, either built once
 *     and frozen, or kept up to date one file at a time as an editor changes them;
 *   - decoding UTF-8 the way the library counts code points;
 *   - the library's containers, for the front ends' own tables (see below).
 *
 * Nothing here prints: errors come back as ML_E* codes and, where a user must read them, as a
 * message. Names are prefixed `ws_`. */
#ifndef MODAL_LINT_WORKSPACE_H
#define MODAL_LINT_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "modallint/config.h"
#include "modallint/file.h"
#include "modallint/index.h"
#include "modallint/project.h"

/* --- containers --------------------------------------------------------------------------------
 *
 * One growable array and one string map serve the whole tree. They live in the check library
 * (checks/vec.h, checks/strmap.h, internal `ml__` names) because the library uses them and may
 * depend on nothing above it; putting them in include/modallint/ would make them part of the
 * installed API of libmodallint.so, which they are not. The front ends reach them through this
 * header only (test/arch/check.sh checks that lint/ and lsp/ include no other header of checks/),
 * and link them from the static library the front ends already link. */
#include "strmap.h"
#include "vec.h"

/* --- sizes ----------------------------------------------------------------------------------- */

/* A byte count as --max-file-size and the max-file-size key take it, in either front end:
 * decimal digits, alone or followed by KiB or MiB ("8388608", "512KiB", "8MiB"). Returns 0 with
 * *out, or ML_EINVAL for 0, a sign, an overflow or anything else, with *why (static text) saying
 * what was expected. */
int ws_size_parse(const char *text, size_t *out, const char **why);

/* --- reading files ------------------------------------------------------------------------------ */

typedef struct ws_file_data {
  char *bytes;     /* NUL-terminated, owned: ws_file_data_free */
  size_t length;
  struct stat st;  /* what fstat said when the file was read (zeroed for stdin) */
} ws_file_data;

/* Reads all of `path` (or standard input when `is_stdin`), provided it holds at most `max_bytes`.
 * Only a regular file is read: anything else (a FIFO, a device, a socket) is refused without
 * being read and without blocking, so a named pipe's data is never consumed and /dev/zero never
 * fills memory. A regular file's size is checked before any byte is read; standard input is read
 * up to the bound and no further.
 * Returns 0; ML_ETOOBIG when the input holds more than `max_bytes` (out->length then says how
 * much is known: the file's size, or `max_bytes` + 1 for standard input); ML_EIO with errno
 * EISDIR for a directory, ENODEV for anything else that is not a regular file (out->st says what
 * it is) and otherwise what the system said; ML_ENOMEM. On failure nothing is left to free. */
int ws_read_file(const char *path, bool is_stdin, size_t max_bytes, ws_file_data *out);
/* As ws_read_file for a path found while following imports (never standard input). */
int ws_read_regular_file(const char *path, size_t max_bytes, ws_file_data *out);
void ws_file_data_free(ws_file_data *data);

/* "a named pipe", "a character device"...: what a non-regular `st` is, for messages. */
const char *ws_file_type_name(const struct stat *st);

/* The absolute, symlink-free path of the folder `dir` as given ("" means "."), resolved once:
 * `cache` maps folders as given to their absolute paths (malloc'd, NULL when the folder does not
 * exist; free the map with ml__strmap_free(cache, free)). *out belongs to the cache. Returns 0 or
 * ML_ENOMEM. */
int ws_absolute_dir(ml__strmap *cache, const char *dir, const char **out);

/* "dir/name" (no second slash when `dir` ends in one), malloc'd; NULL when out of memory. */
char *ws_path_join(const char *dir, const char *name);

/* --- file URIs ---------------------------------------------------------------------------------- */

/* The URI of `path` (as given on the command line), as RFC 3986 asks (GitHub rejects a SARIF
 * artifact URI with a space, '#' or '%' left unencoded). A path inside `root` (an absolute
 * directory without trailing slash, normally the working directory) becomes a relative reference
 * to it and *relative is set; any other becomes an absolute "file://" URI. "." and ".." segments
 * are resolved by name, without asking the file system, so the result does not depend on symbolic
 * links. Returns a new string (free) or NULL when out of memory. */
char *ws_uri_for_path(const char *path, const char *root, bool *relative);

/* "file:///ROOT/": the base a relative reference is resolved against (always with the final slash
 * SARIF asks for). Returns a new string (free) or NULL when out of memory. */
char *ws_uri_for_directory(const char *root);

/* The local path a file:// URI names (percent-decoded), or NULL for another scheme or host, or
 * when out of memory. Owned by the caller (free). */
char *ws_uri_path(const char *uri);

/* --- configuration files ------------------------------------------------------------------------
 *
 * The configuration file that applies to a path: `--config PATH` when given, none with
 * `--isolated`, else the nearest of .modal-lint.toml, modal-lint.toml and pyproject.toml (one with
 * a [tool.modal-lint] table), in that order of preference, in the path's folder or the closest
 * folder above it. Results are cached per folder, so a tree costs a few stat calls per folder. */

typedef struct ws_config_file {
  char *path;       /* as shown to the user: relative to the working folder when inside it */
  char *dir;        /* absolute folder of the file: globs are relative to it */
  ml_config config;
} ws_config_file;

typedef struct ws_configs ws_configs;

/* A lookup cache. With `explicit_path` (--config) that file is read now and applies everywhere;
 * with `isolated` no file applies. Returns 0 with *out (owned by the caller: ws_configs_free),
 * ML_EINVAL or ML_EIO with `message` naming the file (and for an invalid one the line, the key and
 * what was expected), or ML_ENOMEM. */
int ws_configs_new(const char *explicit_path, bool isolated, ws_configs **out, char *message,
                   size_t message_size);
void ws_configs_free(ws_configs *configs);

/* The configuration for the file or folder at `path` (it need not exist, only its folder), found
 * from the folder holding it: *out is NULL when none applies, else owned by the cache. When
 * `relative` is not NULL and a configuration applies, *relative is `path` relative to the
 * configuration's folder (malloc'd; the caller frees it), or NULL when `path` lies outside that
 * folder. Returns 0, or an error as ws_configs_new does. */
int ws_configs_lookup(ws_configs *configs, const char *path, const ws_config_file **out,
                      char **relative, char *message, size_t message_size);

/* --- the modules around a file (MDL111) ---------------------------------------------------------
 *
 * For a file in folder D, the modules are the top-level ones importable from:
 *   - D itself (as `python D/app.py` puts D on sys.path),
 *   - the folder holding D's top-level package, when D is inside one (folders with __init__.py),
 *   - the project root: the nearest folder at or above D holding pyproject.toml, setup.py,
 *     setup.cfg or .git,
 *   - and root/src (the "src layout").
 * A module is a `name.py` file or a package: a folder with __init__.py, or a namespace folder that
 * directly holds .py files. Listings are cached per folder and projects per D, so a large tree
 * reads each folder once. The cache is thread-safe: concurrent workers may share one. */

typedef struct ws_projects ws_projects;

/* An empty cache. `*out` is owned by the caller: ws_projects_free. Returns ML_ENOMEM. */
int ws_projects_new(ws_projects **out);
/* Frees the cache and every project it handed out. */
void ws_projects_free(ws_projects *projects);

/* For the Python file at `path` (which need not exist: standard input named by a file name), sets
 * *project to the modules around it (owned by the cache, valid until ws_projects_free) and writes
 * into `module` the name under which Modal includes the file with its App: its top-level package,
 * or its own module name. Folders that cannot be read contribute nothing. Returns 0, or
 * ML_ENOMEM. */
int ws_projects_lookup(ws_projects *projects, const char *path, const ml_project **project,
                       char *module, size_t module_size);

/* --- import statements as text -----------------------------------------------------------------
 *
 * Kept per file, so that following or signing a file's imports later needs no second scan. */

/* Longest module key or name followed; longer ones are not Python a project would write. */
#define WS_MAX_KEY 512

/* The import statements of `bytes` (ml_scan_imports) as text, "LEVEL\tMODULE\tNAME\n" each.
 * With `first_party_only` those naming the modal package, and names of WS_MAX_KEY bytes or more,
 * are left out. `*out` is owned by the caller (free); NULL with `*out_length` 0 when there are
 * none. `*names_modal` (when not NULL): whether one of them names the modal package. Returns 0 or
 * ML_ENOMEM. */
int ws_scan_imports(const char *bytes, size_t length, bool first_party_only, char **out,
                    size_t *out_length, bool *names_modal);

/* Reads the statement at *line (in text ws_scan_imports gave, which ends at `end`) into `ref`,
 * whose strings point into the text, and moves *line to the next one; false at the end. */
bool ws_next_import(const char **line, const char *end, ml_import_ref *ref);

/* --- the project index --------------------------------------------------------------------------
 *
 * Each file is keyed relative to its project root (the nearest folder holding pyproject.toml,
 * setup.py, setup.cfg or .git; without one, the folder holding its top-level package, or its own
 * folder): ROOT/src/pkg/common.py is "src.pkg.common", and absolute imports are looked for under
 * the prefixes Python's sys.path gives the file (the folder of its top-level package or its own,
 * the root, root/src). One ml_index per root.
 *
 * What gets indexed, cheaply: every file given is read once, its imports are found by a text scan
 * (ml_scan_imports) and followed to the files they name, also outside those given (`worker.py`
 * brings common.py in). A module is indexed when it imports the modal package, or imports
 * (transitively) one that does: a package's __init__.py re-exporting `from .common import app`
 * never names Modal itself.
 *
 * An index is used in one of two ways: built once over a set of files and frozen (every module
 * resolved, then only read, safely from many threads), or kept up to date one file at a time
 * (ws_index_set_text and the functions after it), never frozen: the library then resolves lazily,
 * on the one thread that owns the index, only what a lint asks for. */

typedef struct ws_index ws_index;

/* Builds and freezes the index of the Python files `paths` (".py" or ".pyi" names), reading them
 * on `jobs` threads (0: one per online CPU). Files that cannot be read are left for the caller to
 * report. `*out` is owned by the caller: ws_index_free. Returns 0 or ML_ENOMEM. */
int ws_index_build(const char *const *paths, size_t count, unsigned jobs, ws_index **out);
void ws_index_free(ws_index *index);

/* Whether the file `path` (as given to ws_index_build) was read while building the index and
 * cannot have findings: a regular file that never mentions "modal" (nor starts with a UTF-16 byte
 * order mark, which deserves its error message) and imports no Modal objects. It need not be read
 * again: the index costs one read per file, not two. Thread-safe. */
bool ws_index_skips(const ws_index *index, const char *path);

/* Whether the file `path` (as given) imports an indexed module that exports Modal objects: such a
 * file must be linted even though it never mentions "modal". Thread-safe. */
bool ws_index_needs_lint(const ws_index *index, const char *path);

/* Sets info->index, module_name, is_package and import_prefixes for the Python file at `path` (as
 * given to the index, or any path in a folder it saw); leaves them unset for other files.
 * The strings belong to the index. Thread-safe on a frozen index. */
void ws_index_describe(const ws_index *index, const char *path, ml_file_info *info);

/* --- an index kept up to date, one file at a time ------------------------------------------------
 *
 * Rebuilding the whole index for each change would make N changes cost N^2 (and each rebuild
 * would parse every indexed module again to freeze it). These functions change one record and
 * follow what it now imports. */

/* As ws_index_build, on the calling thread, without freezing: the index to keep up to date. */
int ws_index_build_unfrozen(const char *const *paths, size_t count, ws_index **out);

/* What one update did, for the caller to decide what else to lint again. */
typedef struct ws_index_change {
  bool rebuild;         /* modules followed earlier looked for this file in vain: only a new
                           index (ws_index_build_unfrozen) links them to it */
  bool imports_changed; /* the file's import statements differ from the text the index held */
} ws_index_change;

/* `bytes` stand for the Python file at `path` (an editor holds them, saved or not): the index
 * holds that text instead of the disk's, and follows what it imports (reading those modules from
 * disk, transitively). A file the index has no record of yet gets one. Returns 0 or ML_ENOMEM;
 * `*change` says what happened. */
int ws_index_set_text(ws_index *index, const char *path, const char *bytes, size_t length,
                      ws_index_change *change);

/* The text set for `path` no longer applies: the index holds what is on disk again (nothing when
 * it is not there). Returns 0 or ML_ENOMEM. */
int ws_index_forget_text(ws_index *index, const char *path, ws_index_change *change);

/* The file at `path` changed on disk: the index reads it again, unless a text was set for it.
 * `*known` is false when the index has no record of it (a file nothing followed imports, or a new
 * one: only a new index sees it). Returns 0 or ML_ENOMEM. */
int ws_index_reload(ws_index *index, const char *path, bool *known, ws_index_change *change);

/* The ml_index of the project root holding the Python file at `path`, whether or not a module was
 * indexed there yet; NULL when the index has no record of the file or it cannot be imported by
 * name. Tells which files share a project. */
const ml_index *ws_index_root(const ws_index *index, const char *path);

/* Whether an import of the file at `importer` named the file at `imported` (as followed so far). */
bool ws_index_imports(const ws_index *index, const char *importer, const char *imported);

/* --- UTF-8 ---------------------------------------------------------------------------------------
 *
 * Well-formed means RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF. */

/* Decodes the character at p[0..n) (n > 0): returns true with *cp and *used (its length), or,
 * for bytes that start no valid sequence, false with *cp = U+FFFD and *used = the length of the
 * maximal invalid subpart (at least 1), as WHATWG (and Node) decoders replace them. */
bool ws_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp, size_t *used);

/* The length of the UTF-8 sequence at p[0..n), or 1 for a byte that starts no valid sequence
 * (counted as one code point, as the source model counts it); 0 when n is 0. */
size_t ws_utf8_sequence_length(const unsigned char *p, size_t n);

#endif
