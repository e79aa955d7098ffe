/* MDL243 sandbox-pty-info (catalogue B-43): `pty_info=` / `_pty_info=` of `Sandbox.create` and
 * `sb.exec`. */
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static bool is_none(ml__ctx *ctx, TSNode node) {
  while (!ts_node_is_null(node) &&
         ml__kind_of(ctx->syntax, node) == ML_KIND_PARENTHESIZED_EXPRESSION)
    node = ts_node_named_child(node, 0);
  return !ts_node_is_null(node) && ml__kind_of(ctx->syntax, node) == ML_KIND_NONE;
}

static void check_keyword(ml__ctx *ctx, TSNode call, const char *name, const char *method) {
  TSNode keyword = ml__call_keyword(ctx, call, name);
  TSNode value = ml__keyword_value(ctx, keyword);
  if (ts_node_is_null(value)) return;
  ml_diag *diag = ml__report_node(ctx, ml__child_by_field(ctx, keyword, ctx->syntax->field_name),
                                  "`%s=` of `%s` is deprecated; pass `pty=True`", name, method);
  if (is_none(ctx, value)) {
    /* `None` asked for no terminal, which is what leaving `pty` out means. */
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Remove `%s=None`", name);
    ml__fix_remove_argument(ctx, fix, keyword);
    ml__fix_end(ctx, diag);
    return;
  }
  TSNode pty = ml__call_keyword(ctx, call, "pty");
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE, "Replace with `pty=True`");
  if (ts_node_is_null(pty))
    ml__fix_edit(ctx, fix, ts_node_start_byte(keyword), ts_node_end_byte(keyword), "pty=True");
  else if (ml__is_true(ctx, ml__keyword_value(ctx, pty)))
    ml__fix_remove_argument(ctx, fix, keyword);
  ml__fix_end(ctx, diag); /* `pty=False` next to it: no fix, the two disagree */
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c) return;
  if (c->resolves) {
    if (strcmp(c->qualname, "modal.Sandbox.create") == 0)
      check_keyword(ctx, call, "pty_info", "Sandbox.create");
    return;
  }
  if (!ml__call_method_is(ctx, c, "exec") || ml__call_receiver_type(ctx, c) != ML_TYPE_SANDBOX)
    return;
  check_keyword(ctx, call, "pty_info", "Sandbox.exec");
  check_keyword(ctx, call, "_pty_info", "Sandbox.exec");
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"pty_info", "_pty_info", NULL};

const ml__rule_impl ml__rule_mdl243 = {
    .info = ML__RULE_INFO_MDL243,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
