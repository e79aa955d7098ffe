/* Cls objects (`@app.cls` classes, `modal.Cls.from_name(...)`): what a Cls expression derives
 * from, and the local class behind it. */
#ifndef ML_CLS_H
#define ML_CLS_H

#include <tree_sitter/api.h>

#include "context.h"
#include "semantic.h"

/* Follows `X.with_options(...)`, `X.with_concurrency(...)`, `X.with_batching(...)`,
 * `X.hydrate()` and parentheses back to the `X` they derive a Cls from. */
TSNode ml__cls_root(ml__ctx *ctx, TSNode node);

/* The class_definition the name `root` is bound to by a class statement (`@app.cls` classes),
 * with *binding (when `binding` is not NULL) set to that binding; a null node otherwise (a `from_name` result, an annotated
 * variable, an import). The binding remembers where the name was written. */
TSNode ml__local_class(ml__ctx *ctx, TSNode root, const ml__binding **binding);

#endif
