/* Helpers shared by rules MDL224-MDL246 (catalogue B-24 to B-46) on top of rulekit.h: removing or
 * replacing a keyword whose value may or may not be safe to drop, finding the app decorator of a
 * definition, and renaming a name imported from Modal together with every use. */
#ifndef ML_RULEKIT_B2_H
#define ML_RULEKIT_B2_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "context.h"
#include "semantic.h"

/* True when evaluating `node` runs no code the user wrote: a constant, a name, or an attribute of
 * one (`api_pb2.DEPLOYMENT_NAMESPACE_WORKSPACE`). Dropping such an argument only drops its value;
 * dropping anything else (a call) may drop a side effect, so removals of it are unsafe. */
bool ml__b2_is_pure(ml__ctx *ctx, TSNode node);

/* Reports `message` on the name of `keyword` (a keyword_argument) with a fix titled `title` that
 * removes the argument: safe when its value is pure, unsafe otherwise, or unsafe always when
 * `always_unsafe`. Returns the finding (NULL when out of memory). */
ml_diag *ml__b2_report_keyword_removal(ml__ctx *ctx, TSNode keyword, const char *message,
                                       const char *title, bool always_unsafe);

/* For a decorator `@app.function(...)` or `@app.cls(...)` (also `@stub.*`), or for such a call
 * made directly (`app.function(gpu=g)(f)`, `wrap = app.cls(...)`): its call node. False for
 * anything else, and for a bare `@app.function` (which has no keywords). Rules that visit CALL
 * nodes see both forms once: a decorator's expression is itself a call. */
bool ml__b2_app_decorator_call(ml__ctx *ctx, TSNode node, TSNode *call);

/* The `from ... import ...` statement that holds the byte range of an imported name, or a null
 * node. */
TSNode ml__b2_import_statement_of(ml__ctx *ctx, uint32_t start, uint32_t end);

/* How one Modal name imported with `from MODULE import OLD [as x]` moves. */
typedef struct ml__b2_import_move {
  const char *message;      /* the finding's message */
  const char *new_module;   /* the module the statement must import from, or NULL to keep it */
  const char *new_name;     /* the name to import instead of OLD */
  const char *new_qualname; /* what `new_name` resolves to once imported ("modal.runner.run_app") */
  ml_applicability applicability;
  /* The other names that may share the statement when the module changes (they move with it);
   * NULL-terminated. A statement importing anything else keeps its module and gets no fix. */
  const char *const *movable;
} ml__b2_import_move;

/* Reports every use of the imported binding `b` (or the import itself when it is never used) and
 * attaches the same whole-file fix to each: the import names `new_name`, and either every use is
 * renamed too, or (when a use cannot be followed, or the new name is taken) the import becomes
 * `new_name as OLD` so the uses keep working. An aliased import only changes the imported name. */
void ml__b2_move_import(ml__ctx *ctx, const ml__binding *b, const ml__b2_import_move *move);

#endif
