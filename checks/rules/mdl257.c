/* MDL257 billing-workspace-report (catalogue B-57): `modal.billing.workspace_billing_report(...)`
 * gave way to `modal.Workspace.from_context().billing.report(...)`. */
#include <stdio.h>
#include <string.h>

#include "../calls.h"
#include "../imports.h"
#include "../rulekit.h"
#include "rules.h"

static void check_report(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  (void)match;
  TSNode call = c->node;
  bool is_aio = c->is_aio;
  TSNode callee = c->function;
  ml_diag *diag = ml__report_node(ctx, callee,
                                  "`modal.billing.workspace_billing_report` is deprecated; use "
                                  "`modal.Workspace.from_context().billing.report(...)`, which "
                                  "returns `BillingReportItem` objects");
  bool has_splat;
  /* The old function took keywords only; anything else is not a call this fix understands. */
  if (!diag || ml__call_positional_count(ctx->syntax, call, &has_splat) > 0 || has_splat) return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                              "Replace with `Workspace.from_context().billing.report`");
  char spelling[128];
  if (!fix || !ml__fix_modal_name(ctx, fix, "Workspace", spelling, sizeof spelling)) {
    /* No safe spelling of `modal.Workspace`: the fix keeps no edits and ml__fix_end drops it. */
    ml__fix_end(ctx, diag);
    return;
  }
  /* `client=` moves to `from_context`, the only place the new API takes it. */
  TSNode client = ml__call_keyword(ctx, call, "client");
  char text[512];
  if (!ts_node_is_null(client)) {
    TSNode value = ml__keyword_value(ctx, client);
    int n = snprintf(text, sizeof text, "%s.from_context(client=%.*s).billing.report%s",
                     spelling, (int)(ts_node_end_byte(value) - ts_node_start_byte(value)),
                     ctx->bytes + ts_node_start_byte(value), is_aio ? ".aio" : "");
    if (n < 0 || (size_t)n >= sizeof text) {
      ml__fix_downgrade(diag, ML_APPLICABILITY_DISPLAY_ONLY);
      ml__fix_end(ctx, diag);
      return;
    }
    ml__fix_remove_argument(ctx, fix, client);
  } else {
    snprintf(text, sizeof text, "%s.from_context().billing.report%s", spelling,
             is_aio ? ".aio" : "");
  }
  ml__fix_edit(ctx, fix, ts_node_start_byte(callee), ts_node_end_byte(callee), text);
  ml__fix_end(ctx, diag);
}

static const ml__call_match calls[] = {
    {.qualname = "modal.billing.workspace_billing_report", .handle = check_report},
};


const ml__rule_impl ml__rule_mdl257 = {
    .info = ML__RULE_INFO_MDL257,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
};
