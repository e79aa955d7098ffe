#include "rulekit.h"

#include <string.h>

#include "semantic.h"
#include "syntax.h"

static TSNode null_node(void) {
  TSNode node = {{0}, 0, 0};
  return node;
}

static bool is_type(TSNode node, const char *type) {
  return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

bool ml__decorator_is(ml__ctx *ctx, TSNode decorator, const char *qualname, TSNode *call) {
  TSNode expression = ml__decorator_expression(decorator);
  *call = null_node();
  if (ts_node_is_null(expression)) return false;
  if (ml__kind_of(ctx->syntax, expression) == ML_KIND_CALL) {
    *call = expression;
    expression = ml__child_by_field(ctx, expression, ctx->syntax->field_function);
  }
  return !ts_node_is_null(expression) && ml__resolves_to(ctx, expression, qualname);
}

TSNode ml__keyword_value(ml__ctx *ctx, TSNode keyword) {
  if (ts_node_is_null(keyword)) return keyword;
  return ml__child_by_field(ctx, keyword, ctx->syntax->field_value);
}

bool ml__is_true(ml__ctx *ctx, TSNode node) {
  node = ml__unparenthesize(ctx->syntax, node);
  return !ts_node_is_null(node) && ml__kind_of(ctx->syntax, node) == ML_KIND_TRUE;
}

bool ml__is_false(ml__ctx *ctx, TSNode node) {
  node = ml__unparenthesize(ctx->syntax, node);
  return !ts_node_is_null(node) && ml__kind_of(ctx->syntax, node) == ML_KIND_FALSE;
}

bool ml__is_constant(ml__ctx *ctx, TSNode node) {
  node = ml__unparenthesize(ctx->syntax, node);
  if (ts_node_is_null(node)) return false;
  switch (ml__kind_of(ctx->syntax, node)) {
    case ML_KIND_INTEGER:
    case ML_KIND_TRUE:
    case ML_KIND_FALSE:
    case ML_KIND_NONE:
      return true;
    case ML_KIND_STRING:
      /* Only an f-string holds interpolations, and they run code. */
      for (uint32_t i = 0; i < ts_node_named_child_count(node); i++)
        if (ml__kind_of(ctx->syntax, ts_node_named_child(node, i)) == ML_KIND_INTERPOLATION)
          return false;
      return true;
    default:
      break;
  }
  if (is_type(node, "float")) return true;
  if (is_type(node, "unary_operator")) {
    TSNode operand = ml__child_by_field(ctx, node, ts_language_field_id_for_name(
                                                         ctx->syntax->language, "argument", 8));
    operand = ml__unparenthesize(ctx->syntax, operand);
    return ml__kind_of(ctx->syntax, operand) == ML_KIND_INTEGER || is_type(operand, "float");
  }
  return false;
}

void ml__fix_remove_argument(ml__ctx *ctx, ml_fix *fix, TSNode argument) {
  uint32_t start, end;
  ml__argument_removal_range(ctx->bytes, argument, &start, &end);
  ml__fix_edit(ctx, fix, start, end, "");
}

bool ml__value_unused(ml__ctx *ctx, TSNode expression) {
  TSNode parent = ml__parent(ctx, expression);
  if (!ts_node_is_null(parent) && ml__kind_of(ctx->syntax, parent) == ML_KIND_AWAIT)
    parent = ml__parent(ctx, parent);
  return !ts_node_is_null(parent) &&
         ml__kind_of(ctx->syntax, parent) == ML_KIND_EXPRESSION_STATEMENT &&
         ts_node_named_child_count(parent) == 1;
}

bool ml__is_store_target(ml__ctx *ctx, TSNode expression) {
  TSNode parent = ml__parent(ctx, expression);
  if (ts_node_is_null(parent)) return false;
  if (is_type(parent, "delete_statement")) return true;
  /* `a.x, b = ...` puts the target inside a pattern list first. */
  while (is_type(parent, "pattern_list") || is_type(parent, "tuple_pattern") ||
         is_type(parent, "list_pattern") || is_type(parent, "expression_list")) {
    expression = parent;
    parent = ml__parent(ctx, parent);
    if (ts_node_is_null(parent)) return false;
  }
  if (is_type(parent, "assignment") || is_type(parent, "augmented_assignment") ||
      is_type(parent, "for_statement") || is_type(parent, "for_in_clause")) {
    TSNode left = ml__child_by_field(ctx, parent, ctx->syntax->field_left);
    return !ts_node_is_null(left) && ts_node_eq(left, expression);
  }
  return false;
}

/* The assignment directly under a module-level statement, or a null node. */
static TSNode module_assignment(ml__ctx *ctx, TSNode statement) {
  if (ml__kind_of(ctx->syntax, statement) != ML_KIND_EXPRESSION_STATEMENT) return null_node();
  TSNode assignment = ts_node_named_child(statement, 0);
  if (ts_node_is_null(assignment) || ml__kind_of(ctx->syntax, assignment) != ML_KIND_ASSIGNMENT)
    return null_node();
  return assignment;
}

static bool same_text(ml__ctx *ctx, TSNode a, TSNode b) {
  uint32_t a_start = ts_node_start_byte(a), b_start = ts_node_start_byte(b);
  uint32_t length = ts_node_end_byte(a) - a_start;
  return ts_node_end_byte(b) - b_start == length &&
         memcmp(ctx->bytes + a_start, ctx->bytes + b_start, length) == 0;
}

TSNode ml__module_assigned_value(ml__ctx *ctx, TSNode identifier) {
  TSNode found = null_node(), statement;
  bool unknown = false;
  ml__children statements;
  ml__children_begin(&statements, &ctx->cursors, ts_tree_root_node(ctx->tree));
  while (!unknown && ml__children_next(&statements, &statement)) {
    TSNode assignment = module_assignment(ctx, statement);
    if (ts_node_is_null(assignment)) continue;
    TSNode left = ml__child_by_field(ctx, assignment, ctx->syntax->field_left);
    if (ts_node_is_null(left) || ml__kind_of(ctx->syntax, left) != ML_KIND_IDENTIFIER ||
        !same_text(ctx, left, identifier))
      continue;
    /* Bound twice (which one is unknown), bound after the use, or bound to nothing. */
    unknown = !ts_node_is_null(found) || ts_node_start_byte(left) > ts_node_start_byte(identifier);
    if (!unknown) found = ml__child_by_field(ctx, assignment, ctx->syntax->field_right);
  }
  ml__children_end(&statements);
  return unknown ? null_node() : found;
}

TSNode ml__module_function(ml__ctx *ctx, TSNode identifier) {
  TSNode found = null_node(), definition;
  ml__children statements;
  ml__children_begin(&statements, &ctx->cursors, ts_tree_root_node(ctx->tree));
  while (ts_node_is_null(found) && ml__children_next(&statements, &definition)) {
    if (ml__kind_of(ctx->syntax, definition) == ML_KIND_DECORATED_DEFINITION)
      definition = ml__child_by_field(ctx, definition, ctx->syntax->field_definition);
    if (ts_node_is_null(definition) ||
        ml__kind_of(ctx->syntax, definition) != ML_KIND_FUNCTION_DEFINITION)
      continue;
    TSNode name = ml__child_by_field(ctx, definition, ctx->syntax->field_name);
    if (!ts_node_is_null(name) && same_text(ctx, name, identifier)) found = definition;
  }
  ml__children_end(&statements);
  return found;
}

bool ml__block_yields(ml__ctx *ctx, TSNode block) {
  if (ts_node_is_null(block)) return false;
  TSTreeCursor spare;
  TSTreeCursor *cursor = ml__cursor_borrow(&ctx->cursors, block, &spare);
  bool found = false;
  uint32_t depth = 0;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(cursor);
    if (is_type(node, "yield")) {
      found = true;
      break;
    }
    bool nested = depth > 0 && (is_type(node, "function_definition") || is_type(node, "lambda") ||
                                is_type(node, "class_definition"));
    if (!ml__cursor_step(cursor, &depth, !nested)) break;
  }
  ml__cursor_return(&ctx->cursors, cursor, &spare);
  return found;
}

void ml__report_removed_flag(ml__ctx *ctx, TSNode keyword, bool default_value,
                             const char *same_message, const char *other_message,
                             const char *title) {
  TSNode name = ml__child_by_field(ctx, keyword, ctx->syntax->field_name);
  TSNode value = ml__keyword_value(ctx, keyword);
  if (default_value ? ml__is_true(ctx, value) : ml__is_false(ctx, value)) {
    ml_diag *diag = ml__report_node(ctx, name, "%s", same_message);
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "%s", title);
    ml__fix_remove_argument(ctx, fix, keyword);
    ml__fix_end(ctx, diag);
    return;
  }
  ml__report_node(ctx, name, "%s", other_message);
}

TSNode ml__last_argument(ml__ctx *ctx, TSNode args) {
  TSNode last = null_node();
  uint32_t count = ts_node_named_child_count(args);
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(args, i);
    if (ml__kind_of(ctx->syntax, arg) != ML_KIND_COMMENT) last = arg;
  }
  return last;
}
