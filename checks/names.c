#include "names.h"

#include "rename.h"
#include "semantic.h"
#include "syntax.h"

bool ml__is_variable_use(ml__ctx *ctx, TSNode identifier) {
  TSNode parent = ml__parent(ctx, identifier);
  if (ts_node_is_null(parent)) return false;
  ml__kind kind = ml__kind_of(ctx->syntax, parent);
  if (kind == ML_KIND_ATTRIBUTE) {
    TSNode attribute = ts_node_child_by_field_id(parent, ctx->syntax->field_attribute);
    if (!ts_node_is_null(attribute) && ts_node_eq(attribute, identifier)) return false;
  }
  if (kind == ML_KIND_KEYWORD_ARGUMENT) {
    TSNode name = ts_node_child_by_field_id(parent, ctx->syntax->field_name);
    if (!ts_node_is_null(name) && ts_node_eq(name, identifier)) return false;
  }
  return !ml__identifier_binds(ctx, identifier, parent);
}

bool ml__name_use(ml__ctx *ctx, TSNode node, char *qualname, size_t size) {
  ml__kind kind = ml__kind_of(ctx->syntax, node);
  if (kind == ML_KIND_ATTRIBUTE) {
    TSNode object = ts_node_child_by_field_id(node, ctx->syntax->field_object);
    /* Only chains of names reach a module's members; `f().x` is an attribute of a value. */
    for (int depth = 0; depth < 64 && ml__kind_of(ctx->syntax, object) == ML_KIND_ATTRIBUTE;
         depth++)
      object = ts_node_child_by_field_id(object, ctx->syntax->field_object);
    if (ml__kind_of(ctx->syntax, object) != ML_KIND_IDENTIFIER) return false;
    return ml__qualname(ctx, node, qualname, size);
  }
  if (kind != ML_KIND_IDENTIFIER || !ctx->sem.star_module) return false;
  uint32_t start = ts_node_start_byte(node);
  if (ml__semantic_lookup(&ctx->sem, ctx->bytes + start, ts_node_end_byte(node) - start))
    return false;
  return ml__is_variable_use(ctx, node) && ml__qualname(ctx, node, qualname, size);
}
