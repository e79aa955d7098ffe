/* MDL239 storage-create-deployed (catalogue B-39): `modal.Volume/Secret.create_deployed(...)`
 * became `modal.<X>.objects.create(...)`. */
#include <stdio.h>
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

#define MAX_PARAMETERS 6

typedef struct deployed_class {
  const char *class_name;
  const char *parameters[MAX_PARAMETERS]; /* the old positional order */
  uint32_t names;                         /* how many stay positional in `objects.create` */
} deployed_class;

static const deployed_class classes[] = {
    {"Volume", {"deployment_name", "namespace", "client", "environment_name", "version"}, 1},
    {"Secret",
     {"deployment_name", "env_dict", "namespace", "client", "environment_name", "overwrite"},
     2},
};

static int parameter_index(size_t class_index, const char *bytes, TSNode key) {
  for (int i = 0; i < MAX_PARAMETERS && classes[class_index].parameters[i]; i++)
    if (ml__node_is_text(bytes, key, classes[class_index].parameters[i])) return i;
  return -1;
}

/* Adds the argument edits; false when the call has no exact counterpart: a namespace (MDL236
 * removes it first), `overwrite=` other than `False`, a splat, an unknown argument. */
static bool convert_arguments(ml__ctx *ctx, ml_fix *fix, size_t class_index, TSNode call) {
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  if (ts_node_is_null(args)) return false;
  uint32_t count = ts_node_named_child_count(args), positional = 0;
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(args, i), value = arg, key = {{0}, 0, 0};
    ml__kind kind = ml__kind_of(ctx->syntax, arg);
    if (kind == ML_KIND_COMMENT) continue;
    if (kind == ML_KIND_LIST_SPLAT || kind == ML_KIND_DICTIONARY_SPLAT) return false;
    int index;
    if (kind == ML_KIND_KEYWORD_ARGUMENT) {
      key = ml__child_by_field(ctx, arg, ctx->syntax->field_name);
      value = ml__keyword_value(ctx, arg);
      if (ts_node_is_null(key) || ts_node_is_null(value)) return false;
      index = parameter_index(class_index, ctx->bytes, key);
    } else {
      index = (int)positional++;
      if (index >= MAX_PARAMETERS || !classes[class_index].parameters[index]) return false;
    }
    if (index < 0) return false;
    const char *parameter = classes[class_index].parameters[index];
    if (strcmp(parameter, "namespace") == 0) return false;
    if (strcmp(parameter, "overwrite") == 0) {
      if (!ml__is_false(ctx, value)) return false;
      ml__fix_remove_argument(ctx, fix, arg);
    } else if (strcmp(parameter, "deployment_name") == 0 && !ts_node_is_null(key)) {
      ml__fix_edit(ctx, fix, ts_node_start_byte(key), ts_node_end_byte(key), "name");
    } else if (ts_node_is_null(key) && (uint32_t)index >= classes[class_index].names) {
      char keyword[64];
      snprintf(keyword, sizeof keyword, "%s=", parameter);
      ml__fix_edit(ctx, fix, ts_node_start_byte(arg), ts_node_start_byte(arg), keyword);
    }
  }
  return true;
}

static void check_create_deployed(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  /* `f = modal.Volume.create_deployed; f(...)` has no method to rename. */
  if (ts_node_is_null(c->method)) return;
  TSNode call = c->node;
  size_t found = (size_t)((const deployed_class *)match->data - classes);
  const char *name = classes[found].class_name;
  TSNode method = c->method;
  bool is_aio = c->is_aio;
  bool unused = ml__value_unused(ctx, call);
  ml_diag *diag = ml__report_node(
      ctx, c->function,
      "`modal.%s.create_deployed(...)` was replaced by `modal.%s.objects.create(...)`%s", name,
      name, unused ? "" : ", which returns `None` instead of the object id");
  /* The object id the old call returned has no counterpart. */
  if (!diag || !unused || !convert_arguments(ctx, NULL, found, call)) return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE, "Use `%s.objects.create%s(...)`",
                              name, is_aio ? ".aio" : "");
  convert_arguments(ctx, fix, found, call);
  ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_end_byte(method), "objects.create");
  ml__fix_end(ctx, diag);
}

/* `data`: the class, an entry of `classes`. */
static const ml__call_match calls[] = {
    {.qualname = "modal.Volume.create_deployed", .handle = check_create_deployed,
     .data = &classes[0]},
    {.qualname = "modal.Secret.create_deployed", .handle = check_create_deployed,
     .data = &classes[1]},
};

const ml__rule_impl ml__rule_mdl239 = {
    .info = ML__RULE_INFO_MDL239,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
};
