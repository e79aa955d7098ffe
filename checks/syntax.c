#include "syntax.h"

#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"

static const struct {
  const char *name;
  ml__kind kind;
} named_kinds[] = {
    {"module", ML_KIND_MODULE},
    {"identifier", ML_KIND_IDENTIFIER},
    {"attribute", ML_KIND_ATTRIBUTE},
    {"call", ML_KIND_CALL},
    {"argument_list", ML_KIND_ARGUMENT_LIST},
    {"keyword_argument", ML_KIND_KEYWORD_ARGUMENT},
    {"decorated_definition", ML_KIND_DECORATED_DEFINITION},
    {"decorator", ML_KIND_DECORATOR},
    {"function_definition", ML_KIND_FUNCTION_DEFINITION},
    {"class_definition", ML_KIND_CLASS_DEFINITION},
    {"import_statement", ML_KIND_IMPORT_STATEMENT},
    {"import_from_statement", ML_KIND_IMPORT_FROM_STATEMENT},
    {"future_import_statement", ML_KIND_FUTURE_IMPORT_STATEMENT},
    {"aliased_import", ML_KIND_ALIASED_IMPORT},
    {"dotted_name", ML_KIND_DOTTED_NAME},
    {"wildcard_import", ML_KIND_WILDCARD_IMPORT},
    {"assignment", ML_KIND_ASSIGNMENT},
    {"expression_statement", ML_KIND_EXPRESSION_STATEMENT},
    {"string", ML_KIND_STRING},
    {"string_content", ML_KIND_STRING_CONTENT},
    {"interpolation", ML_KIND_INTERPOLATION},
    {"concatenated_string", ML_KIND_CONCATENATED_STRING},
    {"comment", ML_KIND_COMMENT},
    {"parenthesized_expression", ML_KIND_PARENTHESIZED_EXPRESSION},
    {"await", ML_KIND_AWAIT},
    {"integer", ML_KIND_INTEGER},
    {"true", ML_KIND_TRUE},
    {"false", ML_KIND_FALSE},
    {"none", ML_KIND_NONE},
    {"list", ML_KIND_LIST},
    {"block", ML_KIND_BLOCK},
    {"parameters", ML_KIND_PARAMETERS},
    {"lambda_parameters", ML_KIND_LAMBDA_PARAMETERS},
    {"typed_parameter", ML_KIND_TYPED_PARAMETER},
    {"default_parameter", ML_KIND_DEFAULT_PARAMETER},
    {"typed_default_parameter", ML_KIND_TYPED_DEFAULT_PARAMETER},
    {"list_splat", ML_KIND_LIST_SPLAT},
    {"dictionary_splat", ML_KIND_DICTIONARY_SPLAT},
    {"subscript", ML_KIND_SUBSCRIPT},
    {"except_clause", ML_KIND_EXCEPT_CLAUSE},
    {"ERROR", ML_KIND_ERROR},
};

static TSFieldId field(const TSLanguage *language, const char *name) {
  return ts_language_field_id_for_name(language, name, (uint32_t)strlen(name));
}

int ml__syntax_init(ml__syntax *syntax) {
  const TSLanguage *language = tree_sitter_python();
  syntax->language = language;
  syntax->symbol_count = ts_language_symbol_count(language);
  syntax->kind_of_symbol = calloc(syntax->symbol_count, 1);
  if (!syntax->kind_of_symbol) return ML_ENOMEM;
  /* Aliases give one kind several symbols, so map every symbol by name rather than asking for one. */
  for (uint32_t symbol = 0; symbol < syntax->symbol_count; symbol++) {
    TSSymbolType type = ts_language_symbol_type(language, (TSSymbol)symbol);
    const char *name = ts_language_symbol_name(language, (TSSymbol)symbol);
    if (!name || (type != TSSymbolTypeRegular && strcmp(name, "ERROR") != 0)) continue;
    for (size_t i = 0; i < sizeof named_kinds / sizeof named_kinds[0]; i++) {
      if (strcmp(name, named_kinds[i].name) == 0) {
        syntax->kind_of_symbol[symbol] = (uint8_t)named_kinds[i].kind;
        break;
      }
    }
  }
  syntax->field_function = field(language, "function");
  syntax->field_arguments = field(language, "arguments");
  syntax->field_object = field(language, "object");
  syntax->field_attribute = field(language, "attribute");
  syntax->field_name = field(language, "name");
  syntax->field_value = field(language, "value");
  syntax->field_left = field(language, "left");
  syntax->field_right = field(language, "right");
  syntax->field_alias = field(language, "alias");
  syntax->field_module_name = field(language, "module_name");
  syntax->field_definition = field(language, "definition");
  syntax->field_body = field(language, "body");
  syntax->field_type = field(language, "type");
  syntax->field_parameters = field(language, "parameters");
  syntax->field_superclasses = field(language, "superclasses");
  return ML_OK;
}

