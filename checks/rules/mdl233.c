/* MDL233 allow-cross-region-volumes (catalogue B-33): `allow_cross_region_volumes=` on
 * `@app.function` / `@app.cls` had no effect and was removed. */
#include "../calls.h"
#include "../decorators.h"
#include "../keywords.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode node) {
  TSNode call;
  if (!ml__app_decorator_call(ctx, node, &call)) return;
  TSNode keyword = ml__call_keyword(ctx, call, "allow_cross_region_volumes");
  if (ts_node_is_null(keyword)) return;
  ml__report_keyword_removal(ctx, keyword,
                                "`allow_cross_region_volumes=` has no effect (volumes are always "
                                "reachable across regions) and was removed",
                                "Remove `allow_cross_region_volumes=`", false);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"allow_cross_region_volumes", NULL};

const ml__rule_impl ml__rule_mdl233 = {
    .info = ML__RULE_INFO_MDL233,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
