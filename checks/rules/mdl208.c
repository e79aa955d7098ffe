/* MDL208 web-app-params (catalogue B-8): parameters on an `@modal.asgi_app()` or
 * `@modal.wsgi_app()` function, which Modal always called with none. */
#include <stdlib.h>
#include <string.h>

#include "../rulekit.h"
#include "../strbuf.h"
#include "rules.h"

static const char *const decorators[] = {"modal.asgi_app", "modal.wsgi_app"};

/* Whether the definition sits directly in a class body (its first parameter is then `self`). */
static bool is_method(ml__ctx *ctx, TSNode decorated) {
  TSNode block = ml__parent(ctx, decorated);
  if (ts_node_is_null(block) || ml__kind_of(ctx->syntax, block) != ML_KIND_BLOCK) return false;
  TSNode owner = ml__parent(ctx, block);
  return !ts_node_is_null(owner) && ml__kind_of(ctx->syntax, owner) == ML_KIND_CLASS_DEFINITION;
}

static bool is_docstring(ml__ctx *ctx, TSNode statement) {
  return ml__kind_of(ctx->syntax, statement) == ML_KIND_EXPRESSION_STATEMENT &&
         ts_node_named_child_count(statement) == 1 &&
         ml__kind_of(ctx->syntax, ts_node_named_child(statement, 0)) == ML_KIND_STRING;
}

/* Where the assignments go: before the body's first statement after a docstring, which must start
 * its own line; *indent receives that line's indentation. */
static bool insertion_point(ml__ctx *ctx, TSNode body, uint32_t *at, uint32_t *indent_start) {
  uint32_t count = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < count; i++) {
    TSNode statement = ts_node_named_child(body, i);
    if (i == 0 && is_docstring(ctx, statement)) continue;
    uint32_t start = ts_node_start_byte(statement);
    uint32_t line = ml_source_position(ctx->source, start, ML_COLUMN_UTF8).line;
    uint32_t line_start = ml_source_line_start(ctx->source, line);
    for (uint32_t k = line_start; k < start; k++)
      if (ctx->bytes[k] != ' ' && ctx->bytes[k] != '\t') return false;
    if (line_start == start) return false; /* the body is not indented: a one-line def */
    *at = line_start;
    *indent_start = line_start;
    return true;
  }
  return false;
}

static void append_node(ml__strbuf *text, const char *bytes, TSNode node) {
  ml__strbuf_append(text, bytes + ts_node_start_byte(node),
                    ts_node_end_byte(node) - ts_node_start_byte(node));
}

/* Builds `name = value` lines for every parameter; false when one has no default or is a
 * splat. *constant tells whether every default is a literal. */
static bool build_assignments(ml__ctx *ctx, TSNode parameters, bool skip_first,
                              const char *indent, size_t indent_length, ml__strbuf *text,
                              bool *constant) {
  *constant = true;
  uint32_t count = ts_node_named_child_count(parameters);
  for (uint32_t i = skip_first ? 1 : 0; i < count; i++) {
    TSNode parameter = ts_node_named_child(parameters, i);
    const char *type = ts_node_type(parameter);
    if (strcmp(type, "keyword_separator") == 0 || strcmp(type, "positional_separator") == 0 ||
        strcmp(type, "comment") == 0)
      continue;
    ml__kind kind = ml__kind_of(ctx->syntax, parameter);
    if (kind != ML_KIND_DEFAULT_PARAMETER && kind != ML_KIND_TYPED_DEFAULT_PARAMETER)
      return false;
    TSNode name = ml__child_by_field(ctx, parameter, ctx->syntax->field_name);
    TSNode value = ml__child_by_field(ctx, parameter, ctx->syntax->field_value);
    TSNode annotation = ml__child_by_field(ctx, parameter, ctx->syntax->field_type);
    if (ts_node_is_null(name) || ts_node_is_null(value)) return false;
    if (!ml__is_constant(ctx, value)) *constant = false;
    ml__strbuf_append(text, indent, indent_length);
    append_node(text, ctx->bytes, name);
    if (!ts_node_is_null(annotation)) {
      ml__strbuf_append_str(text, ": ");
      append_node(text, ctx->bytes, annotation);
    }
    ml__strbuf_append_str(text, " = ");
    append_node(text, ctx->bytes, value);
    ml__strbuf_append_str(text, ml_source_newline(ctx->source));
  }
  return true;
}

