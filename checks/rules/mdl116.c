/* MDL116 allow-concurrent-inputs (catalogue A-16): `allow_concurrent_inputs=N` on `@app.function`
 * and `@app.cls` became the `@modal.concurrent(max_inputs=N)` decorator. */
#include <stdlib.h>
#include <string.h>

#include "../calls.h"
#include "../imports.h"
#include "../strbuf.h"
#include "rules.h"

#define KEYWORD "allow_concurrent_inputs"

/* Whether the definition already carries `@modal.concurrent` (called or not), in which case
 * Modal uses the decorator and silently ignores the keyword. */
static bool has_concurrent_decorator(ml__ctx *ctx, TSNode decorated) {
  uint32_t count = ts_node_named_child_count(decorated);
  for (uint32_t i = 0; i < count; i++) {
    TSNode decorator = ts_node_named_child(decorated, i);
    if (ml__kind_of(ctx->syntax, decorator) != ML_KIND_DECORATOR) continue;
    TSNode expression = ml__decorator_expression(decorator);
    if (ml__kind_of(ctx->syntax, expression) == ML_KIND_CALL)
      expression = ml__child_by_field(ctx, expression, ctx->syntax->field_function);
    if (!ts_node_is_null(expression) && ml__resolves_to(ctx, expression, "modal.concurrent"))
      return true;
  }
  return false;
}

/* The new decorator goes on its own line right below the app decorator's last line, indented
 * like the app decorator, so it sits between `@app.function(...)` and whatever came next (Modal
 * requires `@modal.concurrent` below the app decorator). */
static void insert_decorator(ml__ctx *ctx, ml_fix *fix, TSNode decorator, const char *spelling,
                             TSNode value) {
  uint32_t start = ts_node_start_byte(decorator), end = ts_node_end_byte(decorator);
  uint32_t first_line = ml_source_position(ctx->source, start, ML_COLUMN_UTF8).line;
  uint32_t last_line = ml_source_position(ctx->source, end, ML_COLUMN_UTF8).line;
  uint32_t indent_start = ml_source_line_start(ctx->source, first_line);
  uint32_t insert_at = ml_source_line_start(ctx->source, last_line + 1);
  uint32_t value_start = ts_node_start_byte(value), value_end = ts_node_end_byte(value);

  ml__strbuf text;
  ml__strbuf_init(&text);
  ml__strbuf_append(&text, ctx->bytes + indent_start, start - indent_start);
  ml__strbuf_printf(&text, "@%s(max_inputs=", spelling);
  ml__strbuf_append(&text, ctx->bytes + value_start, value_end - value_start);
  ml__strbuf_printf(&text, ")%s", ml_source_newline(ctx->source));
  size_t length = text.length;
  char *bytes = ml__strbuf_take(&text);
  if (!bytes) {
    ctx->error = -1;
    return;
  }
  ml__fix_edit_n(ctx, fix, insert_at, insert_at, bytes, length);
  free(bytes);
}

/* Indentation made of anything but blanks (a decorator after a `;`?) cannot be copied. */
static bool decorator_starts_line(ml__ctx *ctx, TSNode decorator) {
  uint32_t start = ts_node_start_byte(decorator);
  uint32_t line = ml_source_position(ctx->source, start, ML_COLUMN_UTF8).line;
  for (uint32_t i = ml_source_line_start(ctx->source, line); i < start; i++)
    if (ctx->bytes[i] != ' ' && ctx->bytes[i] != '\t') return false;
  return true;
}

