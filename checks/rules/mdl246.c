/* MDL246 max-inputs (catalogue B-46): `max_inputs=1` on `@app.function` / `@app.cls` became
 * `single_use_containers=True`. */
#include "../calls.h"
#include "../decorators.h"
#include "../rulekit.h"
#include "rules.h"

static bool is_one(ml__ctx *ctx, TSNode node) {
  while (!ts_node_is_null(node) &&
         ml__kind_of(ctx->syntax, node) == ML_KIND_PARENTHESIZED_EXPRESSION)
    node = ts_node_named_child(node, 0);
  return !ts_node_is_null(node) && ml__kind_of(ctx->syntax, node) == ML_KIND_INTEGER &&
         ml__node_is_text(ctx->bytes, node, "1");
}

static void visit(ml__ctx *ctx, TSNode node) {
  TSNode call;
  if (!ml__app_decorator_call(ctx, node, &call)) return;
  TSNode keyword = ml__call_keyword(ctx, call, "max_inputs");
  TSNode value = ml__keyword_value(ctx, keyword);
  if (ts_node_is_null(value)) return;
  TSNode name = ml__child_by_field(ctx, keyword, ctx->syntax->field_name);
  if (!is_one(ctx, value)) {
    /* Only 1 was ever accepted; a variable may hold it. */
    ml__report_node(ctx, name,
                    "`max_inputs=` was replaced by `single_use_containers=True` (only "
                    "`max_inputs=1` was accepted)");
    return;
  }
  ml_diag *diag =
      ml__report_node(ctx, name, "`max_inputs=1` was replaced by `single_use_containers=True`");
  TSNode existing = ml__call_keyword(ctx, call, "single_use_containers");
  if (!ts_node_is_null(existing)) {
    /* Both given: only `single_use_containers=True` says the same thing. */
    if (!ml__is_true(ctx, ml__keyword_value(ctx, existing))) return;
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Remove `max_inputs=1`");
    ml__fix_remove_argument(ctx, fix, keyword);
    ml__fix_end(ctx, diag);
    return;
  }
  ml_fix *fix =
      ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Replace with `single_use_containers=True`");
  ml__fix_edit(ctx, fix, ts_node_start_byte(keyword), ts_node_end_byte(keyword),
               "single_use_containers=True");
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"max_inputs", NULL};

const ml__rule_impl ml__rule_mdl246 = {
    .info = ML__RULE_INFO_MDL246,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
