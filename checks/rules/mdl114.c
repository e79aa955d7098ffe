/* MDL114 experimental-update-autoscaler (catalogue A-14): `modal.experimental.update_autoscaler(obj,
 * ...)` became the method `obj.update_autoscaler(...)`.
 *
 * The callee is resolved through the semantic model, so a user function that happens to be called
 * `update_autoscaler` is not reported. The object is whatever the call passed: the function only
 * accepted a Function or a Cls instance, and both have the method. */
#include <stdlib.h>
#include <string.h>

#include "../calls.h"
#include "../strbuf.h"
#include "rules.h"

#define QUALNAME "modal.experimental.update_autoscaler"

/* The keywords the method accepts; any other argument (a second positional, a typo) gets no fix. */
static const char *const method_keywords[] = {
    "min_containers",
    "max_containers",
    "buffer_containers",
    "scaledown_window",
};

static bool is_method_keyword(ml__ctx *ctx, TSNode key) {
  for (size_t i = 0; i < sizeof method_keywords / sizeof method_keywords[0]; i++)
    if (ml__node_is_text(ctx->bytes, key, method_keywords[i])) return true;
  return false;
}

/* Expressions that can take `.update_autoscaler` as they are; anything else (`a or b`, `await x`)
 * is parenthesised. */
static bool is_primary(ml__ctx *ctx, TSNode node) {
  switch (ml__kind_of(ctx->syntax, node)) {
    case ML_KIND_IDENTIFIER:
    case ML_KIND_ATTRIBUTE:
    case ML_KIND_CALL:
    case ML_KIND_PARENTHESIZED_EXPRESSION:
      return true;
    default:
      return strcmp(ts_node_type(node), "subscript") == 0;
  }
}

struct call_shape {
  TSNode object;      /* the Function or Cls instance (its value, for `obj=`) */
  TSNode object_arg;  /* the argument that passes it */
  TSNode client;      /* the value of `client=`, or a null node */
  TSNode client_arg;
};

/* Sorts the arguments into the object, `client=` and the keywords the method keeps. False when a
 * call has a shape the rewrite cannot keep exactly. */
static bool read_call(ml__ctx *ctx, TSNode call, struct call_shape *shape) {
  memset(shape, 0, sizeof *shape);
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  if (ts_node_is_null(args)) return false;
  uint32_t count = ts_node_named_child_count(args);
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(args, i);
    ml__kind kind = ml__kind_of(ctx->syntax, arg);
    if (kind == ML_KIND_COMMENT) continue;
    if (kind == ML_KIND_KEYWORD_ARGUMENT) {
      TSNode key = ml__child_by_field(ctx, arg, ctx->syntax->field_name);
      TSNode value = ml__child_by_field(ctx, arg, ctx->syntax->field_value);
      if (ts_node_is_null(key) || ts_node_is_null(value)) return false;
      if (ml__node_is_text(ctx->bytes, key, "obj")) {
        if (!ts_node_is_null(shape->object)) return false;
        shape->object = value;
        shape->object_arg = arg;
      } else if (ml__node_is_text(ctx->bytes, key, "client")) {
        shape->client = value;
        shape->client_arg = arg;
      } else if (!is_method_keyword(ctx, key)) {
        return false;
      }
      continue;
    }
    if (kind == ML_KIND_LIST_SPLAT || kind == ML_KIND_DICTIONARY_SPLAT ||
        !ts_node_is_null(shape->object))
      return false;
    shape->object = arg;
    shape->object_arg = arg;
  }
  return !ts_node_is_null(shape->object);
}

/* The new callee: `obj.update_autoscaler` or, with a client, `obj.hydrate(client=c).update_...`
 * (`hydrate` returns the object). Returns a malloc'd string, or NULL when out of memory. */
static char *new_callee(ml__ctx *ctx, const struct call_shape *shape) {
  ml__strbuf text;
  ml__strbuf_init(&text);
  uint32_t start = ts_node_start_byte(shape->object), end = ts_node_end_byte(shape->object);
  bool wrap = !is_primary(ctx, shape->object);
  if (wrap) ml__strbuf_append_str(&text, "(");
  ml__strbuf_append(&text, ctx->bytes + start, end - start);
  if (wrap) ml__strbuf_append_str(&text, ")");
  if (!ts_node_is_null(shape->client)) {
    uint32_t cs = ts_node_start_byte(shape->client), ce = ts_node_end_byte(shape->client);
    ml__strbuf_append_str(&text, ".hydrate(client=");
    ml__strbuf_append(&text, ctx->bytes + cs, ce - cs);
    ml__strbuf_append_str(&text, ")");
  }
  ml__strbuf_append_str(&text, ".update_autoscaler");
  char *result = ml__strbuf_take(&text);
  ml__strbuf_free(&text);
  return result;
}

