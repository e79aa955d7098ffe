/* MDL216 allow-background-volume-commits (catalogue B-16): `_allow_background_volume_commits=`,
 * whose behaviour became the only one. */
#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

#define KEYWORD "_allow_background_volume_commits"

static void check_call(ml__ctx *ctx, TSNode call) {
  TSNode keyword = ml__call_keyword(ctx, call, KEYWORD);
  if (ts_node_is_null(keyword)) return;
  ml__report_removed_flag(ctx, keyword, true,
                          "`" KEYWORD "=` was removed: background volume commits are always on; "
                          "remove it",
                          "`" KEYWORD "=` was removed: background volume commits are always on "
                          "and cannot be turned off; remove it and commit explicitly where it "
                          "matters",
                          "Remove `" KEYWORD "=True`");
}

static void visit(ml__ctx *ctx, TSNode node) {
  /* `@app.function(...)`, whose expression is a call, or `app.function(...)(f)` called directly. */
  TSNode call;
  if (ml__classify_app_decorator(ctx, node, &call) != ML_APP_DECORATOR_NONE) {
    check_call(ctx, node);
    return;
  }
  const ml__call *c = ml__call_of(ctx, node);
  if (c && ml__call_method_is(ctx, c, "spawn_sandbox") &&
      ml__call_receiver_type(ctx, c) == ML_TYPE_APP)
    check_call(ctx, node);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"_allow_background_volume_commits", NULL};

const ml__rule_impl ml__rule_mdl216 = {
    .info = ML__RULE_INFO_MDL216,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