void ml__syntax_free(ml__syntax *syntax) {
  free(syntax->kind_of_symbol);
  syntax->kind_of_symbol = NULL;
}

static bool is_positional(const ml__syntax *syntax, TSNode arg, bool *splat) {
  ml__kind kind = ml__kind_of(syntax, arg);
  if (kind == ML_KIND_LIST_SPLAT || kind == ML_KIND_DICTIONARY_SPLAT) {
    *splat = true;
    return false;
  }
  return kind != ML_KIND_KEYWORD_ARGUMENT && kind != ML_KIND_COMMENT;
}

TSNode ml__call_positional(const ml__syntax *syntax, TSNode call, uint32_t index) {
  TSNode args = ts_node_child_by_field_id(call, syntax->field_arguments);
  uint32_t count = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
  bool splat = false;
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(args, i);
    if (!is_positional(syntax, arg, &splat)) continue;
    if (index-- == 0) return arg;
  }
  TSNode null_node = {{0}, 0, 0};
  return null_node;
}

uint32_t ml__call_positional_count(const ml__syntax *syntax, TSNode call, bool *has_splat) {
  TSNode args = ts_node_child_by_field_id(call, syntax->field_arguments);
  uint32_t count = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
  uint32_t positional = 0;
  *has_splat = false;
  for (uint32_t i = 0; i < count; i++)
    if (is_positional(syntax, ts_node_named_child(args, i), has_splat)) positional++;
  return positional;
}

void ml__children_begin(ml__children *it, ml__cursor_pool *pool, TSNode parent) {
  it->pool = pool;
  it->cursor = ml__cursor_borrow(pool, parent, &it->spare);
  it->more = ts_tree_cursor_goto_first_child(it->cursor);
}

bool ml__children_next(ml__children *it, TSNode *child) {
  while (it->more) {
    TSNode node = ts_tree_cursor_current_node(it->cursor);
    it->more = ts_tree_cursor_goto_next_sibling(it->cursor);
    if (ts_node_is_named(node)) {
      *child = node;
      return true;
    }
  }
  return false;
}

void ml__children_end(ml__children *it) { ml__cursor_return(it->pool, it->cursor, &it->spare); }

bool ml__cursor_step(TSTreeCursor *cursor, uint32_t *depth, bool descend) {
  if (descend && ts_tree_cursor_goto_first_child(cursor)) {
    (*depth)++;
    return true;
  }
  while (*depth > 0) {
    if (ts_tree_cursor_goto_next_sibling(cursor)) return true;
    ts_tree_cursor_goto_parent(cursor);
    (*depth)--;
  }
  return false;
}

TSNode ml__decorator_expression(TSNode decorator) {
  return ts_node_named_child(decorator, 0);
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }
static bool is_newline(char c) { return c == '\n' || c == '\r'; }

