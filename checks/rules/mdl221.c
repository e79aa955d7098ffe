/* MDL221 image-conda (catalogue B-21): the conda Image methods, replaced by the micromamba ones. */
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

/* `conda_update_from_environment(environment_yml, force_build=False, *, secrets, gpu)` becomes
 * `micromamba_install(spec_file=environment_yml, force_build=..., ...)`, whose positionals are
 * packages: the first two arguments must be named. */
static bool name_environment_arguments(ml__ctx *ctx, ml_fix *fix, TSNode call) {
  static const char *const names[] = {"spec_file=", "force_build="};
  bool has_splat;
  uint32_t count = ml__call_positional_count(ctx->syntax, call, &has_splat);
  if (has_splat || count > 2) return false;
  TSNode environment = ml__call_keyword(ctx, call, "environment_yml");
  if (!ts_node_is_null(environment)) {
    TSNode key = ml__child_by_field(ctx, environment, ctx->syntax->field_name);
    ml__fix_edit(ctx, fix, ts_node_start_byte(key), ts_node_end_byte(key), "spec_file");
  }
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ml__call_positional(ctx->syntax, call, i);
    ml__fix_edit(ctx, fix, ts_node_start_byte(arg), ts_node_start_byte(arg), names[i]);
  }
  return true;
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || ts_node_is_null(c->method) || c->is_aio) return;
  TSNode method = c->method;
  const char *old_name, *new_name;
  if (ml__call_method_is(ctx, c, "conda")) {
    /* `modal.Image.conda(...)`, a constructor on the class. */
    if (!c->resolves || strcmp(c->qualname, "modal.Image.conda") != 0) return;
    old_name = "conda";
    new_name = "micromamba";
  } else if (ml__call_method_is(ctx, c, "conda_install")) {
    old_name = "conda_install";
    new_name = "micromamba_install";
  } else if (ml__call_method_is(ctx, c, "conda_update_from_environment")) {
    old_name = "conda_update_from_environment";
    new_name = "micromamba_install(spec_file=...)";
  } else {
    return;
  }
  if (strcmp(old_name, "conda") != 0 && ml__call_receiver_type(ctx, c) != ML_TYPE_IMAGE) return;
  ml_diag *diag = ml__report_node(ctx, method,
                                  "`Image.%s` was removed; use `Image.%s` and list the conda "
                                  "channels explicitly (`channels=[\"conda-forge\"]`)",
                                  old_name, new_name);
  bool environment = strcmp(old_name, "conda_update_from_environment") == 0;
  if (!diag || (environment && !name_environment_arguments(ctx, NULL, call))) return;
  const char *method_name = environment ? "micromamba_install" : new_name;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE, "Replace `%s` with `%s`",
                              old_name, method_name);
  ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_end_byte(method), method_name);
  if (environment) name_environment_arguments(ctx, fix, call);
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"conda", "conda_install", "conda_update_from_environment",
                                       NULL};

const ml__rule_impl ml__rule_mdl221 = {
    .info = ML__RULE_INFO_MDL221,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
