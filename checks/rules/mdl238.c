/* MDL238 storage-static-delete (catalogue B-38): `modal.Dict/Queue/Volume.delete(name)` became
 * `modal.<X>.objects.delete(name)`. */
#include <stdio.h>
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static const struct {
  const char *qualname;
  const char *class_name;
  ml__type type;
  /* The parameters after `name` that could be given positionally (Volume only). */
  const char *positional[2];
} classes[] = {
    {"modal.Dict.delete", "Dict", ML_TYPE_DICT, {NULL, NULL}},
    {"modal.Queue.delete", "Queue", ML_TYPE_QUEUE, {NULL, NULL}},
    {"modal.Volume.delete", "Volume", ML_TYPE_VOLUME, {"client", "environment_name"}},
};

/* Adds `keyword=` before each positional argument after the name; false when there are more
 * positional arguments than the old signature had, or a splat. */
static bool keyword_edits(ml__ctx *ctx, ml_fix *fix, TSNode call, size_t index) {
  bool has_splat;
  uint32_t count = ml__call_positional_count(ctx->syntax, call, &has_splat);
  if (has_splat) return false;
  for (uint32_t i = 1; i < count; i++) {
    if (i > 2 || !classes[index].positional[i - 1]) return false;
    TSNode arg = ml__call_positional(ctx->syntax, call, i);
    char keyword[64];
    snprintf(keyword, sizeof keyword, "%s=", classes[index].positional[i - 1]);
    ml__fix_edit(ctx, fix, ts_node_start_byte(arg), ts_node_start_byte(arg), keyword);
  }
  return true;
}

static void check_static(ml__ctx *ctx, TSNode call, size_t index, TSNode method, bool is_aio) {
  const char *name = classes[index].class_name;
  ml_diag *diag = ml__report_node(ctx, ml__child_by_field(ctx, call, ctx->syntax->field_function),
                                  "`modal.%s.delete(name)` was replaced by "
                                  "`modal.%s.objects.delete(name)`",
                                  name, name);
  if (!diag || !keyword_edits(ctx, NULL, call, index)) return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Use `%s.objects.delete%s(...)`",
                              name, is_aio ? ".aio" : "");
  keyword_edits(ctx, fix, call, index);
  ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_start_byte(method), "objects.");
  ml__fix_end(ctx, diag);
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || !ml__call_method_is(ctx, c, "delete")) return;
  TSNode method = c->method;
  if (c->resolves) {
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
      if (strcmp(c->qualname, classes[i].qualname) != 0) continue;
      check_static(ctx, call, i, method, c->is_aio);
      return;
    }
    return;
  }
  /* The static method reached through an instance: `d.delete("other")` deletes the object named
   * "other", not a key of `d` (`vol.delete()` without a name is MDL222). */
  ml__type type = ml__call_receiver_type(ctx, c);
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  if (ts_node_is_null(args) || ts_node_named_child_count(args) == 0) return;
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
    if (type != classes[i].type) continue;
    ml__report_node(ctx, c->function,
                    "`.delete(name)` on a `%s` deletes the %s named by its argument, not "
                    "something inside this one; use `modal.%s.objects.delete(name)` to delete an "
                    "object%s",
                    classes[i].class_name, classes[i].class_name, classes[i].class_name,
                    classes[i].type == ML_TYPE_DICT ? ", or `.pop(key)` to remove a key" : "");
  }
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"delete", NULL};

const ml__rule_impl ml__rule_mdl238 = {
    .info = ML__RULE_INFO_MDL238,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
