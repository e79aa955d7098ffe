/* What the semantic model, the gate and the rules ask the project index (modallint/index.h). */
#ifndef ML_INDEX_INTERNAL_H
#define ML_INDEX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "context.h"
#include "modallint/index.h"
#include "semantic.h"

/* The key of the indexed (not opaque) module the import `ref` of `file` names, trying each
 * candidate key in order; NULL when none is indexed. With `with_name`, ref->name is taken as a
 * submodule (`from pkg import common`). The key is owned by the index and stays valid until a
 * module is added or removed. */
const char *ml__index_find_module(ml_index *index, const ml_file_info *file,
                                  const ml_import_ref *ref, bool with_name);

/* The Modal type `module` (a key as above, or any dotted key) exports as `name`, resolving the
 * module when needed; ML_TYPE_UNKNOWN when it exports no Modal object of that name. */
ml__type ml__index_export_type(ml_index *index, const char *module, const char *name,
                               size_t length);

/* Calls `each` for every name `from module import *` binds to a Modal object (respecting the
 * module's `__all__`); names are owned by the index. Returning false stops. */
typedef bool (*ml__export_fn)(const char *name, ml__type type, void *data);
void ml__index_each_star_export(ml_index *index, const char *module, ml__export_fn each,
                                void *data);

/* The gate for a file that never mentions "modal": whether one of its imports (a text scan) names
 * an indexed module that exports Modal objects. */
bool ml__index_file_imports_modal(ml_index *index, const ml_file_info *file, const char *bytes,
                                  size_t length);

/* Whether the statement holding bytes[at] (from the start of its line, or of the line a backslash
 * continues) is an import naming modal or a submodule of it: ml_imports_modal for the statement of
 * one occurrence of "modal". */
bool ml__statement_imports_modal(const char *bytes, size_t length, size_t at);

/* Whether another indexed module imports `name` from the file described by `file` (or imports the
 * file as a module, or star-imports it): renaming the name there would break that module. */
bool ml__index_name_imported(ml_index *index, const ml_file_info *file, const char *name);

#endif
