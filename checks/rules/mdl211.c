/* MDL211 object-new (catalogue B-11): the app-scoped `Dict/Queue/Volume/NetworkFileSystem.new()`
 * constructors. */
#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

/* `X.new().persist(...)` is MDL212's, which has a fix for it. */
static bool is_persisted(ml__ctx *ctx, TSNode call) {
  TSNode parent = ml__parent(ctx, call);
  if (ts_node_is_null(parent) || ml__kind_of(ctx->syntax, parent) != ML_KIND_ATTRIBUTE)
    return false;
  TSNode attribute = ml__child_by_field(ctx, parent, ctx->syntax->field_attribute);
  return !ts_node_is_null(attribute) && ml__node_is_text(ctx->bytes, attribute, "persist");
}

static void check_new(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  const char *qualname = match->data;
  if (is_persisted(ctx, c->node)) return;
  ml__report_node(ctx, c->function,
                  "`%s.new()` was removed; use `%s.from_name(\"name\", "
                  "create_if_missing=True)` for a persistent object or `with "
                  "%s.ephemeral() as x:` for a temporary one",
                  qualname, qualname, qualname);
}

/* `data`: the class, as the message names it. */
static const ml__call_match calls[] = {
    {.qualname = "modal.Dict.new", .handle = check_new, .data = "modal.Dict"},
    {.qualname = "modal.Queue.new", .handle = check_new, .data = "modal.Queue"},
    {.qualname = "modal.Volume.new", .handle = check_new, .data = "modal.Volume"},
    {.qualname = "modal.NetworkFileSystem.new", .handle = check_new,
     .data = "modal.NetworkFileSystem"},
};

const ml__rule_impl ml__rule_mdl211 = {
    .info = ML__RULE_INFO_MDL211,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
};
