/* MDL213 app-item-assignment (catalogue B-13): objects stored on the App as attributes or items
 * (`stub.d = modal.Dict.new()`, `stub["d"]`), a hook Modal removed. */
#include <string.h>

#include "../rulekit.h"
#include "rules.h"

/* Public members of `App` (and `Stub`) from 0.60 to 1.x: reading or setting these is real API. */
static const char *const members[] = {
    "name", "is_interactive", "app_id", "description", "set_description", "image", "is_inside",
    "run", "deploy", "registered_functions", "registered_classes", "registered_entrypoints",
    "registered_web_endpoints", "indexed_objects", "local_entrypoint", "function", "cls",
    "spawn_sandbox", "include", "lookup", "from_name", "interactive", "stop", "server",
    "set_tags", "get_tags", "mounts", "secrets", "volumes", "serve",
};

static bool is_member(ml__ctx *ctx, TSNode name) {
  if (ctx->bytes[ts_node_start_byte(name)] == '_') return true; /* private or dunder */
  for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
    if (ml__node_is_text(ctx->bytes, name, members[i])) return true;
  return false;
}

static void visit(ml__ctx *ctx, TSNode node) {
  if (ml__kind_of(ctx->syntax, node) == ML_KIND_ATTRIBUTE) {
    TSNode name = ml__child_by_field(ctx, node, ctx->syntax->field_attribute);
    TSNode object = ml__child_by_field(ctx, node, ctx->syntax->field_object);
    if (ts_node_is_null(name) || ts_node_is_null(object) ||
        ml__type_of(ctx, object) != ML_TYPE_APP || is_member(ctx, name))
      return;
    /* `app.x(...)` calls a method (one this list may lack), not a stored object. */
    TSNode parent = ml__parent(ctx, node);
    if (!ts_node_is_null(parent) && ml__kind_of(ctx->syntax, parent) == ML_KIND_CALL) return;
    uint32_t start = ts_node_start_byte(name);
    int length = (int)(ts_node_end_byte(name) - start);
    if (ml__is_store_target(ctx, node))
      ml__report_node(ctx, node,
                      "storing objects on the App (`.%.*s = ...`) was removed; assign the object "
                      "to a module-level variable `%.*s` instead",
                      length, ctx->bytes + start, length, ctx->bytes + start);
    else
      ml__report_node(ctx, node,
                      "`App` has no attribute `%.*s`: objects stored on the App can no longer be "
                      "read back; use a module-level variable instead",
                      length, ctx->bytes + start);
    return;
  }
  TSNode value = ml__child_by_field(ctx, node, ctx->syntax->field_value);
  if (ts_node_is_null(value) || ml__type_of(ctx, value) != ML_TYPE_APP) return;
  ml__report_node(ctx, node,
                  "%s objects on the App by key (`app[\"...\"]`) was removed; use a module-level "
                  "variable instead",
                  ml__is_store_target(ctx, node) ? "storing" : "reading");
}

/* No trigger words: any attribute or key of an App can be a finding, and the App may come from
 * another module of the project (`from common import app`), so no word is certain. */
static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE, ML_KIND_SUBSCRIPT};

const ml__rule_impl ml__rule_mdl213 = {
    .info = ML__RULE_INFO_MDL213,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
};
