/* MDL265 function-stats-num-active-runners (catalogue B-65): `FunctionStats.num_active_runners`
 * was always 0 and is gone in 1.0.0. */
#include "../rulekit_b3.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode attribute) {
  TSNode name = ml__child_by_field(ctx, attribute, ctx->syntax->field_attribute);
  if (!ml__node_is_text(ctx->bytes, name, "num_active_runners")) return;
  TSNode object = ml__child_by_field(ctx, attribute, ctx->syntax->field_object);
  if (ml__b3_type(ctx, object) != ML_TYPE_FUNCTION_STATS) return;
  ml__report_node(ctx, name,
                  "`FunctionStats.num_active_runners` was removed (it was always 0); use "
                  "`num_total_runners` or `backlog`");
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE};
static const char *const triggers[] = {"num_active_runners", NULL};

const ml__rule_impl ml__rule_mdl265 = {
    .info =
        {
            .code = "MDL265",
            .slug = "function-stats-num-active-runners",
            .title = "`FunctionStats.num_active_runners` was removed",
            .entry = "B-65",
            .guide_section = NULL,
            .fixable = 0,
            .deprecated_in = "0.62.224",
            .removed_in = "1.0.0",
            .doc =
                "## What it does\n"
                "Finds `.num_active_runners` read from `f.get_current_stats()` on a Modal "
                "Function (directly, or through a variable assigned from it).\n\n"
                "## Why\n"
                "The field was always `0`. It warned from about 0.62.224 and is gone in 1.0.0 "
                "(`AttributeError`). `FunctionStats` has `backlog` and `num_total_runners` (and "
                "`num_running_inputs` from 1.3.5).\n\n"
                "## Example\n"
                "```python\n"
                "stats = f.get_current_stats()\n"
                "print(stats.backlog, stats.num_active_runners)\n"
                "```\n"
                "Use instead:\n"
                "```python\n"
                "stats = f.get_current_stats()\n"
                "print(stats.backlog, stats.num_total_runners)\n"
                "```\n\n"
                "## Fix safety\n"
                "No automatic fix: replacing it with `0` would be exact but pointless, and "
                "`num_total_runners` means something else.\n",
        },
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
