/* MDL260 enable-output-as-value (catalogue B-60): `with modal.enable_output() as x:` — from 1.4.0
 * the context manager yields `None`. */
#include <string.h>

#include "../calls.h"
#include "../rename.h"
#include "../rulekit.h"
#include "rules.h"

static bool is_type(TSNode node, const char *type) {
  return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

struct uses {
  uint32_t binding; /* start of the `as` target, which is not a use */
  bool used;
};

static bool note_use(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  (void)ctx, (void)parent;
  struct uses *uses = data;
  if (ts_node_start_byte(identifier) != uses->binding) uses->used = true;
  return !uses->used;
}

static void check_enable_output(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  (void)match;
  TSNode call = c->node;
  TSNode pattern = ml__parent(ctx, call);
  if (!is_type(pattern, "as_pattern") || !is_type(ml__parent(ctx, pattern), "with_item")) return;
  TSNode alias = ts_node_named_child(pattern, 1);
  TSNode target = ts_node_named_child(alias, 0);
  if (ml__kind_of(ctx->syntax, target) != ML_KIND_IDENTIFIER) {
    ml__report_node(ctx, alias,
                    "`modal.enable_output()` yields `None`; the `as` target gets nothing");
    return;
  }
  char name[128];
  uint32_t length = ts_node_end_byte(target) - ts_node_start_byte(target);
  if (length >= sizeof name) return;
  memcpy(name, ctx->bytes + ts_node_start_byte(target), length);
  name[length] = '\0';
  /* Any other variable spelled the same counts as a use: a name used elsewhere for something
   * else only costs the safe fix. */
  struct uses uses = {ts_node_start_byte(target), false};
  ml__each_variable(ctx, name, note_use, &uses);
  if (uses.used) {
    ml__report_node(ctx, alias,
                    "`modal.enable_output()` yields `None`; `%s` does not hold the output "
                    "manager",
                    name);
    return;
  }
  ml_diag *diag = ml__report_node(
      ctx, alias, "`modal.enable_output()` yields `None`; drop the unused `as %s`", name);
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Remove `as %s`", name);
  ml__fix_edit(ctx, fix, ts_node_end_byte(call), ts_node_end_byte(pattern), "");
  ml__fix_end(ctx, diag);
}

static const ml__call_match calls[] = {
    {.qualname = "modal.enable_output", .handle = check_enable_output},
};


const ml__rule_impl ml__rule_mdl260 = {
    .info = ML__RULE_INFO_MDL260,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
};
