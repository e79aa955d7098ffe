/* Which rule reports a Mount constructor call (declared in mounts.h): MDL105-MDL107 report
 * `Mount.from_local_*` calls unless an enclosing rule that runs (MDL103, MDL108, MDL109) reports
 * the call already. Apart from mounts.c because it names those rules, which call mounts.c. */
#include "modallint/rule.h"
#include "mounts.h"
#include "rules/rules.h"

static TSNode null_node(void) {
  TSNode node = {{0}, 0, 0};
  return node;
}

static bool is_field(TSNode parent, TSFieldId field, TSNode node) {
  TSNode child = ts_node_child_by_field_id(parent, field);
  return !ts_node_is_null(child) && ts_node_eq(child, node);
}

bool ml__rule_runs(ml__ctx *ctx, const ml__rule_impl *rule) {
  return ml_rule_set_has(&ctx->options->rules, &rule->info) &&
         ml_rule_applies_to(&rule->info, ctx->options->target);
}

/* The keyword_argument `name=` whose value is `value`, or a null node. */
static TSNode keyword_holding(ml__ctx *ctx, TSNode value, const char *name) {
  TSNode parent = ml__parent(ctx, value);
  if (ml__kind_of(ctx->syntax, parent) != ML_KIND_KEYWORD_ARGUMENT ||
      !is_field(parent, ctx->syntax->field_value, value))
    return null_node();
  TSNode key = ml__child_by_field(ctx, parent, ctx->syntax->field_name);
  return ml__node_is_text(ctx->bytes, key, name) ? parent : null_node();
}

/* The call whose argument list holds `argument` (a direct child), or a null node. */
static TSNode call_of_argument(ml__ctx *ctx, TSNode argument) {
  TSNode list = ml__parent(ctx, argument);
  if (ml__kind_of(ctx->syntax, list) != ML_KIND_ARGUMENT_LIST) return null_node();
  TSNode call = ml__parent(ctx, list);
  return ml__kind_of(ctx->syntax, call) == ML_KIND_CALL ? call : null_node();
}

bool ml__mount_call_is_owned(ml__ctx *ctx, TSNode call) {
  /* Climb to the whole chain: `Mount.from_local_dir(...).add_local_file(...)`. */
  TSNode node = call;
  for (;;) {
    TSNode attribute = ml__parent(ctx, node);
    if (ml__kind_of(ctx->syntax, attribute) != ML_KIND_ATTRIBUTE ||
        !is_field(attribute, ctx->syntax->field_object, node))
      break;
    TSNode outer = ml__parent(ctx, attribute);
    TSNode method;
    if (ml__kind_of(ctx->syntax, outer) != ML_KIND_CALL ||
        (ml__mount_call_of(ctx, outer, &method) != ML_MOUNT_CALL_ADD_LOCAL_DIR &&
         ml__mount_call_of(ctx, outer, &method) != ML_MOUNT_CALL_ADD_LOCAL_FILE))
      break;
    node = outer;
  }
  /* `mounts=[..., <chain>, ...]` or `mounts=<chain>`. */
  TSNode holder = node;
  TSNode parent = ml__parent(ctx, node);
  if (ml__is_sequence_literal(ctx, parent)) holder = parent;
  TSNode keyword = keyword_holding(ctx, holder, "mounts");
  if (!ts_node_is_null(keyword) &&
      ml__mounts_site_of(ctx, call_of_argument(ctx, keyword)) != ML_MOUNTS_SITE_NONE)
    return ml__rule_runs(ctx, &ml__rule_mdl108);
  /* `img.copy_mount(<chain>)` / `img.copy_mount(mount=<chain>)`. */
  keyword = keyword_holding(ctx, node, "mount");
  TSNode copy_call = call_of_argument(ctx, ts_node_is_null(keyword) ? node : keyword);
  TSNode argument = ts_node_is_null(copy_call) ? copy_call : ml__copy_mount_argument(ctx, copy_call);
  if (!ts_node_is_null(argument) && ts_node_eq(argument, node))
    return ml__rule_runs(ctx, &ml__rule_mdl103);
  /* `context_mount=<chain>` / `Image.from_dockerfile(path, <chain>)`. */
  keyword = keyword_holding(ctx, node, "context_mount");
  TSNode context_call = call_of_argument(ctx, ts_node_is_null(keyword) ? node : keyword);
  argument = ts_node_is_null(context_call) ? context_call
                                           : ml__context_mount_argument(ctx, context_call);
  if (!ts_node_is_null(argument) &&
      (ts_node_eq(argument, node) || (!ts_node_is_null(keyword) && ts_node_eq(argument, keyword))))
    return ml__rule_runs(ctx, &ml__rule_mdl109);
  return false;
}

/* --- MDL105-MDL107 ----------------------------------------------------------------------------- */

void ml__mount_constructor_visit(ml__ctx *ctx, TSNode call, const ml__mount_call *kinds,
                                 size_t kind_count) {
  TSNode method;
  ml__mount_call kind = ml__mount_call_of(ctx, call, &method);
  bool wanted = false;
  for (size_t i = 0; i < kind_count; i++) wanted = wanted || kinds[i] == kind;
  if (!wanted || ml__mount_call_is_owned(ctx, call)) return;

  const char *name, *what, *image_method;
  switch (kind) {
    case ML_MOUNT_CALL_FROM_LOCAL_DIR:
      name = "Mount.from_local_dir", what = "the directory", image_method = "add_local_dir";
      break;
    case ML_MOUNT_CALL_ADD_LOCAL_DIR:
      name = "Mount.add_local_dir", what = "the directory", image_method = "add_local_dir";
      break;
    case ML_MOUNT_CALL_FROM_LOCAL_FILE:
      name = "Mount.from_local_file", what = "the file", image_method = "add_local_file";
      break;
    case ML_MOUNT_CALL_ADD_LOCAL_FILE:
      name = "Mount.add_local_file", what = "the file", image_method = "add_local_file";
      break;
    default:
      name = "Mount.from_local_python_packages", what = "the packages",
      image_method = "add_local_python_source";
      break;
  }
  ml__mount_rewrite rw;
  ml__mount_rewrite_init(&rw);
  rw.whole_chain = false;
  ml__mount_rewrite_result result = ml__mount_rewrite_expression(ctx, call, &rw);
  if (ctx->error) {
    ml__mount_rewrite_free(&rw);
    return;
  }
  const char *gone = "was removed with `modal.Mount` (1.0.0; `modal.mount.Mount` kept it until "
                     "1.2.0)";
  bool default_files = kind == ML_MOUNT_CALL_FROM_LOCAL_PYTHON_PACKAGES &&
                       (result != ML_MOUNT_REWRITE_OK || rw.python_source);
  const char *note = default_files ? "; `add_local_python_source` adds only `*.py` files unless "
                                     "`ignore=` is given"
                                   : "";
  if (result == ML_MOUNT_REWRITE_OK)
    ml__report_node(ctx, method,
                    "`%s` %s; add %s to the Image of each function that used this Mount: "
                    "`image.%s`%s",
                    name, gone, what, rw.methods.data, note);
  else
    ml__report_node(ctx, method,
                    "`%s` %s; add %s to the Image of each function that used this Mount with "
                    "`image.%s(...)`%s (the exact call cannot be spelled out: %s)",
                    name, gone, what, image_method, note, rw.problem);
  ml__mount_rewrite_free(&rw);
}
