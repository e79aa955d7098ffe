/* MDL263 private-experimental-params (catalogue B-63): private `_experimental_*` options removed
 * without a warning period. `_experimental_buffer_containers=` is MDL112's (it has a safe rename),
 * so this rule leaves it alone. */
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static const struct {
  const char *keyword;
  const char *removed_in;
} keywords[] = {
    {"_experimental_custom_scaling_factor", "1.4.0"},
    {"_experimental_proxy_ip", "1.4.2"},
};

#define SERVER_REMOVED_IN "1.5.2"

/* `@app.function(...)`'s expression, or `app.function(...)(f)` called directly. */
static void check_call(ml__ctx *ctx, TSNode node) {
  TSNode call;
  if (ml__classify_app_decorator(ctx, node, &call) != ML_APP_DECORATOR_NONE) {
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
      TSNode keyword = ml__call_keyword(ctx, call, keywords[i].keyword);
      if (ts_node_is_null(keyword) || !ml__target_at_least(ctx, keywords[i].removed_in))
        continue;
      ml__report_node(ctx, ml__child_by_field(ctx, keyword, ctx->syntax->field_name),
                      "`%s` was removed without replacement; remove it", keywords[i].keyword);
    }
  }
}

/* `@app._experimental_server(...)` */
static void check_decorator(ml__ctx *ctx, TSNode decorator) {
  TSNode callee = ml__decorator_expression(decorator);
  if (ml__kind_of(ctx->syntax, callee) == ML_KIND_CALL)
    callee = ml__child_by_field(ctx, callee, ctx->syntax->field_function);
  if (ml__kind_of(ctx->syntax, callee) != ML_KIND_ATTRIBUTE) return;
  TSNode method = ml__child_by_field(ctx, callee, ctx->syntax->field_attribute);
  TSNode app = ml__child_by_field(ctx, callee, ctx->syntax->field_object);
  if (!ml__node_is_text(ctx->bytes, method, "_experimental_server") ||
      ml__type_of(ctx, app) != ML_TYPE_APP || !ml__target_at_least(ctx, SERVER_REMOVED_IN))
    return;
  ml__report_node(ctx, method,
                  "`App._experimental_server` was removed; use `@app.server()` and check its "
                  "parameters");
}

static void visit(ml__ctx *ctx, TSNode node) {
  if (ml__kind_of(ctx->syntax, node) == ML_KIND_CALL)
    check_call(ctx, node);
  else
    check_decorator(ctx, node);
}

static const ml__kind kinds[] = {ML_KIND_DECORATOR, ML_KIND_CALL};
static const char *const triggers[] = {"_experimental_custom_scaling_factor",
                                       "_experimental_proxy_ip", "_experimental_server", NULL};

const ml__rule_impl ml__rule_mdl263 = {
    .info = ML__RULE_INFO_MDL263,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
