/* The project index: which module-level names of a project's own modules hold Modal objects, so a
 * file that does `from .common import app` is checked as if `app = modal.App()` were written in it.
 *
 * The library never reads the file system: the front end adds the source of each first-party
 * module under its dotted name (`ml_index_add_module(index, "pkg.common", ...)`) and tells the
 * linter, in ml_file_info, the index and the dotted name of the file being linted. Names are keys
 * relative to one folder the front end chose as the index's root (the project root): a file at
 * ROOT/src/pkg/common.py is "src.pkg.common", and ml_file_info.import_prefixes says under which
 * prefixes an absolute `import pkg.common` is looked for ("src" finds it).
 *
 * A module is resolved lazily, the first time a file imports it: the index runs the semantic model
 * over its source (following its own imports of indexed modules, so re-exports through
 * `from .x import y`, `from .x import *` and `__all__` work) and keeps its Modal-typed names. When
 * unsure (a name rebound to something else, defined differently in two branches, an import cycle, a
 * star import of a module with a computed `__all__`) a name is not exported: no finding is better
 * than a wrong one.
 *
 * Threads: resolving changes the index. A front end that shares one index between threads calls
 * ml_index_freeze first; from then on nothing changes it, and a module not resolved by then
 * exports nothing. Adding or removing a module thaws it and forgets every resolution (an edit of
 * one module can change what others re-export). */
#ifndef MODALLINT_INDEX_H
#define MODALLINT_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "modallint/file.h"

typedef struct ml_index ml_index;

/* An empty index. `*out` is owned by the caller: ml_index_free. Returns ML_ENOMEM. */
int ml_index_new(ml_index **out);
void ml_index_free(ml_index *index);

/* Adds the module `name` (dotted, non-empty, no empty component; "pkg" for pkg/__init__.py with
 * `is_package` set) with a copy of its `length` bytes, replacing any module of that name. Returns
 * ML_EINVAL for a malformed name, ML_ETOOBIG past 4 GiB, ML_ENOMEM. */
int ml_index_add_module(ml_index *index, const char *name, bool is_package, const char *bytes,
                        size_t length);

/* Records that `name` exists but what it exports cannot be known (two files claim the name, it
 * could not be read): importing from it binds nothing, as for a module that is not indexed, but
 * the name is remembered so a front end can tell. Replaces any module of that name. */
int ml_index_add_opaque(ml_index *index, const char *name);

/* Forgets the module `name`; a name that is not there is no error. Returns 0. */
int ml_index_remove_module(ml_index *index, const char *name);

bool ml_index_has_module(const ml_index *index, const char *name);
size_t ml_index_module_count(const ml_index *index);

/* Resolves `name` now (when it is indexed and the index is not frozen). Returns 0 or ML_ENOMEM. */
int ml_index_resolve(ml_index *index, const char *name);

/* Resolves every module and freezes the index (see above). Returns 0 or ML_ENOMEM; on error the
 * index is frozen anyway, with the modules resolved so far. */
int ml_index_freeze(ml_index *index);

/* What an exported name holds. */
typedef enum ml_export_kind {
  ML_EXPORT_NONE = 0, /* not exported, or not known to be a Modal object */
  ML_EXPORT_APP,      /* modal.App / modal.Stub */
  ML_EXPORT_IMAGE,
  ML_EXPORT_FUNCTION, /* a Function: `@app.function` or `modal.Function.from_name(...)` */
  ML_EXPORT_CLS,
  ML_EXPORT_VOLUME,
  ML_EXPORT_SECRET,
  ML_EXPORT_MOUNT,
  ML_EXPORT_OTHER     /* any other Modal object (Dict, Queue, Sandbox, NetworkFileSystem...) */
} ml_export_kind;

/* A short lowercase name of the kind ("app", "image"...). Never NULL. */
const char *ml_export_kind_name(ml_export_kind kind);

/* What `module` exports as `name`, resolving the module when needed. ML_EXPORT_NONE for a module
 * or name that is not indexed. */
ml_export_kind ml_index_lookup(ml_index *index, const char *module, const char *name);

/* Whether `module` exports at least one Modal object. */
bool ml_index_exports_modal(ml_index *index, const char *module);

/* --- import statements, read as text ----------------------------------------------------------- */

/* One module an import statement names. For `from M import a, b` the callback is called once per
 * imported name; for `import M` (and `import M as x`) once, with an empty `name`. */
typedef struct ml_import_ref {
  unsigned level;           /* leading dots of a relative import; 0 for absolute */
  const char *module;       /* dotted, possibly empty (`from . import x`); points into the bytes */
  size_t module_length;
  const char *name;         /* the imported name, "*" for a star import, or empty */
  size_t name_length;
} ml_import_ref;

/* Returning false stops the scan. */
typedef bool (*ml_import_fn)(const ml_import_ref *ref, void *data);

/* Calls `each` for every import statement a cheap line scan of `bytes` finds (no parse: statements
 * inside functions, `if` and `try` count; the odd line of a docstring that reads like an import
 * may too). This is the gate that decides whether a file that never mentions "modal" is parsed,
 * and how the CLI follows the imports of the files it lints. */
void ml_scan_imports(const char *bytes, size_t length, ml_import_fn each, void *data);

/* Whether `ref` is an absolute import of the modal package or one of its submodules. */
bool ml_import_names_modal(const ml_import_ref *ref);

/* Whether the line scan (ml_scan_imports) finds an import of modal in `bytes`. */
bool ml_imports_modal(const char *bytes, size_t length);

/* The `candidate`-th key (0, 1, ...) under which the import `ref` of the file described by `file`
 * may be indexed: a relative import has one (against file->module_name), an absolute one one per
 * import prefix. Writes it to `out` and returns true; false when there is no such candidate, the
 * key does not fit, or a relative import cannot be resolved. With ref->name non-empty (and not
 * "*"), `with_name` appends it: `from pkg import common` may name the module pkg.common. */
bool ml_import_key(const ml_file_info *file, const ml_import_ref *ref, bool with_name,
                   size_t candidate, char *out, size_t size);

#endif
