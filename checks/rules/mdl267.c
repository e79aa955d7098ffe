/* MDL267 object-module-internals (catalogue B-67): internals that moved to private modules:
 * everything in `modal.object` but `Object` (0.72.22) and `modal.exception.deprecation_warning` /
 * `deprecation_error` (0.68.29). */
#include <string.h>

#include "../names.h"
#include "rules.h"

#define OBJECT_MOVED_IN "0.72.22"
#define DEPRECATION_MOVED_IN "0.68.29"

/* The message for what `qualname` names, or NULL when it is public (or still there at the
 * target version). */
static const char *message_for(ml__ctx *ctx, const char *qualname) {
  if (strncmp(qualname, "modal.object.", 13) == 0 && !strchr(qualname + 13, '.') &&
      strcmp(qualname + 13, "Object") != 0 && ml__target_at_least(ctx, OBJECT_MOVED_IN))
    return "`%s` is a Modal internal that moved to a private module; only `modal.object.Object` "
           "is public";
  if ((strcmp(qualname, "modal.exception.deprecation_warning") == 0 ||
       strcmp(qualname, "modal.exception.deprecation_error") == 0) &&
      ml__target_at_least(ctx, DEPRECATION_MOVED_IN))
    return "`%s` is a Modal internal that moved to a private module; use `warnings.warn` in "
           "your own code";
  return NULL;
}

static void report_import(ml__ctx *ctx, TSNode statement) {
  TSNode module = ml__child_by_field(ctx, statement, ctx->syntax->field_module_name);
  if (ts_node_is_null(module) || (!ml__node_is_text(ctx->bytes, module, "modal.object") &&
                                  !ml__node_is_text(ctx->bytes, module, "modal.exception")))
    return;
  for (uint32_t i = 0; i < ts_node_named_child_count(statement); i++) {
    TSNode item = ts_node_named_child(statement, i);
    if (ts_node_eq(item, module)) continue;
    TSNode name = item;
    if (ml__kind_of(ctx->syntax, item) == ML_KIND_ALIASED_IMPORT)
      name = ml__child_by_field(ctx, item, ctx->syntax->field_name);
    if (ml__kind_of(ctx->syntax, name) != ML_KIND_DOTTED_NAME) continue;
    char qualname[256];
    uint32_t module_length = ts_node_end_byte(module) - ts_node_start_byte(module);
    uint32_t name_length = ts_node_end_byte(name) - ts_node_start_byte(name);
    if (module_length + 1 + name_length >= sizeof qualname) continue;
    memcpy(qualname, ctx->bytes + ts_node_start_byte(module), module_length);
    qualname[module_length] = '.';
    memcpy(qualname + module_length + 1, ctx->bytes + ts_node_start_byte(name), name_length);
    qualname[module_length + 1 + name_length] = '\0';
    const char *message = message_for(ctx, qualname);
    if (message) ml__report_node(ctx, name, message, qualname);
  }
}

static void visit(ml__ctx *ctx, TSNode node) {
  if (ml__kind_of(ctx->syntax, node) == ML_KIND_IMPORT_FROM_STATEMENT) {
    report_import(ctx, node);
    return;
  }
  char qualname[256];
  if (!ml__name_use(ctx, node, qualname, sizeof qualname)) return;
  const char *message = message_for(ctx, qualname);
  if (message) ml__report_node(ctx, node, message, qualname);
}

static const ml__kind kinds[] = {ML_KIND_IMPORT_FROM_STATEMENT, ML_KIND_ATTRIBUTE};
static const char *const triggers[] = {"object", "deprecation_warning", "deprecation_error", NULL};

const ml__rule_impl ml__rule_mdl267 = {
    .info = ML__RULE_INFO_MDL267,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
