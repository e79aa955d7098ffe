/* MDL245 experimental-scheduler-placement (catalogue B-45): `_experimental_scheduler_placement=`
 * on `@app.function` / `@app.cls` became `region=` and `nonpreemptible=`. */
#include <string.h>

#include "../calls.h"
#include "../decorators.h"
#include "../rulekit.h"
#include "../strbuf.h"
#include "rules.h"

#define KEYWORD "_experimental_scheduler_placement"

/* Reads `modal.SchedulerPlacement(region=R, spot=S)`; false for anything else (positional
 * arguments, `zone=`, `instance_type=`, a `spot` that is not a literal). */
static bool read_placement(ml__ctx *ctx, TSNode value, TSNode *region, bool *nonpreemptible) {
  TSNode null_node = {{0}, 0, 0};
  *region = null_node;
  *nonpreemptible = false;
  const ml__call *c = ml__call_of(ctx, value);
  if (!c || c->is_aio || !c->resolves ||
      (strcmp(c->qualname, "modal.SchedulerPlacement") != 0 &&
       strcmp(c->qualname, "modal.scheduler_placement.SchedulerPlacement") != 0))
    return false;
  TSNode args = ml__child_by_field(ctx, value, ctx->syntax->field_arguments);
  uint32_t count = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(args, i);
    ml__kind kind = ml__kind_of(ctx->syntax, arg);
    if (kind == ML_KIND_COMMENT) return false; /* it would be lost */
    if (kind != ML_KIND_KEYWORD_ARGUMENT) return false;
    TSNode key = ml__child_by_field(ctx, arg, ctx->syntax->field_name);
    TSNode v = ml__keyword_value(ctx, arg);
    if (ts_node_is_null(key) || ts_node_is_null(v)) return false;
    if (ml__node_is_text(ctx->bytes, key, "region")) {
      *region = v;
    } else if (ml__node_is_text(ctx->bytes, key, "spot")) {
      if (ml__is_false(ctx, v))
        *nonpreemptible = true;
      else if (!ml__is_true(ctx, v))
        return false;
    } else {
      return false;
    }
  }
  return true;
}

static void visit(ml__ctx *ctx, TSNode node) {
  TSNode call;
  if (!ml__app_decorator_call(ctx, node, &call)) return;
  TSNode keyword = ml__call_keyword(ctx, call, KEYWORD);
  TSNode value = ml__keyword_value(ctx, keyword);
  if (ts_node_is_null(value)) return;
  TSNode region;
  bool nonpreemptible;
  bool exact = read_placement(ctx, value, &region, &nonpreemptible);
  ml_diag *diag = ml__report_node(
      ctx, ml__child_by_field(ctx, keyword, ctx->syntax->field_name),
      exact ? "`" KEYWORD "=` was replaced by `region=` and `nonpreemptible=`"
            : "`" KEYWORD "=` was replaced by `region=` and `nonpreemptible=`; `zone` and "
              "`instance_type` have no replacement");
  if (!diag || !exact ||
      !ts_node_is_null(ml__call_keyword(ctx, call, "region")) ||
      !ts_node_is_null(ml__call_keyword(ctx, call, "nonpreemptible")))
    return;
  ml__strbuf text;
  ml__strbuf_init(&text);
  if (!ts_node_is_null(region)) {
    ml__strbuf_append_str(&text, "region=");
    ml__strbuf_append(&text, ctx->bytes + ts_node_start_byte(region),
                      ts_node_end_byte(region) - ts_node_start_byte(region));
  }
  if (nonpreemptible)
    ml__strbuf_append_str(&text, ts_node_is_null(region) ? "nonpreemptible=True"
                                                         : ", nonpreemptible=True");
  if (text.failed) {
    ml__strbuf_free(&text);
    ctx->error = -1;
    return;
  }
  ml_fix *fix;
  if (text.length == 0) {
    /* `SchedulerPlacement()` or `spot=True` alone: the default placement. */
    fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Remove `" KEYWORD "=`");
    ml__fix_remove_argument(ctx, fix, keyword);
  } else {
    fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Replace with `%s`", text.data);
    ml__fix_edit_n(ctx, fix, ts_node_start_byte(keyword), ts_node_end_byte(keyword), text.data,
                   text.length);
  }
  ml__strbuf_free(&text);
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"_experimental_scheduler_placement", NULL};

const ml__rule_impl ml__rule_mdl245 = {
    .info = ML__RULE_INFO_MDL245,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
