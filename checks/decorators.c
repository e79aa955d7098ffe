#include "decorators.h"

#include "semantic.h"
#include "syntax.h"

bool ml__app_decorator_call(ml__ctx *ctx, TSNode node, TSNode *call) {
  TSNode expression =
      ml__kind_of(ctx->syntax, node) == ML_KIND_DECORATOR ? ml__decorator_expression(node) : node;
  return ml__classify_app_decorator(ctx, expression, call) != ML_APP_DECORATOR_NONE &&
         !ts_node_is_null(*call);
}
