/* App decorators (`@app.function(...)`, `@app.cls(...)`) and the calls that make them. */
#ifndef ML_DECORATORS_H
#define ML_DECORATORS_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "context.h"

/* For a decorator `@app.function(...)` or `@app.cls(...)` (also `@stub.*`), or for such a call
 * made directly (`app.function(gpu=g)(f)`, `wrap = app.cls(...)`): its call node. False for
 * anything else, and for a bare `@app.function` (which has no keywords). Rules that visit CALL
 * nodes see both forms once: a decorator's expression is itself a call. */
bool ml__app_decorator_call(ml__ctx *ctx, TSNode node, TSNode *call);

#endif
