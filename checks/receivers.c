#include "receivers.h"

#include <string.h>

#include "syntax.h"

static TSNode null_node(void) {
  TSNode node = {{0}, 0, 0};
  return node;
}

static bool is_type(TSNode node, const char *type) {
  return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

static bool same_text(ml__ctx *ctx, TSNode a, TSNode b) {
  uint32_t a_start = ts_node_start_byte(a), b_start = ts_node_start_byte(b);
  uint32_t length = ts_node_end_byte(a) - a_start;
  return ts_node_end_byte(b) - b_start == length &&
         memcmp(ctx->bytes + a_start, ctx->bytes + b_start, length) == 0;
}

/* The `as NAME` items of one `with` statement, searched for `identifier`'s name. */
static TSNode with_statement_value(ml__ctx *ctx, TSNode statement, TSNode identifier) {
  TSNode found = null_node();
  for (uint32_t i = 0; i < ts_node_named_child_count(statement); i++) {
    TSNode clause = ts_node_named_child(statement, i);
    if (!is_type(clause, "with_clause")) continue;
    for (uint32_t k = 0; k < ts_node_named_child_count(clause); k++) {
      TSNode item = ts_node_named_child(clause, k);
      TSNode pattern = ts_node_child_by_field_id(item, ctx->syntax->field_value);
      if (!is_type(pattern, "as_pattern")) continue;
      TSNode target = ts_node_child_by_field_id(
          pattern, ts_language_field_id_for_name(ctx->syntax->language, "alias", 5));
      if (ts_node_is_null(target)) continue;
      TSNode name = ml__unparenthesize(ctx->syntax, ts_node_named_child(target, 0));
      if (ts_node_is_null(name) || ml__kind_of(ctx->syntax, name) != ML_KIND_IDENTIFIER ||
          !same_text(ctx, name, identifier))
        continue;
      /* A later item of the same statement rebinding the name wins. */
      found = ts_node_named_child(pattern, 0);
    }
  }
  return found;
}

TSNode ml__with_value(ml__ctx *ctx, TSNode identifier) {
  if (ml__kind_of(ctx->syntax, identifier) != ML_KIND_IDENTIFIER) return null_node();
  TSNode child = identifier;
  for (TSNode p = ml__parent(ctx, identifier); !ts_node_is_null(p);
       child = p, p = ml__parent(ctx, p)) {
    /* Only a use inside the body sees the name; a function boundary ends the search (the body
     * of a nested def runs later, when the name may hold anything). */
    if (is_type(p, "function_definition") || is_type(p, "lambda") || is_type(p, "class_definition"))
      break;
    if (!is_type(p, "with_statement")) continue;
    TSNode body = ts_node_child_by_field_id(p, ctx->syntax->field_body);
    if (ts_node_is_null(body) || !ts_node_eq(body, child)) continue;
    TSNode value = with_statement_value(ctx, p, identifier);
    if (!ts_node_is_null(value)) return value;
  }
  return null_node();
}

/* Annotations that say which Modal object a parameter holds. */
static const struct {
  const char *qualname;
  ml__type type;
} annotations[] = {
    {"modal.Sandbox", ML_TYPE_SANDBOX},
    {"modal.Function", ML_TYPE_FUNCTION},
    {"modal.Environment", ML_TYPE_ENVIRONMENT},
    {"modal.environments.Environment", ML_TYPE_ENVIRONMENT},
    {"modal.file_io.FileIO", ML_TYPE_FILE_IO},
    {"modal.container_process.ContainerProcess", ML_TYPE_CONTAINER_PROCESS},
};

static ml__type annotation_type(ml__ctx *ctx, TSNode annotation) {
  char qualname[256];
  if (ts_node_is_null(annotation) || !ml__qualname(ctx, annotation, qualname, sizeof qualname))
    return ML_TYPE_UNKNOWN;
  for (size_t i = 0; i < sizeof annotations / sizeof annotations[0]; i++)
    if (strcmp(qualname, annotations[i].qualname) == 0) return annotations[i].type;
  return ML_TYPE_UNKNOWN;
}

/* The annotated parameter of the nearest enclosing function that is named like `identifier`. */
static ml__type parameter_type(ml__ctx *ctx, TSNode identifier) {
  for (TSNode p = ml__parent(ctx, identifier); !ts_node_is_null(p); p = ml__parent(ctx, p)) {
    if (!is_type(p, "function_definition")) continue;
    TSNode parameters = ts_node_child_by_field_id(p, ctx->syntax->field_parameters);
    for (uint32_t i = 0; !ts_node_is_null(parameters) && i < ts_node_named_child_count(parameters);
         i++) {
      TSNode parameter = ts_node_named_child(parameters, i);
      if (!is_type(parameter, "typed_parameter") && !is_type(parameter, "typed_default_parameter"))
        continue;
      TSNode name = is_type(parameter, "typed_parameter")
                        ? ts_node_named_child(parameter, 0)
                        : ts_node_child_by_field_id(parameter, ctx->syntax->field_name);
      if (ts_node_is_null(name) || ml__kind_of(ctx->syntax, name) != ML_KIND_IDENTIFIER ||
          !same_text(ctx, name, identifier))
        continue;
      TSNode type = ts_node_child_by_field_id(parameter, ctx->syntax->field_type);
      return ts_node_is_null(type) ? ML_TYPE_UNKNOWN
                                   : annotation_type(ctx, ts_node_named_child(type, 0));
    }
    /* The nearest function decides: its parameters shadow the outer ones, and a name it does
     * not take as a parameter is one this helper cannot follow. */
    return ML_TYPE_UNKNOWN;
  }
  return ML_TYPE_UNKNOWN;
}

ml__type ml__receiver_type(ml__ctx *ctx, TSNode node) {
  node = ml__unparenthesize(ctx->syntax, node);
  if (ts_node_is_null(node)) return ML_TYPE_UNKNOWN;
  ml__type type = ml__type_of(ctx, node);
  if (type != ML_TYPE_UNKNOWN || ml__kind_of(ctx->syntax, node) != ML_KIND_IDENTIFIER) return type;
  /* A name the model binds to something else (an import, a plain value) is not ours to guess. */
  uint32_t start = ts_node_start_byte(node);
  if (ml__semantic_lookup(&ctx->sem, ctx->bytes + start, ts_node_end_byte(node) - start))
    return ML_TYPE_UNKNOWN;
  TSNode value = ml__with_value(ctx, node);
  if (!ts_node_is_null(value)) return ml__type_of(ctx, value);
  return parameter_type(ctx, node);
}
