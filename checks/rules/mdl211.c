/* MDL211 object-new (catalogue B-11): the app-scoped `Dict/Queue/Volume/NetworkFileSystem.new()`
 * constructors. */
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static const char *const classes[] = {"modal.Dict", "modal.Queue", "modal.Volume",
                                      "modal.NetworkFileSystem"};

/* `X.new().persist(...)` is MDL212's, which has a fix for it. */
static bool is_persisted(ml__ctx *ctx, TSNode call) {
  TSNode parent = ml__parent(ctx, call);
  if (ts_node_is_null(parent) || ml__kind_of(ctx->syntax, parent) != ML_KIND_ATTRIBUTE)
    return false;
  TSNode attribute = ml__child_by_field(ctx, parent, ctx->syntax->field_attribute);
  return !ts_node_is_null(attribute) && ml__node_is_text(ctx->bytes, attribute, "persist");
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || !c->resolves) return;
  size_t length = strlen(c->qualname);
  if (length < 4 || strcmp(c->qualname + length - 4, ".new") != 0) return;
  length -= 4;
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
    const char *qualname = classes[i];
    if (strlen(qualname) != length || memcmp(c->qualname, qualname, length) != 0) continue;
    if (is_persisted(ctx, call)) return;
    ml__report_node(ctx, c->function,
                    "`%s.new()` was removed; use `%s.from_name(\"name\", "
                    "create_if_missing=True)` for a persistent object or `with "
                    "%s.ephemeral() as x:` for a temporary one",
                    qualname, qualname, qualname);
    return;
  }
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"new", NULL};

const ml__rule_impl ml__rule_mdl211 = {
    .info =
        {
            .code = "MDL211",
            .slug = "object-new",
            .title = "`Dict/Queue/Volume/NetworkFileSystem.new()` was removed",
            .entry = "B-11",
            .guide_section = NULL,
            .fixable = 0,
            .deprecated_in = "0.61.74",
            .removed_in = "0.62.189",
            .doc = ml__doc_mdl211,
        },
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