void ml__argument_removal_range(const char *bytes, TSNode argument, uint32_t *start,
                                uint32_t *end) {
  uint32_t s = ts_node_start_byte(argument), e = ts_node_end_byte(argument);
  TSNode next = ts_node_next_sibling(argument);
  TSNode prev = ts_node_prev_sibling(argument);
  bool comma_after = !ts_node_is_null(next) && ml__node_is_text(bytes, next, ",");
  uint32_t with_comma = comma_after ? ts_node_end_byte(next) : e;

  /* An argument alone on its line goes with its whole line, keeping the layout of the others. */
  uint32_t line_start = s, line_end = with_comma;
  while (line_start > 0 && is_blank(bytes[line_start - 1])) line_start--;
  while (is_blank(bytes[line_end])) line_end++;
  if ((line_start == 0 || is_newline(bytes[line_start - 1])) && is_newline(bytes[line_end])) {
    if (bytes[line_end] == '\r' && bytes[line_end + 1] == '\n') line_end++;
    *start = line_start;
    *end = line_end + 1;
    return;
  }
  /* "f(a=1, b=2)" -> "f(b=2)": up to the next argument. When that one starts the next line,
   * the blanks before the argument go instead, so no trailing space is left behind. */
  TSNode after = comma_after ? ts_node_next_sibling(next) : next;
  if (comma_after && !ts_node_is_null(after) && !ml__node_is_text(bytes, after, ")")) {
    uint32_t k = with_comma;
    while (is_blank(bytes[k])) k++;
    *start = s;
    if (is_newline(bytes[k])) {
      while (*start > 0 && is_blank(bytes[*start - 1])) (*start)--;
      k = with_comma;
    }
    *end = k;
    return;
  }
  /* "f(a, b=2)" -> "f(a)": the comma before goes too. */
  if (!ts_node_is_null(prev) && ml__node_is_text(bytes, prev, ",")) {
    *start = ts_node_start_byte(prev);
    *end = with_comma;
    return;
  }
  /* After a comment the argument starts its line: deleting back to the comma would delete the
   * comment, and deleting back to the comment's end would pull what follows into it. Only the
   * argument and its indentation go: "f(a,  # c\n    b=2)" -> "f(a,  # c\n)" (a trailing
   * comma is valid). */
  if (!ts_node_is_null(prev) && bytes[ts_node_start_byte(prev)] == '#') {
    *start = line_start;
    *end = with_comma;
    return;
  }
  /* The only argument: "f( a=1 )" -> "f()". */
  uint32_t open = ts_node_is_null(prev) ? s : ts_node_end_byte(prev);
  uint32_t close = ts_node_is_null(after) ? with_comma : ts_node_start_byte(after);
  *start = open;
  *end = close;
}

/* Appends `count` bytes to `text`, keeping room for the NUL. */
static bool put(char *text, size_t size, size_t *used, const char *bytes, size_t count) {
  if (*used + count + 1 > size) return false;
  memcpy(text + *used, bytes, count);
  *used += count;
  text[*used] = '\0';
  return true;
}

bool ml__argument_append(const char *bytes, uint32_t length, TSNode last, const char *newline,
                         const char *arguments, uint32_t *at, char *text, size_t size) {
  uint32_t s = ts_node_start_byte(last), e = ts_node_end_byte(last);
  uint32_t line_start = s;
  while (line_start > 0 && is_blank(bytes[line_start - 1])) line_start--;
  bool own_line = line_start == 0 || is_newline(bytes[line_start - 1]);
  TSNode next = ts_node_next_sibling(last);
  size_t used = 0;
  if (own_line && !ts_node_is_null(next) && ml__node_is_text(bytes, next, ",")) {
    /* One argument per line, trailing comma: the new one gets its own line too. */
    uint32_t p = ts_node_end_byte(next);
    while (p < length && is_blank(bytes[p])) p++;
    if (p < length && bytes[p] == '#')
      while (p < length && !is_newline(bytes[p])) p++;
    if (p < length && is_newline(bytes[p])) {
      *at = p;
      return put(text, size, &used, newline, strlen(newline)) &&
             put(text, size, &used, bytes + line_start, s - line_start) &&
             put(text, size, &used, arguments, strlen(arguments)) && put(text, size, &used, ",", 1);
    }
  }
  *at = e;
  return put(text, size, &used, ", ", 2) && put(text, size, &used, arguments, strlen(arguments));
}

TSNode ml__unparenthesize(const ml__syntax *syntax, TSNode node) {
  while (!ts_node_is_null(node) && ml__kind_of(syntax, node) == ML_KIND_PARENTHESIZED_EXPRESSION)
    node = ts_node_named_child(node, 0);
  return node;
}
