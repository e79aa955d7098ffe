/* Renaming a name everywhere it is used in one file, for rules whose fix changes an imported name
 * (`from modal import Stub` -> `App`) or a variable (`stub` -> `app`): the import (or assignment)
 * and every use must change together or the file breaks.
 *
 * Occurrences are found by a text scan for the name, then checked against the tree, so text in
 * strings and comments, attribute names (`x.name`), keyword names (`f(name=...)`) and module paths
 * (`from modal.stub import ...`) never count; what the semantic model does not track (parameters,
 * `def`s, uses in other scopes) still does. */
#ifndef ML_RENAME_H
#define ML_RENAME_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "context.h"
#include "semantic.h"

/* Called for each identifier that stands for a variable; returning false stops the scan. */
typedef bool (*ml__occurrence_fn)(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data);

/* Calls `each` for every identifier spelled `name` that stands for a variable, in file order.
 * Returns false when `each` stopped the scan. */
bool ml__each_variable(ml__ctx *ctx, const char *name, ml__occurrence_fn each, void *data);

/* Whether the identifier binds its name (a definition, parameter, assignment or loop target, an
 * import, a `global`) rather than reading it. Deliberately broad. */
bool ml__identifier_binds(ml__ctx *ctx, TSNode identifier, TSNode parent);

/* Whether the name of `b` (bound by `from modal... import X`) can be renamed in its import and in
 * every recorded use: nothing else binds the name, and every variable spelled like it is the import
 * or one of the recorded uses. */
bool ml__binding_renamable(ml__ctx *ctx, const ml__binding *b);

/* Whether code may say `name` and mean Modal's `qualname` ("modal.App"): nothing defines `name`
 * except imports of that same object, and whatever reads `name` already reads it. */
bool ml__name_free_for(ml__ctx *ctx, const char *name, const char *qualname);

#endif
