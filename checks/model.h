/* The one walk over a Python tree, and the semantic model's part in it: imports, assignments,
 * decorated definitions and references are recorded into ctx->sem as the walk meets them. The
 * linter adds its rules to the walk through a visit hook; the project index walks with none,
 * reading the model afterwards. */
#ifndef ML_MODEL_H
#define ML_MODEL_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "context.h"
#include "syntax.h"
#include "vec.h"

/* Called for each named node (and each keyword with children), in document order, after the
 * model has observed it and ctx->path leads to it. Sets ctx->error to stop the walk. */
typedef void (*ml__visit_fn)(ml__ctx *ctx, TSNode node, ml__kind kind, void *data);

/* Walks `tree` (ctx->syntax, ctx->bytes, ctx->file set): iterative, so deep nesting cannot
 * overflow the stack. `parent_kinds` (uint8_t) is scratch the caller keeps across files.
 * `visit` is called for the kinds `visit_kinds` (ML_KIND_COUNT flags) marks, a test per node
 * rather than a call; both may be NULL. Returns ML_OK, ML_ENOMEM (also when ctx->error was set)
 * or ML_ETOODEEP. ctx->path_length is 0 again on return. */
int ml__model_walk(ml__ctx *ctx, ml__vec *parent_kinds, const TSTree *tree, ml__visit_fn visit,
                   const bool *visit_kinds, void *data);

#endif
