/* MDL242 sandbox-environment-name (catalogue B-42): `environment_name=` of
 * `modal.Sandbox.create`. */
#include <string.h>

#include "../calls.h"
#include "../keywords.h"
#include "../rulekit.h"
#include "rules.h"

static void check_create(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  (void)match;
  TSNode call = c->node;
  TSNode keyword = ml__call_keyword(ctx, call, "environment_name");
  if (ts_node_is_null(keyword)) return;
  ml__report_keyword_removal(ctx, keyword,
                                "`environment_name=` of `Sandbox.create` is deprecated: the "
                                "sandbox runs in the environment of its `app=`",
                                "Remove `environment_name=`", false);
}

static const ml__call_match calls[] = {
    {.qualname = "modal.Sandbox.create", .handle = check_create},
};

/* Besides the called name (from the table), every finding needs the keyword. */
static const char *const triggers[] = {"environment_name", NULL};

const ml__rule_impl ml__rule_mdl242 = {
    .info = ML__RULE_INFO_MDL242,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
    .triggers = triggers,
};
