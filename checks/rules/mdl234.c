/* MDL234 dict-data-param (catalogue B-34): initial contents passed to `Dict.from_name`,
 * `Dict.lookup` or `Dict.ephemeral`. */
#include <stdlib.h>
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "../strbuf.h"
#include "rules.h"

/* The data argument: `data=`, or the positional after the name (first for `ephemeral`). Sets
 * *last_positional when no positional argument follows it. */
static TSNode data_argument(ml__ctx *ctx, TSNode call, uint32_t index, bool *last_positional) {
  TSNode keyword = ml__call_keyword(ctx, call, "data");
  bool has_splat;
  uint32_t count = ml__call_positional_count(ctx->syntax, call, &has_splat);
  *last_positional = !has_splat && count == index + 1;
  if (!ts_node_is_null(keyword)) {
    *last_positional = !has_splat;
    return keyword;
  }
  return ml__call_positional(ctx->syntax, call, index);
}

/* The statement `NAME = <call>` alone on its line(s), or a null node. */
static TSNode assignment_statement(ml__ctx *ctx, TSNode call, TSNode *target) {
  TSNode null_node = {{0}, 0, 0};
  TSNode assignment = ml__parent(ctx, call);
  if (ts_node_is_null(assignment) || ml__kind_of(ctx->syntax, assignment) != ML_KIND_ASSIGNMENT)
    return null_node;
  TSNode right = ml__child_by_field(ctx, assignment, ctx->syntax->field_right);
  *target = ml__child_by_field(ctx, assignment, ctx->syntax->field_left);
  if (ts_node_is_null(right) || !ts_node_eq(right, call) || ts_node_is_null(*target) ||
      ml__kind_of(ctx->syntax, *target) != ML_KIND_IDENTIFIER)
    return null_node;
  TSNode statement = ml__parent(ctx, assignment);
  if (ts_node_is_null(statement) ||
      ml__kind_of(ctx->syntax, statement) != ML_KIND_EXPRESSION_STATEMENT ||
      ts_node_named_child_count(statement) != 1)
    return null_node;
  /* Only blanks before it on its line (not `if x: d = ...` or after a `;`), nothing after. */
  uint32_t start = ts_node_start_byte(statement);
  uint32_t line = ml_source_position(ctx->source, start, ML_COLUMN_UTF8).line;
  for (uint32_t i = ml_source_line_start(ctx->source, line); i < start; i++)
    if (ctx->bytes[i] != ' ' && ctx->bytes[i] != '\t') return null_node;
  uint32_t end = ts_node_end_byte(statement), length = ml_source_length(ctx->source);
  while (end < length && (ctx->bytes[end] == ' ' || ctx->bytes[end] == '\t')) end++;
  if (end < length && ctx->bytes[end] != '\n' && ctx->bytes[end] != '\r') return null_node;
  return statement;
}

/* Moves the data into `NAME.update(DATA)` on a new line after the statement. */
static void add_fix(ml__ctx *ctx, ml_diag *diag, TSNode call, TSNode argument, TSNode statement,
                    TSNode target) {
  TSNode value = ml__kind_of(ctx->syntax, argument) == ML_KIND_KEYWORD_ARGUMENT
                     ? ml__keyword_value(ctx, argument)
                     : argument;
  if (ts_node_is_null(value)) return;
  uint32_t start = ts_node_start_byte(statement);
  uint32_t line = ml_source_position(ctx->source, start, ML_COLUMN_UTF8).line;
  uint32_t indent_start = ml_source_line_start(ctx->source, line);
  uint32_t end_line =
      ml_source_position(ctx->source, ts_node_end_byte(statement), ML_COLUMN_UTF8).line;
  uint32_t insert_at = ml_source_line_start(ctx->source, end_line + 1);
  /* The last line of a file without a final newline has no next line to insert before. */
  if (insert_at <= ts_node_end_byte(statement)) return;
  ml__strbuf text;
  ml__strbuf_init(&text);
  ml__strbuf_append(&text, ctx->bytes + indent_start, start - indent_start);
  ml__strbuf_append(&text, ctx->bytes + ts_node_start_byte(target),
                    ts_node_end_byte(target) - ts_node_start_byte(target));
  ml__strbuf_append_str(&text, ".update(");
  ml__strbuf_append(&text, ctx->bytes + ts_node_start_byte(value),
                    ts_node_end_byte(value) - ts_node_start_byte(value));
  ml__strbuf_printf(&text, ")%s", ml_source_newline(ctx->source));
  size_t length = text.length;
  char *bytes = ml__strbuf_take(&text);
  if (!bytes) {
    ctx->error = -1;
    return;
  }
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                              "Create the Dict empty, then `.update(...)` it");
  ml__fix_remove_argument(ctx, fix, argument);
  ml__fix_edit_n(ctx, fix, insert_at, insert_at, bytes, length);
  free(bytes);
  ml__fix_end(ctx, diag);
  (void)call;
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || !c->resolves) return;
  bool is_aio = c->is_aio;
  uint32_t index;
  if (strcmp(c->qualname, "modal.Dict.from_name") == 0 ||
      strcmp(c->qualname, "modal.Dict.lookup") == 0)
    index = 1;
  else if (strcmp(c->qualname, "modal.Dict.ephemeral") == 0)
    index = 0;
  else
    return;
  bool last_positional;
  TSNode argument = data_argument(ctx, call, index, &last_positional);
  if (ts_node_is_null(argument)) return;
  ml_diag *diag = ml__report_node(ctx, argument,
                                  "`Dict` no longer takes initial data at creation; create it, "
                                  "then call `.update(...)`");
  /* Removing a positional argument that others follow would shift them. */
  TSNode target;
  TSNode statement = assignment_statement(ctx, call, &target);
  /* `ephemeral()` returns a context manager, not the Dict: `NAME.update` would be wrong. */
  if (!diag || is_aio || index == 0 || !last_positional || ts_node_is_null(statement)) return;
  add_fix(ctx, diag, call, argument, statement, target);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
/* The data may be positional, so `data` is not a word every finding needs; `Dict` is (an alias
 * is imported by that name). */
static const char *const triggers[] = {"Dict", NULL};

const ml__rule_impl ml__rule_mdl234 = {
    .info = ML__RULE_INFO_MDL234,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