static void check_decorator(ml__ctx *ctx, TSNode decorated, TSNode decorator, TSNode call) {
  TSNode keyword = ml__call_keyword(ctx, call, KEYWORD);
  if (ts_node_is_null(keyword)) return;
  TSNode name = ml__child_by_field(ctx, keyword, ctx->syntax->field_name);
  TSNode value = ml__child_by_field(ctx, keyword, ctx->syntax->field_value);
  if (ts_node_is_null(value)) return;
  uint32_t remove_start, remove_end;
  ml__argument_removal_range(ctx->bytes, keyword, &remove_start, &remove_end);

  if (has_concurrent_decorator(ctx, decorated)) {
    ml_diag *diag =
        ml__report_node(ctx, name,
                        "`" KEYWORD
                        "=` is ignored because the definition also has "
                        "`@modal.concurrent`, which wins at runtime; remove the keyword");
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                                "Remove `" KEYWORD "=` (`@modal.concurrent` already applies)");
    ml__fix_edit(ctx, fix, remove_start, remove_end, "");
    ml__fix_end(ctx, diag);
    return;
  }

  ml_diag *diag = ml__report_node(ctx, name,
                                  "`" KEYWORD
                                  "=` was replaced by the `@modal.concurrent(max_inputs=...)` "
                                  "decorator");
  /* Ask first with no fix, so that a file where no spelling of `modal.concurrent` is safe gets a
   * finding without a half-made fix. */
  char spelling[128];
  if (!diag || !decorator_starts_line(ctx, decorator) ||
      !ml__fix_modal_name(ctx, NULL, "concurrent", spelling, sizeof spelling))
    return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                              "Move `" KEYWORD "=` into `@%s(max_inputs=...)`", spelling);
  if (!fix) return;
  ml__fix_modal_name(ctx, fix, "concurrent", spelling, sizeof spelling);
  ml__fix_edit(ctx, fix, remove_start, remove_end, "");
  insert_decorator(ctx, fix, decorator, spelling, value);
  ml__fix_end(ctx, diag);
}

/* `app.cls(..., allow_concurrent_inputs=N)(C)` or `wrap = app.function(...)`: there is no
 * decorator line to put `@modal.concurrent` under, and where the wrapped object comes from is
 * the caller's business, so the finding says how to wrap it and offers no fix. */
static void check_direct_call(ml__ctx *ctx, TSNode call, ml__app_decorator kind) {
  TSNode keyword = ml__call_keyword(ctx, call, KEYWORD);
  if (ts_node_is_null(keyword)) return;
  TSNode callee = ml__child_by_field(ctx, call, ctx->syntax->field_function);
  uint32_t start = ts_node_start_byte(callee), length = ts_node_end_byte(callee) - start;
  if (length > 60) length = 60;
  ml__report_node(ctx, ml__child_by_field(ctx, keyword, ctx->syntax->field_name),
                  "`" KEYWORD "=` was replaced by `@modal.concurrent(max_inputs=...)`; this "
                  "`%.*s(...)` is called directly, so remove the keyword and wrap what it "
                  "receives instead: `%.*s(...)(modal.concurrent(max_inputs=N)(%s))` (no "
                  "automatic fix)",
                  (int)length, ctx->bytes + start, (int)length, ctx->bytes + start,
                  kind == ML_APP_DECORATOR_CLS ? "cls" : "f");
}

/* A CALL node: the expression of `@app.function(...)`, or the same call made directly. */
static void visit(ml__ctx *ctx, TSNode node) {
  TSNode call;
  ml__app_decorator kind = ml__classify_app_decorator(ctx, node, &call);
  if (kind == ML_APP_DECORATOR_NONE) return;
  TSNode decorator = ml__parent(ctx, node);
  TSNode decorated = ml__parent(ctx, decorator);
  if (ml__kind_of(ctx->syntax, decorator) == ML_KIND_DECORATOR &&
      ml__kind_of(ctx->syntax, decorated) == ML_KIND_DECORATED_DEFINITION)
    check_decorator(ctx, decorated, decorator, node);
  else
    check_direct_call(ctx, node, kind);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"allow_concurrent_inputs", NULL};

const ml__rule_impl ml__rule_mdl116 = {
    .info = ML__RULE_INFO_MDL116,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
