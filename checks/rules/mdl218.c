/* MDL218 web-wait-for-response (catalogue B-18): `wait_for_response=` on the web endpoint
 * decorators. */
#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

#define KEYWORD "wait_for_response"

static void check_endpoint(ml__ctx *ctx, const ml__call *call, const ml__call_match *match) {
  (void)match;
  TSNode keyword = ml__call_keyword(ctx, call->node, KEYWORD);
  if (ts_node_is_null(keyword)) return;
  ml__report_removed_flag(ctx, keyword, true,
                          "`" KEYWORD "=` was removed; `True` was the default, remove it",
                          "`" KEYWORD "=` was removed; for long jobs, spawn the work and let the "
                          "client poll for the result",
                          "Remove `" KEYWORD "=True`");
}

/* Calls: `@modal.web_endpoint(...)`'s expression, or `modal.web_endpoint(...)(f)`. */
static const ml__call_match calls[] = {
    {.qualname = "modal.web_endpoint", .sync_only = true, .handle = check_endpoint},
    {.qualname = "modal.asgi_app", .sync_only = true, .handle = check_endpoint},
    {.qualname = "modal.wsgi_app", .sync_only = true, .handle = check_endpoint},
};

/* Besides the called name (from the table), every finding needs the keyword. */
static const char *const triggers[] = {"wait_for_response", NULL};

const ml__rule_impl ml__rule_mdl218 = {
    .info = ML__RULE_INFO_MDL218,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
    .triggers = triggers,
};
