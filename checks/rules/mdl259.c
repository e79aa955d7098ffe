/* MDL259 sandbox-list-without-app-id (catalogue B-59): `modal.Sandbox.list()` without `app_id=`
 * scans the whole environment and warns from 1.5.4. */
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static void check_list(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  (void)match;
  TSNode call = c->node;
  bool has_splat;
  ml__call_positional_count(ctx->syntax, call, &has_splat);
  /* `**options` may well hold `app_id`. */
  if (has_splat || !ts_node_is_null(ml__call_keyword(ctx, call, "app_id")))
    return;
  ml__report_node(ctx, c->function,
                  "`Sandbox.list()` without `app_id=` lists every Sandbox of the environment "
                  "and is deprecated; pass `app_id=app.app_id`");
}

static const ml__call_match calls[] = {
    {.qualname = "modal.Sandbox.list", .handle = check_list},
};

/* Besides `list` (from the table): `Sandbox` names the class in every spelling of
 * `modal.Sandbox.list` (an alias is imported by that name), and is far rarer. */
static const char *const triggers[] = {"Sandbox", NULL};

const ml__rule_impl ml__rule_mdl259 = {
    .info = ML__RULE_INFO_MDL259,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
    .triggers = triggers,
};
