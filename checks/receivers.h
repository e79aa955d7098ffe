/* The Modal type of a receiver where the semantic model records none: a `with ... as x` target,
 * a parameter annotated `x: modal.Sandbox`. */
#ifndef ML_RECEIVERS_H
#define ML_RECEIVERS_H

#include <tree_sitter/api.h>

#include "context.h"
#include "semantic.h"

/* For an identifier bound by an enclosing `with VALUE as NAME:` (the use inside its body), the
 * VALUE expression; a null node otherwise. */
TSNode ml__with_value(ml__ctx *ctx, TSNode identifier);

/* The Modal type of `node` as ml__type_of sees it, or, for a name it knows nothing about, the type
 * of what an enclosing `with ... as name` binds or of the annotation of an enclosing function's
 * parameter `name: modal.Sandbox`. */
ml__type ml__receiver_type(ml__ctx *ctx, TSNode node);

#endif
