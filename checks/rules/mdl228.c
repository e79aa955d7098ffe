/* MDL228 exit-method-params (catalogue B-28): an `@modal.exit()` method that takes parameters
 * besides `self`. */
#include <string.h>

#include "../rulekit.h"
#include "rules.h"

/* The name a parameter binds, or a null node (`*`, `/`). */
static TSNode parameter_name(ml__ctx *ctx, TSNode parameter) {
  ml__kind kind = ml__kind_of(ctx->syntax, parameter);
  if (kind == ML_KIND_IDENTIFIER) return parameter;
  if (kind == ML_KIND_DEFAULT_PARAMETER || kind == ML_KIND_TYPED_DEFAULT_PARAMETER)
    return ml__child_by_field(ctx, parameter, ctx->syntax->field_name);
  /* typed_parameter, *args, **kwargs: the identifier is the first named child. */
  for (uint32_t depth = 0; depth < 4 && !ts_node_is_null(parameter); depth++) {
    parameter = ts_node_named_child(parameter, 0);
    if (ml__kind_of(ctx->syntax, parameter) == ML_KIND_IDENTIFIER) return parameter;
  }
  TSNode null_node = {{0}, 0, 0};
  return null_node;
}

static bool same_text(ml__ctx *ctx, TSNode a, TSNode b) {
  uint32_t length = ts_node_end_byte(a) - ts_node_start_byte(a);
  return ts_node_end_byte(b) - ts_node_start_byte(b) == length &&
         memcmp(ctx->bytes + ts_node_start_byte(a), ctx->bytes + ts_node_start_byte(b), length) ==
             0;
}

/* Whether any identifier in `body` is spelled like `name`, other than an attribute name
 * (`self.exc`) or a keyword name (`f(exc=...)`). Deliberately broad: a nested function's own
 * variable of the same name also counts, which only withholds the safe fix. */
static bool body_mentions(ml__ctx *ctx, TSNode body, TSNode name) {
  TSTreeCursor spare;
  TSTreeCursor *cursor = ml__cursor_borrow(&ctx->cursors, body, &spare);
  bool found = false;
  uint32_t depth = 0;
  for (bool more = true; more && !found;) {
    TSNode node = ts_tree_cursor_current_node(cursor);
    if (ml__kind_of(ctx->syntax, node) == ML_KIND_IDENTIFIER && same_text(ctx, node, name)) {
      TSNode parent = ml__parent(ctx, node);
      ml__kind kind = ml__kind_of(ctx->syntax, parent);
      TSNode attribute = ml__child_by_field(ctx, parent, ctx->syntax->field_attribute);
      TSNode key = ml__child_by_field(ctx, parent, ctx->syntax->field_name);
      bool member = (kind == ML_KIND_ATTRIBUTE && !ts_node_is_null(attribute) &&
                     ts_node_eq(attribute, node)) ||
                    (kind == ML_KIND_KEYWORD_ARGUMENT && !ts_node_is_null(key) &&
                     ts_node_eq(key, node));
      if (!member) found = true;
    }
    more = ml__cursor_step(cursor, &depth, true);
  }
  ml__cursor_return(&ctx->cursors, cursor, &spare);
  return found;
}

/* Parameters one per line keep their layout: `self,` stays on its line and the closing
 * parenthesis on its own, so the removal runs from after `self,` to the end of the line before
 * `)`. On one line it runs from the end of `self` to `)`, taking the commas with it. */
static bool closes_own_line(ml__ctx *ctx, TSNode parameters, uint32_t *line_start) {
  uint32_t close = ts_node_end_byte(parameters) - 1;
  uint32_t line = ml_source_position(ctx->source, close, ML_COLUMN_UTF8).line;
  *line_start = ml_source_line_start(ctx->source, line);
  for (uint32_t i = *line_start; i < close; i++)
    if (ctx->bytes[i] != ' ' && ctx->bytes[i] != '\t') return false;
  return *line_start > ts_node_start_byte(parameters);
}

static uint32_t removal_start(ml__ctx *ctx, TSNode first) {
  TSNode next = ts_node_next_sibling(first);
  if (!ts_node_is_null(next) && ml__node_is_text(ctx->bytes, next, ",") &&
      ml_source_position(ctx->source, ts_node_end_byte(next), ML_COLUMN_UTF8).line !=
          ml_source_position(ctx->source, ts_node_end_byte(ml__parent(ctx, first)) - 1,
                             ML_COLUMN_UTF8)
              .line)
    return ts_node_end_byte(next);
  return ts_node_end_byte(first);
}

static uint32_t removal_end(ml__ctx *ctx, TSNode parameters, TSNode first) {
  uint32_t line_start;
  uint32_t start = removal_start(ctx, first);
  if (start != ts_node_end_byte(first) && closes_own_line(ctx, parameters, &line_start)) {
    uint32_t end = line_start - 1; /* the newline ending the line before `)` */
    if (end > start && ctx->bytes[end - 1] == '\r') end--;
    if (end >= start) return end;
  }
  return ts_node_end_byte(parameters) - 1;
}

static bool has_exit_decorator(ml__ctx *ctx, TSNode decorated) {
  uint32_t count = ts_node_named_child_count(decorated);
  for (uint32_t i = 0; i < count; i++) {
    TSNode decorator = ts_node_named_child(decorated, i), call;
    if (ml__kind_of(ctx->syntax, decorator) == ML_KIND_DECORATOR &&
        ml__decorator_is(ctx, decorator, "modal.exit", &call))
      return true;
  }
  return false;
}

static void visit(ml__ctx *ctx, TSNode decorated) {
  TSNode definition = ml__child_by_field(ctx, decorated, ctx->syntax->field_definition);
  if (ts_node_is_null(definition) ||
      ml__kind_of(ctx->syntax, definition) != ML_KIND_FUNCTION_DEFINITION ||
      !has_exit_decorator(ctx, decorated))
    return;
  TSNode parameters = ml__child_by_field(ctx, definition, ctx->syntax->field_parameters);
  TSNode body = ml__child_by_field(ctx, definition, ctx->syntax->field_body);
  if (ts_node_is_null(parameters) || ts_node_is_null(body)) return;
  /* Parameters and the comments among them; the first parameter is `self`. */
  TSNode first = {{0}, 0, 0};
  uint32_t extra = 0;
  bool used = false;
  uint32_t count = ts_node_named_child_count(parameters);
  for (uint32_t i = 0; i < count; i++) {
    TSNode parameter = ts_node_named_child(parameters, i);
    if (ml__kind_of(ctx->syntax, parameter) == ML_KIND_COMMENT) continue;
    if (ts_node_is_null(first)) {
      first = parameter;
      continue;
    }
    extra++;
    TSNode name = parameter_name(ctx, parameter);
    if (!ts_node_is_null(name) && body_mentions(ctx, body, name)) used = true;
  }
  if (extra == 0) return;
  if (used) {
    ml__report_node(ctx, parameters,
                    "`@modal.exit()` methods take no arguments besides `self` (they were always "
                    "`None`); remove the parameters and their uses");
    return;
  }
  ml_diag *diag = ml__report_node(ctx, parameters,
                                  "`@modal.exit()` methods take no arguments besides `self` (they "
                                  "were always `None`)");
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Remove the unused parameters");
  ml__fix_edit(ctx, fix, removal_start(ctx, first), removal_end(ctx, parameters, first), "");
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_DECORATED_DEFINITION};
static const char *const triggers[] = {"exit", NULL};

const ml__rule_impl ml__rule_mdl228 = {
    .info = ML__RULE_INFO_MDL228,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
