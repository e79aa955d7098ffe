/* Small readers and fix builders shared by the MDL2nn rules (catalogue Part B): the shapes most
 * of those entries share are a keyword on a Modal decorator and a literal argument whose value
 * decides between a safe fix and a diagnostic. What a call calls is its record (calls.h). */
#ifndef ML_RULEKIT_H
#define ML_RULEKIT_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "context.h"

/* True when the expression under a decorator, or the function it calls, resolves to
 * `qualname`; *call is set to the call node, or a null node for a bare `@name`. */
bool ml__decorator_is(ml__ctx *ctx, TSNode decorator, const char *qualname, TSNode *call);

/* The value node of a keyword argument (`name=value`), or a null node. */
TSNode ml__keyword_value(ml__ctx *ctx, TSNode keyword);

/* True for the literal `True` / `False` (parentheses allowed). */
bool ml__is_true(ml__ctx *ctx, TSNode node);
bool ml__is_false(ml__ctx *ctx, TSNode node);

/* True for a literal whose evaluation cannot observe or change anything: a number (with an
 * optional sign), a plain string (no interpolation), True, False, None. */
bool ml__is_constant(ml__ctx *ctx, TSNode node);

/* Adds to `fix` the edit removing `argument` from its argument list (ml__argument_removal_range). */
void ml__fix_remove_argument(ml__ctx *ctx, ml_fix *fix, TSNode argument);

/* Reports a removed flag `keyword` (a keyword_argument) on its name. A literal `default_value`
 * (True or False) asked for what Modal now always does: `same_message`, with a safe fix titled
 * `title` that removes it. Any other value asked for what Modal no longer does: `other_message`,
 * no fix, the code needs a change only its author knows. */
void ml__report_removed_flag(ml__ctx *ctx, TSNode keyword, bool default_value,
                             const char *same_message, const char *other_message,
                             const char *title);

/* The last argument in the argument list `args`, comments skipped; a null node when empty. */
TSNode ml__last_argument(ml__ctx *ctx, TSNode args);

/* True when the value of `expression` is thrown away: it is (possibly under `await`) the whole
 * expression of an expression statement. */
bool ml__value_unused(ml__ctx *ctx, TSNode expression);

/* True when `expression` is written to (`x.a = ...`, `x.a += ...`, `del x.a`, a `for` target). */
bool ml__is_store_target(ml__ctx *ctx, TSNode expression);

/* The module-level `NAME = <value>` assignment that last binds `identifier`'s name before it,
 * giving its right-hand side; a null node when there is none (or the name is rebound elsewhere,
 * in which case which value reaches the use is unknown). */
TSNode ml__module_assigned_value(ml__ctx *ctx, TSNode identifier);

/* The module-level `def NAME` (decorated or not) of `identifier`'s name, or a null node. */
TSNode ml__module_function(ml__ctx *ctx, TSNode identifier);

/* True when the function body `block` contains `yield` outside nested functions, lambdas and
 * classes (which would make those, not it, generators). */
bool ml__block_yields(ml__ctx *ctx, TSNode block);

#endif
