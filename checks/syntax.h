/* The slice of tree-sitter-python's grammar the checks use: node kinds as a small enum (so
 * dispatch is a table look-up, not a string compare per node), field ids, and helpers that read
 * common shapes (calls, keyword arguments, decorators). */
#ifndef ML_SYNTAX_H
#define ML_SYNTAX_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "cursor_pool.h"

typedef enum ml__kind {
  ML_KIND_OTHER = 0,
  ML_KIND_MODULE,
  ML_KIND_IDENTIFIER,
  ML_KIND_ATTRIBUTE,
  ML_KIND_CALL,
  ML_KIND_ARGUMENT_LIST,
  ML_KIND_KEYWORD_ARGUMENT,
  ML_KIND_DECORATED_DEFINITION,
  ML_KIND_DECORATOR,
  ML_KIND_FUNCTION_DEFINITION,
  ML_KIND_CLASS_DEFINITION,
  ML_KIND_IMPORT_STATEMENT,
  ML_KIND_IMPORT_FROM_STATEMENT,
  ML_KIND_FUTURE_IMPORT_STATEMENT,
  ML_KIND_ALIASED_IMPORT,
  ML_KIND_DOTTED_NAME,
  ML_KIND_WILDCARD_IMPORT,
  ML_KIND_ASSIGNMENT,
  ML_KIND_EXPRESSION_STATEMENT,
  ML_KIND_STRING,
  ML_KIND_STRING_CONTENT,
  ML_KIND_INTERPOLATION,
  ML_KIND_CONCATENATED_STRING,
  ML_KIND_COMMENT,
  ML_KIND_PARENTHESIZED_EXPRESSION,
  ML_KIND_AWAIT,
  ML_KIND_INTEGER,
  ML_KIND_TRUE,
  ML_KIND_FALSE,
  ML_KIND_NONE,
  ML_KIND_LIST,
  ML_KIND_BLOCK,
  ML_KIND_PARAMETERS,
  ML_KIND_LAMBDA_PARAMETERS,
  ML_KIND_TYPED_PARAMETER,
  ML_KIND_DEFAULT_PARAMETER,
  ML_KIND_TYPED_DEFAULT_PARAMETER,
  ML_KIND_LIST_SPLAT,
  ML_KIND_DICTIONARY_SPLAT,
  ML_KIND_SUBSCRIPT,
  ML_KIND_EXCEPT_CLAUSE,
  ML_KIND_ERROR,
  ML_KIND_COUNT
} ml__kind;

typedef struct ml__syntax {
  const TSLanguage *language;
  uint8_t *kind_of_symbol; /* indexed by TSSymbol */
  uint32_t symbol_count;
  TSFieldId field_function, field_arguments, field_object, field_attribute, field_name,
      field_value, field_left, field_right, field_alias, field_module_name, field_definition,
      field_body, field_type, field_parameters, field_superclasses;
} ml__syntax;

const TSLanguage *tree_sitter_python(void);

/* Fills `syntax` for tree-sitter-python. Returns ML_ENOMEM on failure. */
int ml__syntax_init(ml__syntax *syntax);
void ml__syntax_free(ml__syntax *syntax);

/* A null node (a missing field or child) has no kind: rules can test it without a null check. */
static inline ml__kind ml__kind_of(const ml__syntax *syntax, TSNode node) {
  if (ts_node_is_null(node)) return ML_KIND_OTHER;
  TSSymbol symbol = ts_node_symbol(node);
  return symbol < syntax->symbol_count ? (ml__kind)syntax->kind_of_symbol[symbol] : ML_KIND_OTHER;
}

/* True when the bytes of `node` are exactly `text` (never for a null node). Inline: `text` is
 * nearly always a literal, whose length the compiler then knows. */
static inline bool ml__node_is_text(const char *bytes, TSNode node, const char *text) {
  if (ts_node_is_null(node)) return false;
  size_t length = strlen(text);
  uint32_t start = ts_node_start_byte(node);
  return ts_node_end_byte(node) - start == length && memcmp(bytes + start, text, length) == 0;
}

/* The `index`-th positional argument (0-based, not counting keywords or splats), or a null node. */
TSNode ml__call_positional(const ml__syntax *syntax, TSNode call, uint32_t index);

/* `node` without the parentheses around it: `((x))` is `x` (a null node stays null). The parse
 * guard bounds the nesting, so the loop is short. */
TSNode ml__unparenthesize(const ml__syntax *syntax, TSNode node);

/* How many positional arguments a call has; sets *has_splat when it has *args or **kwargs. */
uint32_t ml__call_positional_count(const ml__syntax *syntax, TSNode call, bool *has_splat);

/* Named children of a node, one step at a time. ts_node_named_child(parent, i) costs O(i), so a
 * loop over a module's statements with it is quadratic in the file's length; a cursor is O(1) per
 * step. The cursor is borrowed from `pool`: always pair begin with end (it gives it back). */
typedef struct ml__children {
  ml__cursor_pool *pool;
  TSTreeCursor *cursor;
  TSTreeCursor spare;
  bool more;
} ml__children;

void ml__children_begin(ml__children *it, ml__cursor_pool *pool, TSNode parent);
/* Sets *child to the next named child; false when there is none. */
bool ml__children_next(ml__children *it, TSNode *child);
void ml__children_end(ml__children *it);

/* One step of a pre-order walk over the subtree a cursor was created on: into the current node's
 * first child when `descend` is set and it has one, else to the next node after the current
 * node's subtree. *depth counts levels below the start node. Returns false when the walk is over.
 * Iterative, so deep nesting cannot overflow the stack. */
bool ml__cursor_step(TSTreeCursor *cursor, uint32_t *depth, bool descend);

/* The expression under a decorator node (after "@"). */
TSNode ml__decorator_expression(TSNode decorator);

/* The byte range to delete to remove `argument` (a child of an argument list) together with one
 * adjoining comma and the blank space around it, leaving the list well formed. */
void ml__argument_removal_range(const char *bytes, TSNode argument, uint32_t *start, uint32_t *end);

/* How to add `arguments` ("copy=True") after `last`, the last argument of a call, keeping the
 * list's layout: "f(a)" -> "f(a, copy=True)", and when `last` starts its own line and has a
 * trailing comma, a new line with the same indentation after it (and after a comment ending that
 * line). Writes the insertion offset to *at and the text to `text`; false when it does not fit. */
bool ml__argument_append(const char *bytes, uint32_t length, TSNode last, const char *newline,
                         const char *arguments, uint32_t *at, char *text, size_t size);

#endif
