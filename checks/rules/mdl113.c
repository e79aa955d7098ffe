/* MDL113 keep-warm-method (catalogue A-13): `.keep_warm(n)` on a Function or a Cls instance became
 * `.update_autoscaler(min_containers=n)`.
 *
 * `keep_warm` is a common method name (caches, pools, HTTP clients), so only receivers the semantic
 * model knows to be a Modal Function or Cls instance are reported; any other receiver gives no
 * finding at all rather than a guess. */
#include <string.h>

#include "../calls.h"
#include "rules.h"

#define OLD_METHOD "keep_warm"
#define NEW_METHOD "update_autoscaler"

/* Renames the method and turns the one argument into `min_containers=`: `update_autoscaler`
 * takes keywords only. Returns false (adding nothing) when the arguments are not exactly one
 * positional or one `warm_pool_size=`, the only shapes `keep_warm` accepted. */
static bool convert_arguments(ml__ctx *ctx, ml_fix *fix, TSNode call) {
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  if (ts_node_is_null(args)) return false;
  TSNode only = {{0}, 0, 0};
  uint32_t count = ts_node_named_child_count(args);
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(args, i);
    if (ml__kind_of(ctx->syntax, arg) == ML_KIND_COMMENT) continue;
    if (!ts_node_is_null(only)) return false;
    only = arg;
  }
  if (ts_node_is_null(only)) return false;
  switch (ml__kind_of(ctx->syntax, only)) {
    case ML_KIND_LIST_SPLAT:
    case ML_KIND_DICTIONARY_SPLAT:
      return false;
    case ML_KIND_KEYWORD_ARGUMENT: {
      TSNode key = ml__child_by_field(ctx, only, ctx->syntax->field_name);
      if (ts_node_is_null(key) || !ml__node_is_text(ctx->bytes, key, "warm_pool_size"))
        return false;
      ml__fix_edit(ctx, fix, ts_node_start_byte(key), ts_node_end_byte(key), "min_containers");
      return true;
    }
    default:
      /* A generator expression argument (`f.keep_warm(x for x in y)`) has no `=` form. */
      if (strcmp(ts_node_type(only), "generator_expression") == 0) return false;
      ml__fix_edit(ctx, fix, ts_node_start_byte(only), ts_node_start_byte(only),
                   "min_containers=");
      return true;
  }
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || !ml__call_method_is(ctx, c, OLD_METHOD)) return;
  bool is_aio = c->is_aio;
  TSNode method = c->method, receiver = c->receiver, full_callee = c->function;
  ml__type type = ml__call_receiver_type(ctx, c);
  const char *suffix = is_aio ? ".aio" : "";

  if (type != ML_TYPE_FUNCTION && type != ML_TYPE_CLS_INSTANCE) {
    /* `MyCls().method.keep_warm(n)`: a method's Function, which Modal refuses ("call it on the
     * class instance"); there is no exact rewrite because the old call raised. */
    if (ml__kind_of(ctx->syntax, receiver) != ML_KIND_ATTRIBUTE) return;
    TSNode owner = ml__child_by_field(ctx, receiver, ctx->syntax->field_object);
    if (ml__type_of(ctx, owner) != ML_TYPE_CLS_INSTANCE) return;
    ml__report_node(ctx, full_callee,
                    "`." OLD_METHOD "%s()` is deprecated, and on a method it raises `InvalidError`; "
                    "call `." NEW_METHOD "%s(min_containers=...)` on the class instance instead",
                    suffix, suffix);
    return;
  }

  ml_diag *diag = ml__report_node(ctx, full_callee,
                                  "`." OLD_METHOD "%s(n)` is deprecated; use `." NEW_METHOD
                                  "%s(min_containers=n)`",
                                  suffix, suffix);
  bool has_splat;
  ml__call_positional_count(ctx->syntax, call, &has_splat);
  /* A dry run first: a call whose arguments cannot be converted gets no half-made fix. */
  if (!diag || has_splat || !convert_arguments(ctx, NULL, call)) return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                              "Replace `." OLD_METHOD "%s(n)` with `." NEW_METHOD
                              "%s(min_containers=n)`",
                              suffix, suffix);
  if (!fix) return;
  ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_end_byte(method), NEW_METHOD);
  convert_arguments(ctx, fix, call);
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"keep_warm", NULL};

const ml__rule_impl ml__rule_mdl113 = {
    .info = ML__RULE_INFO_MDL113,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
