/* Removing a keyword argument: safe when dropping its value drops no side effect. */
#ifndef ML_KEYWORDS_H
#define ML_KEYWORDS_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "context.h"

/* True when evaluating `node` runs no code the user wrote: a constant, a name, or an attribute of
 * one (`api_pb2.DEPLOYMENT_NAMESPACE_WORKSPACE`). Dropping such an argument only drops its value;
 * dropping anything else (a call) may drop a side effect, so removals of it are unsafe. */
bool ml__is_pure(ml__ctx *ctx, TSNode node);

/* Reports `message` on the name of `keyword` (a keyword_argument) with a fix titled `title` that
 * removes the argument: safe when its value is pure, unsafe otherwise, or unsafe always when
 * `always_unsafe`. Returns the finding (NULL when out of memory). */
ml_diag *ml__report_keyword_removal(ml__ctx *ctx, TSNode keyword, const char *message,
                                       const char *title, bool always_unsafe);

#endif
