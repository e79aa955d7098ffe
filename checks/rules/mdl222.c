/* MDL222 volume-delete-instance (catalogue B-22): `vol.delete()` on a Volume instance, which
 * became the static `modal.Volume.delete(name)` (and then `modal.Volume.objects.delete(name)`). */
#include <stdio.h>
#include <string.h>

#include "../imports.h"
#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

/* The literal name `vol` was created with (`vol = modal.Volume.from_name("x")`), or a null
 * node. Only a bare name is taken: an environment or other options would have to follow it. */
static TSNode volume_name(ml__ctx *ctx, TSNode receiver) {
  TSNode null_node = {{0}, 0, 0};
  if (ml__kind_of(ctx->syntax, receiver) != ML_KIND_IDENTIFIER) return null_node;
  TSNode value = ml__module_assigned_value(ctx, receiver);
  const ml__call *c = ml__call_of(ctx, value);
  if (!c || !c->resolves || c->is_aio ||
      (strcmp(c->qualname, "modal.Volume.from_name") != 0 &&
       strcmp(c->qualname, "modal.Volume.lookup") != 0 &&
       strcmp(c->qualname, "modal.Volume.persisted") != 0))
    return null_node;
  TSNode args = ml__child_by_field(ctx, value, ctx->syntax->field_arguments);
  for (uint32_t i = 0; i < ts_node_named_child_count(args); i++) {
    TSNode arg = ts_node_named_child(args, i);
    if (ml__kind_of(ctx->syntax, arg) == ML_KIND_KEYWORD_ARGUMENT) {
      TSNode key = ml__child_by_field(ctx, arg, ctx->syntax->field_name);
      if (!ml__node_is_text(ctx->bytes, key, "create_if_missing")) return null_node;
    } else if (i != 0) {
      return null_node;
    }
  }
  TSNode name = ml__call_positional(ctx->syntax, value, 0);
  if (ts_node_is_null(name) || ml__kind_of(ctx->syntax, name) != ML_KIND_STRING ||
      !ml__is_constant(ctx, name))
    return null_node;
  return name;
}

static void check_delete(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  (void)match;
  /* Copied: looking at the call that made the volume may replace the record. */
  TSNode call = c->node, receiver = c->receiver, method = c->method;
  bool is_aio = c->is_aio, has_splat;
  /* `vol.delete("path")` is not this: the instance form took no arguments. */
  if (ml__call_positional_count(ctx->syntax, call, &has_splat) != 0 || has_splat) return;
  ml_diag *diag = ml__report_node(ctx, method,
                                  "deleting a Volume through an instance was removed; call "
                                  "`modal.Volume.objects.delete(\"name\")` with the volume's "
                                  "name");
  TSNode name = volume_name(ctx, receiver);
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  char spelling[128];
  if (!diag || is_aio || ts_node_is_null(name) || ts_node_named_child_count(args) != 0 ||
      !ml__fix_modal_name(ctx, NULL, "Volume", spelling, sizeof spelling))
    return;
  /* `Volume.objects` exists from 1.1.2; the static `Volume.delete` is gone from 1.5.0. */
  ml_version objects_from;
  bool use_objects = ml_version_parse("1.1.2", &objects_from) == 0 &&
                     ml_version_compare(ctx->options->target, objects_from) >= 0;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                              "Replace with `%s%s.delete(...)` by name", spelling,
                              use_objects ? ".objects" : "");
  if (!fix) return;
  ml__fix_modal_name(ctx, fix, "Volume", spelling, sizeof spelling);
  char text[512];
  uint32_t start = ts_node_start_byte(name);
  int written = snprintf(text, sizeof text, "%s%s.delete(%.*s)", spelling,
                         use_objects ? ".objects" : "", (int)(ts_node_end_byte(name) - start),
                         ctx->bytes + start);
  if (written > 0 && (size_t)written < sizeof text)
    ml__fix_edit(ctx, fix, ts_node_start_byte(call), ts_node_end_byte(call), text);
  ml__fix_end(ctx, diag);
}

static const ml__call_match calls[] = {
    {.receiver = ML_TYPE_VOLUME, .method = "delete", .handle = check_delete},
};


const ml__rule_impl ml__rule_mdl222 = {
    .info = ML__RULE_INFO_MDL222,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
};
