#include "cls.h"

#include "calls.h"
#include "syntax.h"

TSNode ml__cls_root(ml__ctx *ctx, TSNode node) {
  for (int depth = 0; depth < 64; depth++) {
    ml__kind kind = ml__kind_of(ctx->syntax, node);
    if (kind == ML_KIND_PARENTHESIZED_EXPRESSION) {
      node = ts_node_named_child(node, 0);
      continue;
    }
    const ml__call *call = ml__call_of(ctx, node);
    if (!call || call->is_aio ||
        (!ml__call_method_is(ctx, call, "with_options") &&
         !ml__call_method_is(ctx, call, "with_concurrency") &&
         !ml__call_method_is(ctx, call, "with_batching") &&
         !ml__call_method_is(ctx, call, "hydrate")))
      return node;
    node = call->receiver;
  }
  return node;
}

TSNode ml__local_class(ml__ctx *ctx, TSNode root, const ml__binding **binding) {
  TSNode null_node = {{0}, 0, 0};
  if (binding) *binding = NULL;
  if (ml__kind_of(ctx->syntax, root) != ML_KIND_IDENTIFIER) return null_node;
  uint32_t start = ts_node_start_byte(root);
  const ml__binding *b =
      ml__semantic_lookup(&ctx->sem, ctx->bytes + start, ts_node_end_byte(root) - start);
  if (!b || b->qualname) return null_node;
  uint32_t at = (uint32_t)(b->name - ctx->bytes);
  TSNode name = ts_node_descendant_for_byte_range(ts_tree_root_node(ctx->tree), at,
                                                  at + b->name_length);
  TSNode parent = ml__parent(ctx, name);
  if (ts_node_is_null(parent) || ml__kind_of(ctx->syntax, parent) != ML_KIND_CLASS_DEFINITION)
    return null_node;
  if (binding) *binding = b;
  return parent;
}
