#include "keywords.h"

#include <string.h>

#include "rulekit.h"
#include "syntax.h"

static bool is_type(TSNode node, const char *type) {
  return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

static bool pure_at(ml__ctx *ctx, TSNode node, int depth) {
  if (ts_node_is_null(node) || depth > 32) return false;
  if (ml__is_constant(ctx, node)) return true;
  switch (ml__kind_of(ctx->syntax, node)) {
    case ML_KIND_IDENTIFIER:
      return true;
    case ML_KIND_PARENTHESIZED_EXPRESSION:
      return pure_at(ctx, ts_node_named_child(node, 0), depth + 1);
    case ML_KIND_ATTRIBUTE:
      /* Reading an attribute can run a property, but not on the module and class attributes
       * these arguments are spelled with. */
      return pure_at(ctx, ml__child_by_field(ctx, node, ctx->syntax->field_object), depth + 1);
    case ML_KIND_LIST:
      break;
    default:
      if (!is_type(node, "tuple")) return false;
  }
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; i++) {
    TSNode child = ts_node_named_child(node, i);
    if (ml__kind_of(ctx->syntax, child) != ML_KIND_COMMENT && !pure_at(ctx, child, depth + 1))
      return false;
  }
  return true;
}

bool ml__is_pure(ml__ctx *ctx, TSNode node) { return pure_at(ctx, node, 0); }

ml_diag *ml__report_keyword_removal(ml__ctx *ctx, TSNode keyword, const char *message,
                                       const char *title, bool always_unsafe) {
  TSNode name = ml__child_by_field(ctx, keyword, ctx->syntax->field_name);
  ml_diag *diag = ml__report_node(ctx, ts_node_is_null(name) ? keyword : name, "%s", message);
  /* A positional argument after the keyword (`f(a=1, x)`, not valid Python, but a state a
   * half-applied fix of another rule can leave) would end up in the keyword's place. */
  for (TSNode next = ts_node_next_named_sibling(keyword); !ts_node_is_null(next);
       next = ts_node_next_named_sibling(next)) {
    ml__kind kind = ml__kind_of(ctx->syntax, next);
    if (kind != ML_KIND_KEYWORD_ARGUMENT && kind != ML_KIND_COMMENT &&
        kind != ML_KIND_DICTIONARY_SPLAT)
      return diag;
  }
  bool pure = !always_unsafe && ml__is_pure(ctx, ml__keyword_value(ctx, keyword));
  ml_fix *fix = ml__fix_begin(ctx, diag, pure ? ML_APPLICABILITY_SAFE : ML_APPLICABILITY_UNSAFE,
                              "%s", title);
  ml__fix_remove_argument(ctx, fix, keyword);
  ml__fix_end(ctx, diag);
  return diag;
}
