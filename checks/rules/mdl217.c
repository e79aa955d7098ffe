/* MDL217 experimental-boost (catalogue B-17): `_experimental_boost=`, which stopped doing
 * anything. */
#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

#define KEYWORD "_experimental_boost"

/* A CALL node: the expression of `@app.function(...)`, or the same call made directly. */
static void visit(ml__ctx *ctx, TSNode node) {
  TSNode call;
  if (ml__classify_app_decorator(ctx, node, &call) == ML_APP_DECORATOR_NONE ||
      ts_node_is_null(call))
    return;
  TSNode keyword = ml__call_keyword(ctx, call, KEYWORD);
  if (ts_node_is_null(keyword)) return;
  ml_diag *diag = ml__report_node(ctx, ml__child_by_field(ctx, keyword, ctx->syntax->field_name),
                                  "`" KEYWORD "=` was removed; remove it");
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Remove `" KEYWORD "=`");
  ml__fix_remove_argument(ctx, fix, keyword);
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"_experimental_boost", NULL};

const ml__rule_impl ml__rule_mdl217 = {
    .info = ML__RULE_INFO_MDL217,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
