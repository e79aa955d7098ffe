/* MDL231 cls-workspace-param (catalogue B-31): `workspace=` in `Cls.from_name` / `Cls.lookup`. */
#include <string.h>

#include "../calls.h"
#include "../keywords.h"
#include "../rulekit.h"
#include "rules.h"

static void check_workspace(ml__ctx *ctx, const ml__call *call, const ml__call_match *match) {
  (void)match;
  TSNode keyword = ml__call_keyword(ctx, call->node, "workspace");
  if (ts_node_is_null(keyword)) return;
  ml__report_keyword_removal(ctx, keyword,
                                "`workspace=` of `Cls.from_name` / `Cls.lookup` was never used "
                                "and was removed",
                                "Remove `workspace=`", false);
}

static const ml__call_match calls[] = {
    {.qualname = "modal.Cls.from_name", .handle = check_workspace},
    {.qualname = "modal.Cls.lookup", .handle = check_workspace},
};

/* Besides the called name (from the table), every finding needs the keyword. */
static const char *const triggers[] = {"workspace", NULL};

const ml__rule_impl ml__rule_mdl231 = {
    .info = ML__RULE_INFO_MDL231,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
    .triggers = triggers,
};
