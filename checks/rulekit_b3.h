/* Helpers shared by rules MDL247-MDL268 (catalogue B-47 to B-68) on top of rulekit.h: the Modal
 * type of a receiver where the semantic model records none (a `with ... as x` target, an annotated
 * parameter), the version the user targets, and uses of Modal names that no longer exist. */
#ifndef ML_RULEKIT_B3_H
#define ML_RULEKIT_B3_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "context.h"
#include "semantic.h"

/* For an identifier bound by an enclosing `with VALUE as NAME:` (the use inside its body), the
 * VALUE expression; a null node otherwise. */
TSNode ml__b3_with_value(ml__ctx *ctx, TSNode identifier);

/* The Modal type of `node` as ml__type_of sees it, or, for a name it knows nothing about, the type
 * of what an enclosing `with ... as name` binds or of the annotation of an enclosing function's
 * parameter `name: modal.Sandbox`. */
ml__type ml__b3_type(ml__ctx *ctx, TSNode node);

/* For a call `receiver.name(...)` / `receiver.name.aio(...)` whose method is `name`: the receiver,
 * the method name node, `.aio` and the receiver's type (ml__b3_type). False for any other call. */
bool ml__b3_method_call(ml__ctx *ctx, TSNode call, const char *name, TSNode *receiver,
                        TSNode *method, bool *is_aio, ml__type *type);

/* True when the user's target version is `version` or newer. */
bool ml__b3_target_at_least(ml__ctx *ctx, const char *version);

/* True when the identifier reads a variable: not an attribute's or keyword's name, not a name
 * being bound. */
bool ml__b3_is_variable_use(ml__ctx *ctx, TSNode identifier);

/* Writes what a name expression stands for when it is a use worth reporting: an attribute chain
 * (`modal.exception.X`) or an identifier read through `from modal... import *` (names bound by a
 * `from` import are reported at their import by the rules). False otherwise. */
bool ml__b3_name_use(ml__ctx *ctx, TSNode node, char *qualname, size_t size);

/* True when the file imports anything from Modal. */
bool ml__b3_imports_modal(ml__ctx *ctx);

#endif
