/* MDL212 object-persisted (catalogue B-12): `X.persisted(label)` and `X.new().persist(label)`,
 * which were `X.from_name(label, create_if_missing=True)` under another name. */
#include <stdio.h>
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static const char *const classes[] = {"modal.Dict", "modal.Queue", "modal.Volume",
                                      "modal.NetworkFileSystem"};

/* The class `qualname` ("modal.Dict.persisted") belongs to when its last segment is `method`. */
static const char *class_of(const char *qualname, const char *method) {
  const char *dot = strrchr(qualname, '.');
  if (!dot || strcmp(dot + 1, method) != 0) return NULL;
  size_t length = (size_t)(dot - qualname);
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
    if (strlen(classes[i]) == length && memcmp(qualname, classes[i], length) == 0)
      return classes[i];
  return NULL;
}

/* `namespace=modal.DEPLOYMENT_NAMESPACE_WORKSPACE` is what `from_name` assumes anyway. */
static bool is_default_namespace(ml__ctx *ctx, TSNode value) {
  return ml__resolves_to(ctx, value, "modal.DEPLOYMENT_NAMESPACE_WORKSPACE");
}

/* Rewrites the arguments of `persisted(label, namespace, environment_name)` for `from_name`,
 * which takes the last two as keywords only. False when the call cannot be converted exactly. */
static bool convert_arguments(ml__ctx *ctx, ml_fix *fix, TSNode call) {
  static const char *const parameters[] = {"label", "namespace", "environment_name"};
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  uint32_t count = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
  uint32_t positional = 0;
  TSNode last = {{0}, 0, 0};
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(args, i);
    ml__kind kind = ml__kind_of(ctx->syntax, arg);
    if (kind == ML_KIND_COMMENT) continue;
    last = arg;
    if (kind == ML_KIND_LIST_SPLAT || kind == ML_KIND_DICTIONARY_SPLAT) return false;
    if (kind == ML_KIND_KEYWORD_ARGUMENT) {
      TSNode key = ml__child_by_field(ctx, arg, ctx->syntax->field_name);
      if (ml__node_is_text(ctx->bytes, key, "label")) {
        ml__fix_edit(ctx, fix, ts_node_start_byte(key), ts_node_end_byte(key), "name");
      } else if (ml__node_is_text(ctx->bytes, key, "namespace")) {
        if (is_default_namespace(ctx, ml__keyword_value(ctx, arg)))
          ml__fix_remove_argument(ctx, fix, arg);
      } else if (!ml__node_is_text(ctx->bytes, key, "environment_name")) {
        return false;
      }
      continue;
    }
    if (positional >= 3) return false;
    if (positional == 1 && is_default_namespace(ctx, arg)) {
      ml__fix_remove_argument(ctx, fix, arg);
    } else if (positional > 0) {
      char keyword[32];
      snprintf(keyword, sizeof keyword, "%s=", parameters[positional]);
      ml__fix_edit(ctx, fix, ts_node_start_byte(arg), ts_node_start_byte(arg), keyword);
    }
    positional++;
  }
  if (ts_node_is_null(last)) return false;
  uint32_t at;
  char text[96];
  if (!ml__argument_append(ctx->bytes, ml_source_length(ctx->source), last,
                           ml_source_newline(ctx->source), "create_if_missing=True", &at, text,
                           sizeof text))
    return false;
  ml__fix_edit(ctx, fix, at, at, text);
  return true;
}

static void check_persisted(ml__ctx *ctx, TSNode call, const char *class_name) {
  TSNode callee = ml__child_by_field(ctx, call, ctx->syntax->field_function);
  TSNode method = ml__child_by_field(ctx, callee, ctx->syntax->field_attribute);
  ml_diag *diag = ml__report_node(ctx, callee,
                                  "`%s.persisted(...)` was removed; use "
                                  "`%s.from_name(..., create_if_missing=True)`",
                                  class_name, class_name);
  if (!diag || !convert_arguments(ctx, NULL, call)) return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                              "Replace `.persisted(...)` with "
                              "`.from_name(..., create_if_missing=True)`");
  ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_end_byte(method), "from_name");
  convert_arguments(ctx, fix, call);
  ml__fix_end(ctx, diag);
}

/* `X.new().persist(label)`: the `new()` call goes, and `persist` becomes `from_name`. */
static void check_persist(ml__ctx *ctx, TSNode call, TSNode new_call, const char *class_name) {
  TSNode new_callee = ml__child_by_field(ctx, new_call, ctx->syntax->field_function);
  TSNode new_name = ml__child_by_field(ctx, new_callee, ctx->syntax->field_attribute);
  TSNode callee = ml__child_by_field(ctx, call, ctx->syntax->field_function);
  TSNode method = ml__child_by_field(ctx, callee, ctx->syntax->field_attribute);
  ml_diag *diag = ml__report(ctx, ts_node_start_byte(new_callee), ts_node_end_byte(callee),
                             "`%s.new().persist(...)` was removed; use "
                             "`%s.from_name(..., create_if_missing=True)`",
                             class_name, class_name);
  /* `new(data)` seeded a Dict, which `from_name` cannot do. */
  TSNode new_args = ml__child_by_field(ctx, new_call, ctx->syntax->field_arguments);
  if (!diag || ts_node_is_null(new_args) || ts_node_named_child_count(new_args) != 0 ||
      !convert_arguments(ctx, NULL, call))
    return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                              "Replace `.new().persist(...)` with "
                              "`.from_name(..., create_if_missing=True)`");
  ml__fix_edit(ctx, fix, ts_node_start_byte(new_name), ts_node_end_byte(method), "from_name");
  convert_arguments(ctx, fix, call);
  ml__fix_end(ctx, diag);
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c) return;
  if (c->resolves) {
    const char *class_name = class_of(c->qualname, "persisted");
    if (class_name && !c->is_aio) check_persisted(ctx, call, class_name);
    return;
  }
  if (c->is_aio || !ml__call_method_is(ctx, c, "persist")) return;
  TSNode receiver = c->receiver;
  const ml__call *made = ml__call_of(ctx, receiver); /* `X.new()` */
  if (!made || !made->resolves || made->is_aio) return;
  const char *class_name = class_of(made->qualname, "new");
  if (class_name) check_persist(ctx, call, receiver, class_name);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"persisted", "persist", NULL};

const ml__rule_impl ml__rule_mdl212 = {
    .info = ML__RULE_INFO_MDL212,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
