/* MDL120 cls-uninstantiated-method (catalogue A-20): a method reached through a Cls object
 * (`Model.generate.remote(x)`) instead of an instance (`Model().generate.remote(x)`).
 *
 * Two kinds of Cls objects behave differently in the deprecated path of `_Cls.__getattr__`:
 * - a Cls from `modal.Cls.from_name/lookup` has no local class, so every attribute that is not
 *   part of the Cls API went to a default instance;
 * - a local `@app.cls` class passed its plain attributes through unchanged and only sent the
 *   names of Modal methods (`@modal.method`, `@modal.batched`, web endpoints) to an instance, so
 *   only those are reported. */
#include <string.h>

#include "../cls.h"
#include "rules.h"

/* What a Cls object answers itself; these stay on the class. */
static const char *const cls_api[] = {
    "with_options", "with_concurrency", "with_batching", "hydrate",
    "from_name",    "lookup",           "object_id",     "is_hydrated",
};

/* Decorators that make a method part of the class's callable or web interface (the
 * `interface_flags()` of Modal's `_PartialFunctionFlags`). */
static const char *const method_decorators[] = {
    "modal.method",  "modal.batched",  "modal.fastapi_endpoint", "modal.web_endpoint",
    "modal.asgi_app", "modal.wsgi_app", "modal.web_server",
};

static bool is_cls_api(const char *bytes, TSNode name) {
  if (bytes[ts_node_start_byte(name)] == '_') return true; /* private and dunder members */
  for (size_t i = 0; i < sizeof cls_api / sizeof cls_api[0]; i++)
    if (ml__node_is_text(bytes, name, cls_api[i])) return true;
  return false;
}

static bool is_method_decorator(ml__ctx *ctx, TSNode decorator) {
  TSNode expression = ml__decorator_expression(decorator);
  if (ml__kind_of(ctx->syntax, expression) == ML_KIND_CALL)
    expression = ml__child_by_field(ctx, expression, ctx->syntax->field_function);
  char qualname[128];
  if (ts_node_is_null(expression) || !ml__qualname(ctx, expression, qualname, sizeof qualname))
    return false;
  for (size_t i = 0; i < sizeof method_decorators / sizeof method_decorators[0]; i++)
    if (strcmp(qualname, method_decorators[i]) == 0) return true;
  return false;
}

/* Whether the class body defines `name` as a Modal method. */
static bool defines_modal_method(ml__ctx *ctx, TSNode class_definition, TSNode name) {
  TSNode body = ml__child_by_field(ctx, class_definition, ctx->syntax->field_body);
  uint32_t length = ts_node_end_byte(name) - ts_node_start_byte(name);
  const char *text = ctx->bytes + ts_node_start_byte(name);
  uint32_t count = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < count; i++) {
    TSNode statement = ts_node_named_child(body, i);
    if (ml__kind_of(ctx->syntax, statement) != ML_KIND_DECORATED_DEFINITION) continue;
    TSNode definition = ml__child_by_field(ctx, statement, ctx->syntax->field_definition);
    TSNode defined = ml__child_by_field(ctx, definition, ctx->syntax->field_name);
    if (ts_node_is_null(defined) ||
        ts_node_end_byte(defined) - ts_node_start_byte(defined) != length ||
        memcmp(ctx->bytes + ts_node_start_byte(defined), text, length) != 0)
      continue;
    uint32_t decorators = ts_node_named_child_count(statement);
    for (uint32_t k = 0; k < decorators; k++) {
      TSNode decorator = ts_node_named_child(statement, k);
      if (ml__kind_of(ctx->syntax, decorator) == ML_KIND_DECORATOR &&
          is_method_decorator(ctx, decorator))
        return true;
    }
  }
  return false;
}

/* `Model.x = ...` and `del Model.x` set or remove class attributes; they are not method calls. */
static bool is_target(ml__ctx *ctx, TSNode attribute) {
  TSNode parent = ml__parent(ctx, attribute);
  if (ts_node_is_null(parent)) return false;
  const char *type = ts_node_type(parent);
  if (strcmp(type, "delete_statement") == 0) return true;
  if (strcmp(type, "assignment") != 0 && strcmp(type, "augmented_assignment") != 0) return false;
  TSNode left = ml__child_by_field(ctx, parent, ctx->syntax->field_left);
  return !ts_node_is_null(left) && ts_node_eq(left, attribute);
}

static void visit(ml__ctx *ctx, TSNode attribute) {
  TSNode receiver = ml__child_by_field(ctx, attribute, ctx->syntax->field_object);
  TSNode name = ml__child_by_field(ctx, attribute, ctx->syntax->field_attribute);
  if (ts_node_is_null(receiver) || ts_node_is_null(name) || is_cls_api(ctx->bytes, name)) return;
  if (ml__type_of(ctx, receiver) != ML_TYPE_CLS || is_target(ctx, attribute)) return;
  TSNode definition = ml__local_class(ctx, ml__cls_root(ctx, receiver), NULL);
  if (!ts_node_is_null(definition) && !defines_modal_method(ctx, definition, name)) return;

  uint32_t start = ts_node_start_byte(name);
  int length = (int)(ts_node_end_byte(name) - start);
  ml_diag *diag = ml__report_node(ctx, attribute,
                                  "method `%.*s` is used on the Cls itself; instantiate it first: "
                                  "`Cls().%.*s` (calling a method without an instance fails "
                                  "from 1.2.0)",
                                  length, ctx->bytes + start, length, ctx->bytes + start);
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Instantiate the class: add `()`");
  ml__fix_edit(ctx, fix, ts_node_end_byte(receiver), ts_node_end_byte(receiver), "()");
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE};
/* No triggers: the receiver is any Cls, which may be imported from another module (the project
 * index types it), and the reported member can have any name. */

const ml__rule_impl ml__rule_mdl120 = {
    .info = ML__RULE_INFO_MDL120,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
};