static void check(ml__ctx *ctx, TSNode decorated, const char *decorator_name) {
  TSNode definition = ml__child_by_field(ctx, decorated, ctx->syntax->field_definition);
  if (ts_node_is_null(definition) ||
      ml__kind_of(ctx->syntax, definition) != ML_KIND_FUNCTION_DEFINITION)
    return;
  TSNode parameters = ml__child_by_field(ctx, definition, ctx->syntax->field_parameters);
  if (ts_node_is_null(parameters)) return;
  bool method = is_method(ctx, decorated);
  uint32_t count = ts_node_named_child_count(parameters);
  if (count <= (method ? 1u : 0u)) return;
  TSNode first_reported = ts_node_named_child(parameters, method ? 1 : 0);
  ml_diag *diag = ml__report(ctx, ts_node_start_byte(first_reported),
                             ts_node_end_byte(ts_node_named_child(parameters, count - 1)),
                             "functions decorated with `@modal.%s` can't have parameters; Modal "
                             "always called them with none",
                             decorator_name);
  if (!diag) return;
  TSNode body = ml__child_by_field(ctx, definition, ctx->syntax->field_body);
  uint32_t at, indent_start;
  if (ts_node_is_null(body) || !insertion_point(ctx, body, &at, &indent_start)) return;
  uint32_t indent_end = indent_start;
  while (ctx->bytes[indent_end] == ' ' || ctx->bytes[indent_end] == '\t') indent_end++;
  ml__strbuf text;
  ml__strbuf_init(&text);
  bool constant;
  bool ok = build_assignments(ctx, parameters, method, ctx->bytes + indent_start,
                              indent_end - indent_start, &text, &constant);
  char *assignments = ok ? ml__strbuf_take(&text) : NULL;
  ml__strbuf_free(&text);
  if (!assignments) {
    if (ok) ctx->error = -1;
    return;
  }
  ml_fix *fix = ml__fix_begin(ctx, diag, constant ? ML_APPLICABILITY_SAFE : ML_APPLICABILITY_UNSAFE,
                              "Move the parameters into the body as variables");
  if (method) {
    TSNode self = ts_node_named_child(parameters, 0);
    ml__fix_edit(ctx, fix, ts_node_end_byte(self), ts_node_end_byte(parameters) - 1, "");
  } else {
    ml__fix_edit(ctx, fix, ts_node_start_byte(parameters) + 1, ts_node_end_byte(parameters) - 1,
                 "");
  }
  ml__fix_edit(ctx, fix, at, at, assignments);
  free(assignments);
  ml__fix_end(ctx, diag);
}

static void visit(ml__ctx *ctx, TSNode decorated) {
  uint32_t count = ts_node_named_child_count(decorated);
  for (uint32_t i = 0; i < count; i++) {
    TSNode decorator = ts_node_named_child(decorated, i);
    if (ml__kind_of(ctx->syntax, decorator) != ML_KIND_DECORATOR) continue;
    for (size_t k = 0; k < sizeof decorators / sizeof decorators[0]; k++) {
      TSNode call;
      if (ml__decorator_is(ctx, decorator, decorators[k], &call)) {
        check(ctx, decorated, decorators[k] + strlen("modal."));
        return;
      }
    }
  }
}

static const ml__kind kinds[] = {ML_KIND_DECORATED_DEFINITION};
static const char *const triggers[] = {"asgi_app", "wsgi_app", NULL};

const ml__rule_impl ml__rule_mdl208 = {
    .info = ML__RULE_INFO_MDL208,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
