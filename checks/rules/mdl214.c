/* MDL214 function-interactive-param (catalogue B-14): `interactive=` on `@app.function` /
 * `@app.cls`, replaced by `modal run -i` and `modal.interact()`. */
#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

/* A CALL node: the expression of `@app.function(...)`, or the same call made directly. */
static void visit(ml__ctx *ctx, TSNode node) {
  TSNode call;
  if (ml__classify_app_decorator(ctx, node, &call) == ML_APP_DECORATOR_NONE ||
      ts_node_is_null(call))
    return;
  TSNode keyword = ml__call_keyword(ctx, call, "interactive");
  if (ts_node_is_null(keyword)) return;
  ml__report_removed_flag(ctx, keyword, false,
                          "`interactive=` was removed from the app decorators; "
                          "`interactive=False` was the default, remove it",
                          "`interactive=` was removed from the app decorators; run with "
                          "`modal run -i` and call `modal.interact()` inside the function",
                          "Remove `interactive=False`");
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"interactive", NULL};

const ml__rule_impl ml__rule_mdl214 = {
    .info = ML__RULE_INFO_MDL214,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
