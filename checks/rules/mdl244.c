/* MDL244 sandbox-set-tags-client (catalogue B-44): `client=` of `Sandbox.set_tags`. */
#include "../calls.h"
#include "../keywords.h"
#include "../rulekit.h"
#include "rules.h"

static void check_set_tags(ml__ctx *ctx, const ml__call *call, const ml__call_match *match) {
  (void)match;
  TSNode keyword = ml__call_keyword(ctx, call->node, "client");
  if (ts_node_is_null(keyword)) return;
  /* The sandbox then talks through the client it was created or looked up with, which may not
   * be this one. */
  ml__report_keyword_removal(ctx, keyword,
                                "`client=` of `Sandbox.set_tags` is deprecated; pass the client "
                                "to `Sandbox.create` / `from_id` / `from_name` instead",
                                "Remove `client=`", true);
}

static const ml__call_match calls[] = {
    {.receiver = ML_TYPE_SANDBOX, .method = "set_tags", .handle = check_set_tags},
};


const ml__rule_impl ml__rule_mdl244 = {
    .info = ML__RULE_INFO_MDL244,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
};
