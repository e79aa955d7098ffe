/* MDL253 sandbox-watch (catalogue B-53): `sb.watch(...)` gave way to `sb.filesystem.watch(...)`. */
#include "../calls.h"
#include "../receivers.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || !ml__call_method_is(ctx, c, "watch")) return;
  /* `watch` is a common name: only typed Sandboxes */
  if (ml__receiver_type(ctx, c->receiver) != ML_TYPE_SANDBOX) return;
  TSNode method = c->method;
  ml_diag *diag = ml__report_node(
      ctx, method, "`Sandbox.watch` is deprecated; use `sb.filesystem.watch(...)`");
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                              "Replace with `filesystem.watch`");
  ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_end_byte(method), "filesystem.watch");
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"watch", NULL};

const ml__rule_impl ml__rule_mdl253 = {
    .info = ML__RULE_INFO_MDL253,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
