/* MDL110 modal-build-decorator (catalogue A-10): `@modal.build()`, removed in 1.1.0. There is no
 * one replacement: assets belong in a Volume, image content in `Image.run_function`. */
#include <stdio.h>

#include "rules.h"

/* The decorator's callee (`modal.build` in `@modal.build(force=True)`). */
static TSNode decorator_callee(ml__ctx *ctx, TSNode decorator) {
  TSNode expression = ml__decorator_expression(decorator);
  if (ml__kind_of(ctx->syntax, expression) == ML_KIND_CALL)
    expression = ml__child_by_field(ctx, expression, ctx->syntax->field_function);
  return expression;
}

static bool is_decorator_of(ml__ctx *ctx, TSNode decorator, const char *qualname) {
  if (ml__kind_of(ctx->syntax, decorator) != ML_KIND_DECORATOR) return false;
  TSNode callee = decorator_callee(ctx, decorator);
  return !ts_node_is_null(callee) && ml__resolves_to(ctx, callee, qualname);
}

/* The line of `decorator`, when nothing else is on it: [start, end) including its newline. */
static bool own_line(ml__ctx *ctx, TSNode decorator, uint32_t *start, uint32_t *end) {
  uint32_t s = ts_node_start_byte(decorator), e = ts_node_end_byte(decorator);
  uint32_t length = ml_source_length(ctx->source);
  uint32_t line = ml_source_position(ctx->source, s, ML_COLUMN_UTF8).line;
  uint32_t line_start = ml_source_line_start(ctx->source, line);
  for (uint32_t i = line_start; i < s; i++)
    if (ctx->bytes[i] != ' ' && ctx->bytes[i] != '\t') return false;
  while (e < length && (ctx->bytes[e] == ' ' || ctx->bytes[e] == '\t')) e++;
  if (e < length && ctx->bytes[e] == '\r') e++;
  if (e >= length || ctx->bytes[e] != '\n') return false;
  *start = line_start;
  *end = e + 1;
  return true;
}

static void visit(ml__ctx *ctx, TSNode decorated) {
  uint32_t count = ts_node_named_child_count(decorated);
  bool has_enter = false;
  for (uint32_t i = 0; i < count; i++)
    has_enter = has_enter || is_decorator_of(ctx, ts_node_named_child(decorated, i), "modal.enter");
  for (uint32_t i = 0; i < count; i++) {
    TSNode decorator = ts_node_named_child(decorated, i);
    if (!is_decorator_of(ctx, decorator, "modal.build")) continue;
    TSNode expression = ml__decorator_expression(decorator);
    if (!has_enter) {
      ml__report_node(ctx, expression,
                      "`@modal.build` was removed in 1.1.0; for model weights or other large "
                      "assets, download them to a `modal.Volume` mounted at the framework's cache "
                      "path and load them in `@modal.enter()`; to keep the work in the image, "
                      "move the body into a module-level function and add it with "
                      "`image = image.run_function(fn, timeout=86400)` (map `force=` to "
                      "`force_build=`, and pass the class's secrets, GPU and volumes)");
      continue;
    }
    ml_diag *diag = ml__report_node(
        ctx, expression,
        "`@modal.build` was removed in 1.1.0; this method is also `@modal.enter()`, so without "
        "`@modal.build` it still runs, but on every container start instead of once per image "
        "build: cache large downloads in a `modal.Volume`, or move the work into "
        "`image.run_function(fn)`");
    uint32_t start, end;
    if (!own_line(ctx, decorator, &start, &end)) continue;
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                                "Remove `@modal.build` (the method then runs at every container "
                                "start)");
    ml__fix_edit(ctx, fix, start, end, "");
    ml__fix_end(ctx, diag);
  }
}

static const ml__kind kinds[] = {ML_KIND_DECORATED_DEFINITION};
static const char *const triggers[] = {"build", NULL};

const ml__rule_impl ml__rule_mdl110 = {
    .info = ML__RULE_INFO_MDL110,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
