/* MDL258 environment-members (catalogue B-58): `Environment.members.list/update/remove` gave way
 * to `Environment.roles`. */
#include "../receivers.h"
#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode call) {
  static const char *const methods[] = {"list", "update", "remove"};
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || ts_node_is_null(c->receiver) ||
      ml__kind_of(ctx->syntax, c->receiver) != ML_KIND_ATTRIBUTE)
    return;
  TSNode receiver = c->receiver;
  TSNode members = ml__child_by_field(ctx, receiver, ctx->syntax->field_attribute);
  TSNode environment = ml__child_by_field(ctx, receiver, ctx->syntax->field_object);
  if (!ml__node_is_text(ctx->bytes, members, "members") ||
      ml__receiver_type(ctx, environment) != ML_TYPE_ENVIRONMENT)
    return;
  size_t which = 3;
  for (size_t i = 0; i < 3; i++)
    if (ml__call_method_is(ctx, c, methods[i])) which = i;
  if (which == 3) return;
  if (which == 2) {
    ml__report_node(ctx, members,
                    "`Environment.members` is deprecated; `members.remove` has no direct "
                    "replacement: assign a role such as \"no-access\" with `roles.update(...)`");
    return;
  }
  ml_diag *diag = ml__report_node(ctx, members,
                                  "`Environment.members` is deprecated; use `Environment.roles."
                                  "%s(...)`",
                                  methods[which]);
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE, "Replace `members` with `roles`");
  ml__fix_edit(ctx, fix, ts_node_start_byte(members), ts_node_end_byte(members), "roles");
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"members", NULL};

const ml__rule_impl ml__rule_mdl258 = {
    .info = ML__RULE_INFO_MDL258,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
