/* MDL240 gpu-true-false (catalogue B-40): `gpu=True` / `gpu=False`. */
#include <string.h>

#include "../calls.h"
#include "../decorators.h"
#include "../rulekit.h"
#include "rules.h"

static void check_keyword(ml__ctx *ctx, TSNode call) {
  TSNode keyword = ml__call_keyword(ctx, call, "gpu");
  TSNode value = ml__keyword_value(ctx, keyword);
  if (ts_node_is_null(value)) return;
  if (ml__is_true(ctx, value)) {
    ml_diag *diag = ml__report_node(ctx, value, "`gpu=True` is not accepted; use `gpu=\"any\"`");
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Replace with `gpu=\"any\"`");
    ml__fix_edit(ctx, fix, ts_node_start_byte(value), ts_node_end_byte(value), "\"any\"");
    ml__fix_end(ctx, diag);
  } else if (ml__is_false(ctx, value)) {
    ml_diag *diag = ml__report_node(ctx, value,
                                    "`gpu=False` is not accepted; omit `gpu` (or pass `None`) for "
                                    "no GPU");
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Remove `gpu=False`");
    ml__fix_remove_argument(ctx, fix, keyword);
    ml__fix_end(ctx, diag);
  }
}

static void visit(ml__ctx *ctx, TSNode node) {
  /* `@app.function(...)`, whose expression is a call, or `app.function(...)(f)` called directly. */
  TSNode call;
  if (ml__app_decorator_call(ctx, node, &call)) {
    check_keyword(ctx, call);
    return;
  }
  const ml__call *c = ml__call_of(ctx, node);
  if (!c) return;
  if (c->resolves) {
    if (strcmp(c->qualname, "modal.Sandbox.create") == 0) check_keyword(ctx, node);
    return;
  }
  /* Image build steps (`run_function`, `run_commands`, `pip_install`, ...) and `with_options` on
   * a Function or Cls. */
  if (ts_node_is_null(c->method)) return;
  ml__type type = ml__call_receiver_type(ctx, c);
  if (type == ML_TYPE_IMAGE ||
      ((type == ML_TYPE_CLS || type == ML_TYPE_FUNCTION) &&
       ml__call_method_is(ctx, c, "with_options")))
    check_keyword(ctx, node);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"gpu", NULL};

const ml__rule_impl ml__rule_mdl240 = {
    .info = ML__RULE_INFO_MDL240,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
