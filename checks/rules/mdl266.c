/* MDL266 container-process-attach-pty (catalogue B-66): `ContainerProcess.attach(pty=...)` raises
 * from 0.67.43 and the parameter is gone in 1.0.0. */
#include "../calls.h"
#include "../receivers.h"
#include "../rulekit.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || !ml__call_method_is(ctx, c, "attach") ||
      ml__receiver_type(ctx, c->receiver) != ML_TYPE_CONTAINER_PROCESS)
    return;
  TSNode keyword = ml__call_keyword(ctx, call, "pty");
  if (ts_node_is_null(keyword)) return;
  ml_diag *diag =
      ml__report_node(ctx, ml__child_by_field(ctx, keyword, ctx->syntax->field_name),
                      "`ContainerProcess.attach()` takes no `pty` argument; set `pty=True` on "
                      "`sb.exec(...)` instead");
  ml_fix *fix = ml__fix_begin(ctx, diag,
                              ml__is_constant(ctx, ml__keyword_value(ctx, keyword))
                                  ? ML_APPLICABILITY_SAFE
                                  : ML_APPLICABILITY_UNSAFE,
                              "Remove `pty=`");
  ml__fix_remove_argument(ctx, fix, keyword);
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"attach", NULL};

const ml__rule_impl ml__rule_mdl266 = {
    .info = ML__RULE_INFO_MDL266,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
