/* MDL229 generator-retries (catalogue B-29): `retries=` on a generator function. */
#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode decorated) {
  TSNode definition = ml__child_by_field(ctx, decorated, ctx->syntax->field_definition);
  if (ts_node_is_null(definition) ||
      ml__kind_of(ctx->syntax, definition) != ML_KIND_FUNCTION_DEFINITION)
    return;
  /* Whether the body yields needs a walk of the whole body: asked only once a decorator has
   * `retries=`, which is rare. */
  int yields = -1;
  uint32_t count = ts_node_named_child_count(decorated);
  for (uint32_t i = 0; i < count; i++) {
    TSNode decorator = ts_node_named_child(decorated, i), call;
    if (ml__kind_of(ctx->syntax, decorator) != ML_KIND_DECORATOR ||
        ml__classify_app_decorator(ctx, ml__decorator_expression(decorator), &call) !=
            ML_APP_DECORATOR_FUNCTION ||
        ts_node_is_null(call))
      continue;
    TSNode keyword = ml__call_keyword(ctx, call, "retries");
    if (ts_node_is_null(keyword)) continue;
    if (yields < 0)
      yields = ml__block_yields(ctx, ml__child_by_field(ctx, definition, ctx->syntax->field_body));
    if (!yields) return;
    ml__report_node(ctx, ml__child_by_field(ctx, keyword, ctx->syntax->field_name),
                    "generator functions do not support `retries=`; remove it or make the "
                    "function return instead of yield");
  }
}

static const ml__kind kinds[] = {ML_KIND_DECORATED_DEFINITION};
static const char *const triggers[] = {"retries", NULL};

const ml__rule_impl ml__rule_mdl229 = {
    .info = ML__RULE_INFO_MDL229,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
