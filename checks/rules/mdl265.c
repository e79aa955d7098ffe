/* MDL265 function-stats-num-active-runners (catalogue B-65): `FunctionStats.num_active_runners`
 * was always 0 and is gone in 1.0.0. */
#include "../receivers.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode attribute) {
  TSNode name = ml__child_by_field(ctx, attribute, ctx->syntax->field_attribute);
  if (!ml__node_is_text(ctx->bytes, name, "num_active_runners")) return;
  TSNode object = ml__child_by_field(ctx, attribute, ctx->syntax->field_object);
  if (ml__receiver_type(ctx, object) != ML_TYPE_FUNCTION_STATS) return;
  ml__report_node(ctx, name,
                  "`FunctionStats.num_active_runners` was removed (it was always 0); use "
                  "`num_total_runners` or `backlog`");
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE};
static const char *const triggers[] = {"num_active_runners", NULL};

const ml__rule_impl ml__rule_mdl265 = {
    .info = ML__RULE_INFO_MDL265,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
