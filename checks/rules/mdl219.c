/* MDL219 method-keep-warm (catalogue B-19): `@modal.method(keep_warm=N)`, which did nothing after
 * warm pools moved to the class. */
#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static void check_method(ml__ctx *ctx, const ml__call *call, const ml__call_match *match) {
  (void)match;
  TSNode keyword = ml__call_keyword(ctx, call->node, "keep_warm");
  if (ts_node_is_null(keyword)) return;
  ml_diag *diag =
      ml__report_node(ctx, ml__child_by_field(ctx, keyword, ctx->syntax->field_name),
                      "`keep_warm=` on `@modal.method` has no effect; set `min_containers=` on "
                      "the class's `@app.cls` to keep containers warm");
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Remove `keep_warm=`");
  ml__fix_remove_argument(ctx, fix, keyword);
  ml__fix_end(ctx, diag);
}

/* Calls: `@modal.method(...)`'s expression, or `modal.method(...)(f)`. */
static const ml__call_match calls[] = {
    {.qualname = "modal.method", .sync_only = true, .handle = check_method},
};

/* Besides the called name (from the table), every finding needs the keyword. */
static const char *const triggers[] = {"keep_warm", NULL};

const ml__rule_impl ml__rule_mdl219 = {
    .info = ML__RULE_INFO_MDL219,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
    .triggers = triggers,
};