static void check_update(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  (void)match;
  TSNode call = c->node, callee = c->function;

  struct call_shape shape;
  bool ok = read_call(ctx, call, &shape);
  bool with_client = ok && !ts_node_is_null(shape.client);
  ml_diag *diag;
  if (!with_client) {
    diag = ml__report_node(ctx, callee,
                           "`modal.experimental.update_autoscaler(obj, ...)` is deprecated; call "
                           "`obj.update_autoscaler(...)` on the Function or Cls instance");
  } else {
    diag = ml__report_node(ctx, callee,
                           "`modal.experimental.update_autoscaler(obj, ..., client=...)` is "
                           "deprecated; call `obj.update_autoscaler(...)`, which takes no "
                           "`client=`: it uses the client the object was hydrated with (a "
                           "Function can be hydrated with `obj.hydrate(client=...)` first)");
  }
  if (!diag || !ok) return;
  /* `hydrate` exists on Functions only (a Cls instance has none), and it only picks the client
   * when the Function is not hydrated yet, whereas the old call sent its request with `client`
   * regardless: a suggestion, not an exact rewrite. */
  if (with_client && ml__type_of(ctx, shape.object) != ML_TYPE_FUNCTION) return;

  char *callee_text = new_callee(ctx, &shape);
  if (!callee_text) {
    ctx->error = -1;
    return;
  }
  ml_fix *fix = with_client
                    ? ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                                    "Replace with `obj.hydrate(client=...).update_autoscaler(...)`")
                    : ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                                    "Replace with `obj.update_autoscaler(...)`");
  if (fix) {
    uint32_t start, end;
    ml__fix_edit(ctx, fix, ts_node_start_byte(callee), ts_node_end_byte(callee), callee_text);
    ml__argument_removal_range(ctx->bytes, shape.object_arg, &start, &end);
    ml__fix_edit(ctx, fix, start, end, "");
    if (with_client) {
      ml__argument_removal_range(ctx->bytes, shape.client_arg, &start, &end);
      ml__fix_edit(ctx, fix, start, end, "");
    }
    ml__fix_end(ctx, diag);
  }
  free(callee_text);
}

/* `from modal.experimental import update_autoscaler` fails with ImportError from 1.2.0 even once
 * every call is migrated, so the import itself is reported (without a fix: whether the name is
 * still used elsewhere is the user's call). */
static void visit_import(ml__ctx *ctx, TSNode statement) {
  TSNode module = ml__child_by_field(ctx, statement, ctx->syntax->field_module_name);
  uint32_t count = ts_node_named_child_count(statement);
  for (uint32_t i = 0; i < count; i++) {
    TSNode item = ts_node_named_child(statement, i);
    if (ts_node_eq(item, module)) continue;
    /* `from m import x` names `x` with a dotted_name; `x as y` binds the alias. */
    TSNode local = ml__kind_of(ctx->syntax, item) == ML_KIND_ALIASED_IMPORT
                       ? ml__child_by_field(ctx, item, ctx->syntax->field_alias)
                       : item;
    if (ts_node_is_null(local)) continue;
    uint32_t start = ts_node_start_byte(local);
    const ml__binding *b =
        ml__semantic_lookup(&ctx->sem, ctx->bytes + start, ts_node_end_byte(local) - start);
    /* The binding this very import made (the walker binds imports before rules see them). */
    if (!b || !b->from_import || b->name != ctx->bytes + start || !b->qualname ||
        strcmp(b->qualname, QUALNAME) != 0)
      continue;
    ml__report_node(ctx, item,
                    "`modal.experimental.update_autoscaler` was removed in 1.2.0 and this import "
                    "then fails; remove it once its calls use `obj.update_autoscaler(...)`");
  }
}

static const ml__call_match calls[] = {
    {.qualname = QUALNAME, .sync_only = true, .handle = check_update},
};

/* The import names `update_autoscaler` too: the table's trigger covers it. */
static const ml__kind kinds[] = {ML_KIND_IMPORT_FROM_STATEMENT};

const ml__rule_impl ml__rule_mdl114 = {
    .info = ML__RULE_INFO_MDL114,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit_import,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
};
