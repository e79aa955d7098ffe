/* MDL112 autoscaler-param-rename (catalogue A-12): the autoscaler keywords renamed in 0.73.76. */
#include <stdio.h>
#include <string.h>

#include "../calls.h"
#include "rules.h"

static const struct {
  const char *old_name;
  const char *new_name;
  bool on_with_options; /* Cls.with_options accepts the old and the new spelling */
} renames[] = {
    {"keep_warm", "min_containers", false},
    {"concurrency_limit", "max_containers", true},
    {"container_idle_timeout", "scaledown_window", true},
    {"_experimental_buffer_containers", "buffer_containers", true},
};

static void check_keywords(ml__ctx *ctx, TSNode call, bool with_options) {
  for (size_t i = 0; i < sizeof renames / sizeof renames[0]; i++) {
    TSNode keyword = ml__call_keyword(ctx, call, renames[i].old_name);
    if (ts_node_is_null(keyword)) continue;
    TSNode name = ml__child_by_field(ctx, keyword, ctx->syntax->field_name);
    if (with_options && !renames[i].on_with_options) {
      ml__report_node(ctx, name,
                      "`with_options(keep_warm=...)` was never supported; set `min_containers=` on "
                      "the `@app.cls` decorator or call `.update_autoscaler(min_containers=...)`");
      continue;
    }
    TSNode existing = ml__call_keyword(ctx, call, renames[i].new_name);
    if (!ts_node_is_null(existing)) {
      ml__report_node(ctx, name,
                      "`%s` was renamed to `%s`, and both are given: the old value silently wins; "
                      "remove one of them",
                      renames[i].old_name, renames[i].new_name);
      continue;
    }
    ml_diag *diag = ml__report_node(ctx, name, "`%s` was renamed to `%s`", renames[i].old_name,
                                    renames[i].new_name);
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Rename `%s` to `%s`",
                                renames[i].old_name, renames[i].new_name);
    ml__fix_edit(ctx, fix, ts_node_start_byte(name), ts_node_end_byte(name), renames[i].new_name);
    ml__fix_end(ctx, diag);
  }
}

static void visit(ml__ctx *ctx, TSNode node) {
  /* `@app.function(...)`, whose expression is a call, or `app.cls(...)(C)` called directly. */
  TSNode call;
  if (ml__classify_app_decorator(ctx, node, &call) != ML_APP_DECORATOR_NONE) {
    check_keywords(ctx, node, false);
    return;
  }
  /* `SomeCls.with_options(...)`. */
  const ml__call *c = ml__call_of(ctx, node);
  if (c && !c->is_aio && ml__call_method_is(ctx, c, "with_options") &&
      ml__call_receiver_type(ctx, c) == ML_TYPE_CLS)
    check_keywords(ctx, node, true);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"keep_warm", "concurrency_limit", "container_idle_timeout",
                                       "_experimental_buffer_containers", NULL};

const ml__rule_impl ml__rule_mdl112 = {
    .info = ML__RULE_INFO_MDL112,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
