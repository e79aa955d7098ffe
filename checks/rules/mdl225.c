/* MDL225 sandbox-without-app (catalogue B-25): `modal.Sandbox.create(...)` without `app=` outside
 * a Modal container. */
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

/* Whether `definition` (a function or class definition) carries `@app.function` / `@app.cls`. */
static bool runs_in_container(ml__ctx *ctx, TSNode definition) {
  TSNode decorated = ml__parent(ctx, definition);
  if (ts_node_is_null(decorated) ||
      ml__kind_of(ctx->syntax, decorated) != ML_KIND_DECORATED_DEFINITION)
    return false;
  uint32_t count = ts_node_named_child_count(decorated);
  for (uint32_t i = 0; i < count; i++) {
    TSNode decorator = ts_node_named_child(decorated, i);
    TSNode call;
    if (ml__kind_of(ctx->syntax, decorator) == ML_KIND_DECORATOR &&
        ml__classify_app_decorator(ctx, ml__decorator_expression(decorator), &call) !=
            ML_APP_DECORATOR_NONE)
      return true;
  }
  return false;
}

/* Whether a `with` statement enters `app.run(...)` on a Modal App. */
static bool with_runs_app(ml__ctx *ctx, TSNode with_statement) {
  uint32_t count = ts_node_named_child_count(with_statement);
  for (uint32_t i = 0; i < count; i++) {
    TSNode clause = ts_node_named_child(with_statement, i);
    if (strcmp(ts_node_type(clause), "with_clause") != 0) continue;
    uint32_t items = ts_node_named_child_count(clause);
    for (uint32_t j = 0; j < items; j++) {
      TSNode value = ts_node_named_child(ts_node_named_child(clause, j), 0);
      if (!ts_node_is_null(value) && strcmp(ts_node_type(value), "as_pattern") == 0)
        value = ts_node_named_child(value, 0);
      const ml__call *c = ml__call_of(ctx, value);
      if (c && ml__call_method_is(ctx, c, "run") &&
          ml__call_receiver_type(ctx, c) == ML_TYPE_APP)
        return true;
    }
  }
  return false;
}

/* Code inside a Modal function (or a method of a Modal class) runs in a container, where the
 * sandbox takes the container's App; code inside `with app.run():` has a running App. */
static bool app_is_implied(ml__ctx *ctx, TSNode node) {
  for (TSNode p = ml__parent(ctx, node); !ts_node_is_null(p); p = ml__parent(ctx, p)) {
    ml__kind kind = ml__kind_of(ctx->syntax, p);
    if ((kind == ML_KIND_FUNCTION_DEFINITION || kind == ML_KIND_CLASS_DEFINITION) &&
        runs_in_container(ctx, p))
      return true;
    if (strcmp(ts_node_type(p), "with_statement") == 0 && with_runs_app(ctx, p)) return true;
  }
  return false;
}

static void check_create(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  (void)match;
  TSNode call = c->node;
  if (!ts_node_is_null(ml__call_keyword(ctx, call, "app"))) return;
  /* `**kwargs` may hold `app`. */
  bool has_splat;
  ml__call_positional_count(ctx->syntax, call, &has_splat);
  if (has_splat || app_is_implied(ctx, call)) return;
  ml__report_node(ctx, ml__child_by_field(ctx, call, ctx->syntax->field_function),
                  "`Sandbox.create(...)` needs `app=` outside a Modal container: pass "
                  "`app=modal.App.lookup(\"name\", create_if_missing=True)` or create it inside "
                  "`with app.run():`");
}

static const ml__call_match calls[] = {
    {.qualname = "modal.Sandbox.create", .handle = check_create},
};

/* Besides `create` (from the table): `Sandbox` names the class in every spelling of
 * `modal.Sandbox.create` (an alias is imported by that name), and is far rarer. */
static const char *const triggers[] = {"Sandbox", NULL};

const ml__rule_impl ml__rule_mdl225 = {
    .info = ML__RULE_INFO_MDL225,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
    .triggers = triggers,
};
