/* MDL215 checkpointing-enabled (catalogue B-15): `checkpointing_enabled=` was renamed to
 * `enable_memory_snapshot=`. */
#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

#define OLD_NAME "checkpointing_enabled"
#define NEW_NAME "enable_memory_snapshot"

/* A CALL node: the expression of `@app.function(...)`, or the same call made directly. */
static void visit(ml__ctx *ctx, TSNode node) {
  TSNode call;
  if (ml__classify_app_decorator(ctx, node, &call) == ML_APP_DECORATOR_NONE ||
      ts_node_is_null(call))
    return;
  TSNode keyword = ml__call_keyword(ctx, call, OLD_NAME);
  if (ts_node_is_null(keyword)) return;
  TSNode name = ml__child_by_field(ctx, keyword, ctx->syntax->field_name);
  if (!ts_node_is_null(ml__call_keyword(ctx, call, NEW_NAME))) {
    ml__report_node(ctx, name,
                    "`" OLD_NAME "=` was renamed to `" NEW_NAME "=`, and both are given; remove "
                    "`" OLD_NAME "=`");
    return;
  }
  ml_diag *diag = ml__report_node(ctx, name, "`" OLD_NAME "=` was renamed to `" NEW_NAME "=`");
  ml_fix *fix =
      ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Rename `" OLD_NAME "` to `" NEW_NAME "`");
  ml__fix_edit(ctx, fix, ts_node_start_byte(name), ts_node_end_byte(name), NEW_NAME);
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"checkpointing_enabled", NULL};

const ml__rule_impl ml__rule_mdl215 = {
    .info = ML__RULE_INFO_MDL215,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
