/* MDL255 sandbox-cidr-allowlist (catalogue B-55): `Sandbox.create(cidr_allowlist=)` was renamed
 * to `outbound_cidr_allowlist=`. */
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static void check_create(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  (void)match;
  TSNode call = c->node;
  TSNode keyword = ml__call_keyword(ctx, call, "cidr_allowlist");
  if (ts_node_is_null(keyword)) return;
  TSNode name = ml__child_by_field(ctx, keyword, ctx->syntax->field_name);
  if (!ts_node_is_null(ml__call_keyword(ctx, call, "outbound_cidr_allowlist"))) {
    ml__report_node(ctx, name,
                    "`cidr_allowlist` was renamed to `outbound_cidr_allowlist`, and both are "
                    "given, which raises `InvalidError`; remove `cidr_allowlist`");
    return;
  }
  ml_diag *diag =
      ml__report_node(ctx, name, "`cidr_allowlist` was renamed to `outbound_cidr_allowlist`");
  ml_fix *fix =
      ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Rename to `outbound_cidr_allowlist`");
  ml__fix_edit(ctx, fix, ts_node_start_byte(name), ts_node_end_byte(name),
               "outbound_cidr_allowlist");
  ml__fix_end(ctx, diag);
}

static const ml__call_match calls[] = {
    {.qualname = "modal.Sandbox.create", .handle = check_create},
};

/* Besides the called name (from the table), every finding needs the keyword. */
static const char *const triggers[] = {"cidr_allowlist", NULL};

const ml__rule_impl ml__rule_mdl255 = {
    .info = ML__RULE_INFO_MDL255,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
    .triggers = triggers,
};
