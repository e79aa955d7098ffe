/* MDL224 app-spawn-sandbox (catalogue B-24): `app.spawn_sandbox(...)` became
 * `modal.Sandbox.create(..., app=app)`. */
#include <stdio.h>
#include <string.h>

#include "../calls.h"
#include "../imports.h"
#include "../rulekit.h"
#include "rules.h"

static void check_spawn_sandbox(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  (void)match;
  TSNode call = c->node, receiver = c->receiver, function = c->function;
  bool is_aio = c->is_aio;
  ml_diag *diag = ml__report_node(
      ctx, function,
      "`App.spawn_sandbox(...)` was replaced by `modal.Sandbox.create(..., app=app)`");
  /* `mounts=` has no place on a sandbox any more (MDL108); an `app=` already given, or a receiver
   * that is not a plain name (it would be evaluated twice), leaves the rewrite to the user. */
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  if (!diag || ts_node_is_null(args) ||
      ml__kind_of(ctx->syntax, args) != ML_KIND_ARGUMENT_LIST ||
      ml__kind_of(ctx->syntax, receiver) != ML_KIND_IDENTIFIER ||
      !ts_node_is_null(ml__call_keyword(ctx, call, "mounts")) ||
      !ts_node_is_null(ml__call_keyword(ctx, call, "app")))
    return;
  char spelling[128];
  if (!ml__fix_modal_name(ctx, NULL, "Sandbox", spelling, sizeof spelling)) return;

  char app_argument[160], text[256];
  uint32_t receiver_length = ts_node_end_byte(receiver) - ts_node_start_byte(receiver);
  int n = snprintf(app_argument, sizeof app_argument, "app=%.*s", (int)receiver_length,
                   ctx->bytes + ts_node_start_byte(receiver));
  if (n < 0 || (size_t)n >= sizeof app_argument) return;
  uint32_t at;
  TSNode last = ml__last_argument(ctx, args);
  if (ts_node_is_null(last)) {
    at = ts_node_start_byte(args) + 1; /* just inside "(" */
    snprintf(text, sizeof text, "%s", app_argument);
  } else if (!ml__argument_append(ctx->bytes, ml_source_length(ctx->source), last,
                                  ml_source_newline(ctx->source), app_argument, &at, text,
                                  sizeof text)) {
    return;
  }
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                              "Replace with `%s.create%s(..., %s)`", spelling,
                              is_aio ? ".aio" : "", app_argument);
  if (!fix) return;
  ml__fix_modal_name(ctx, fix, "Sandbox", spelling, sizeof spelling);
  char callee[160];
  snprintf(callee, sizeof callee, "%s.create%s", spelling, is_aio ? ".aio" : "");
  ml__fix_edit(ctx, fix, ts_node_start_byte(function), ts_node_end_byte(function), callee);
  ml__fix_edit(ctx, fix, at, at, text);
  ml__fix_end(ctx, diag);
}

static const ml__call_match calls[] = {
    {.receiver = ML_TYPE_APP, .method = "spawn_sandbox", .handle = check_spawn_sandbox},
};


const ml__rule_impl ml__rule_mdl224 = {
    .info = ML__RULE_INFO_MDL224,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
};
