/* MDL119 cls-custom-init (catalogue A-19): a custom `__init__` on an `@app.cls` class, replaced by
 * dataclass-style `name: T = modal.parameter(...)` fields (and an `@modal.enter()` method for any
 * other set-up).
 *
 * Findings:
 * - the `__init__` of an `@app.cls` class, or the base class an `@app.cls` class inherits one from
 *   (Modal's test is `user_cls.__init__ != object.__init__`); the fix, when the constructor is
 *   simple enough to translate, is unsafe (see `fix_reason`);
 * - each `__init__` parameter whose type `modal.parameter()` cannot hold;
 * - in the same file, constructing such a class (or one already using `modal.parameter()`, whose
 *   synthetic constructor rejects positional arguments) with positional arguments; turning them
 *   into keywords is exact for both kinds of constructor, so that fix is safe. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../calls.h"
#include "../cls.h"
#include "../imports.h"
#include "../strbuf.h"
#include "rules.h"

#define MAX_PARAMETERS 32

static const char *const supported_types[] = {"str", "int", "bool", "bytes"};

/* One `__init__` parameter after `self`. */
typedef struct parameter {
  TSNode node;
  TSNode name;
  TSNode type;       /* the annotation's expression, or a null node */
  TSNode value;      /* the default, or a null node */
  const char *kind;  /* one of supported_types, or NULL */
  TSNode store;      /* the `self.p = p` statement, or a null node */
  bool keyword_only; /* after a `*` */
} parameter;

typedef struct constructor {
  TSNode definition; /* the __init__ function_definition */
  TSNode self_name;
  parameter params[MAX_PARAMETERS];
  uint32_t count;
  const char *unfixable; /* why there is no fix, or NULL */
  bool positional_only;  /* has `/`, *args or **kwargs: positions cannot be mapped to names */
} constructor;

static bool node_text_equals(const char *bytes, TSNode a, TSNode b) {
  uint32_t la = ts_node_end_byte(a) - ts_node_start_byte(a);
  uint32_t lb = ts_node_end_byte(b) - ts_node_start_byte(b);
  return la == lb && memcmp(bytes + ts_node_start_byte(a), bytes + ts_node_start_byte(b), la) == 0;
}

static bool is_type(TSNode node, const char *type) { return strcmp(ts_node_type(node), type) == 0; }

/* --- reading the class -------------------------------------------------------------------------- */

/* The function_definition named `__init__` directly in the class body (decorated or not). */
static TSNode find_init(ml__ctx *ctx, TSNode class_definition, bool *decorated) {
  TSNode body = ml__child_by_field(ctx, class_definition, ctx->syntax->field_body);
  uint32_t count = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < count; i++) {
    TSNode statement = ts_node_named_child(body, i);
    TSNode definition = statement;
    *decorated = ml__kind_of(ctx->syntax, statement) == ML_KIND_DECORATED_DEFINITION;
    if (*decorated)
      definition = ml__child_by_field(ctx, statement, ctx->syntax->field_definition);
    if (ml__kind_of(ctx->syntax, definition) != ML_KIND_FUNCTION_DEFINITION) continue;
    TSNode name = ml__child_by_field(ctx, definition, ctx->syntax->field_name);
    if (!ts_node_is_null(name) && ml__node_is_text(ctx->bytes, name, "__init__")) return definition;
  }
  TSNode null_node = {{0}, 0, 0};
  return null_node;
}

/* The name a class-body statement defines (`def x`, `class x`, `x = ...`, `x: T`), or null. */
static TSNode defined_name(ml__ctx *ctx, TSNode statement) {
  TSNode null_node = {{0}, 0, 0};
  if (ml__kind_of(ctx->syntax, statement) == ML_KIND_DECORATED_DEFINITION)
    statement = ml__child_by_field(ctx, statement, ctx->syntax->field_definition);
  ml__kind kind = ml__kind_of(ctx->syntax, statement);
  if (kind == ML_KIND_FUNCTION_DEFINITION || kind == ML_KIND_CLASS_DEFINITION)
    return ml__child_by_field(ctx, statement, ctx->syntax->field_name);
  if (kind != ML_KIND_EXPRESSION_STATEMENT) return null_node;
  TSNode assignment = ts_node_named_child(statement, 0);
  if (ml__kind_of(ctx->syntax, assignment) != ML_KIND_ASSIGNMENT) return null_node;
  TSNode left = ml__child_by_field(ctx, assignment, ctx->syntax->field_left);
  return ml__kind_of(ctx->syntax, left) == ML_KIND_IDENTIFIER ? left : null_node;
}

static bool class_defines(ml__ctx *ctx, TSNode class_definition, const char *name, size_t length) {
  TSNode body = ml__child_by_field(ctx, class_definition, ctx->syntax->field_body);
  uint32_t count = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < count; i++) {
    TSNode defined = defined_name(ctx, ts_node_named_child(body, i));
    if (ts_node_is_null(defined)) continue;
    uint32_t start = ts_node_start_byte(defined);
    if (ts_node_end_byte(defined) - start == length && memcmp(ctx->bytes + start, name, length) == 0)
      return true;
  }
  return false;
}

/* A class-body `x: T = modal.parameter(...)` that is a constructor parameter (not `init=False`). */
static bool is_parameter_field(ml__ctx *ctx, TSNode statement, TSNode *name) {
  if (ml__kind_of(ctx->syntax, statement) != ML_KIND_EXPRESSION_STATEMENT) return false;
  TSNode assignment = ts_node_named_child(statement, 0);
  if (ml__kind_of(ctx->syntax, assignment) != ML_KIND_ASSIGNMENT) return false;
  TSNode left = ml__child_by_field(ctx, assignment, ctx->syntax->field_left);
  TSNode right = ml__child_by_field(ctx, assignment, ctx->syntax->field_right);
  if (ml__kind_of(ctx->syntax, left) != ML_KIND_IDENTIFIER) return false;
  const ml__call *c = ml__call_of(ctx, right);
  if (!c || c->is_aio || !c->resolves || strcmp(c->qualname, "modal.parameter") != 0)
    return false;
  TSNode init = ml__call_keyword(ctx, right, "init");
  if (!ts_node_is_null(init)) {
    TSNode value = ml__child_by_field(ctx, init, ctx->syntax->field_value);
    if (ml__kind_of(ctx->syntax, value) == ML_KIND_FALSE) return false;
  }
  *name = left;
  return true;
}

static bool has_parameter_fields(ml__ctx *ctx, TSNode class_definition) {
  TSNode body = ml__child_by_field(ctx, class_definition, ctx->syntax->field_body);
  uint32_t count = ts_node_named_child_count(body);
  TSNode name;
  for (uint32_t i = 0; i < count; i++)
    if (is_parameter_field(ctx, ts_node_named_child(body, i), &name)) return true;
  return false;
}

/* Whether `value` is a literal of the parameter type `kind`: what `modal.parameter(default=...)`
 * can hold and modal-lint can copy without evaluating anything. */
static bool is_literal_of(ml__ctx *ctx, TSNode value, const char *kind) {
  ml__kind k = ml__kind_of(ctx->syntax, value);
  if (strcmp(kind, "bool") == 0) return k == ML_KIND_TRUE || k == ML_KIND_FALSE;
  if (strcmp(kind, "int") == 0) {
    if (k == ML_KIND_INTEGER) return true;
    if (!is_type(value, "unary_operator")) return false;
    TSNode operand = ts_node_named_child(value, 0);
    return ml__kind_of(ctx->syntax, operand) == ML_KIND_INTEGER &&
           (ctx->bytes[ts_node_start_byte(value)] == '-' ||
            ctx->bytes[ts_node_start_byte(value)] == '+');
  }
  if (k != ML_KIND_STRING) return false;
  /* The prefix decides: b"" is bytes, f"" and t"" are computed, r"" and u"" are plain str. */
  bool bytes = false;
  for (uint32_t i = ts_node_start_byte(value); i < ts_node_end_byte(value); i++) {
    char c = ctx->bytes[i];
    if (c == '"' || c == '\'') break;
    if (c == 'f' || c == 'F' || c == 't' || c == 'T') return false;
    if (c == 'b' || c == 'B') bytes = true;
  }
  return bytes == (strcmp(kind, "bytes") == 0);
}

/* Reads `__init__`'s parameters. Sets c->unfixable for shapes the fix cannot translate. */
static void read_parameters(ml__ctx *ctx, constructor *c) {
  TSNode params = ml__child_by_field(ctx, c->definition, ctx->syntax->field_parameters);
  uint32_t count = ts_node_named_child_count(params);
  bool keyword_only = false;
  for (uint32_t i = 0; i < count; i++) {
    TSNode node = ts_node_named_child(params, i);
    ml__kind kind = ml__kind_of(ctx->syntax, node);
    if (kind == ML_KIND_COMMENT) continue;
    if (ts_node_is_null(c->self_name)) {
      if (kind != ML_KIND_IDENTIFIER) {
        c->unfixable = "`__init__` has no plain `self` parameter";
        c->positional_only = true;
        return;
      }
      c->self_name = node;
      continue;
    }
    if (is_type(node, "keyword_separator")) {
      keyword_only = true;
      continue;
    }
    if (is_type(node, "positional_separator") || kind == ML_KIND_LIST_SPLAT ||
        kind == ML_KIND_DICTIONARY_SPLAT || is_type(node, "list_splat_pattern") ||
        is_type(node, "dictionary_splat_pattern")) {
      c->unfixable = "`__init__` takes `*args`, `**kwargs` or positional-only parameters";
      c->positional_only = true;
      return;
    }
    if (c->count == MAX_PARAMETERS) {
      c->unfixable = "`__init__` has too many parameters";
      c->positional_only = true;
      return;
    }
    parameter *p = &c->params[c->count++];
    memset(p, 0, sizeof *p);
    p->node = node;
    p->keyword_only = keyword_only;
    if (kind == ML_KIND_IDENTIFIER) {
      p->name = node;
    } else if (kind == ML_KIND_TYPED_PARAMETER) {
      p->name = ts_node_named_child(node, 0);
      p->type = ml__child_by_field(ctx, node, ctx->syntax->field_type);
    } else {
      p->name = ml__child_by_field(ctx, node, ctx->syntax->field_name);
      p->type = ml__child_by_field(ctx, node, ctx->syntax->field_type);
      p->value = ml__child_by_field(ctx, node, ctx->syntax->field_value);
    }
    if (ts_node_is_null(p->name) || ml__kind_of(ctx->syntax, p->name) != ML_KIND_IDENTIFIER) {
      c->count--; /* later passes read every counted parameter's name */
      c->unfixable = "`__init__` unpacks a parameter";
      c->positional_only = true;
      return;
    }
    if (!ts_node_is_null(p->type)) {
      TSNode expression = ts_node_named_child(p->type, 0);
      for (size_t t = 0; t < sizeof supported_types / sizeof supported_types[0]; t++)
        if (ts_node_named_child_count(p->type) == 1 &&
            ml__kind_of(ctx->syntax, expression) == ML_KIND_IDENTIFIER &&
            ml__node_is_text(ctx->bytes, expression, supported_types[t]))
          p->kind = supported_types[t];
    }
  }
}

/* `self.p = p` (possibly annotated) for a parameter p: which one, or -1. */
static int stored_parameter(ml__ctx *ctx, const constructor *c, TSNode statement) {
  if (ml__kind_of(ctx->syntax, statement) != ML_KIND_EXPRESSION_STATEMENT ||
      ts_node_named_child_count(statement) != 1)
    return -1;
  TSNode assignment = ts_node_named_child(statement, 0);
  if (ml__kind_of(ctx->syntax, assignment) != ML_KIND_ASSIGNMENT) return -1;
  TSNode left = ml__child_by_field(ctx, assignment, ctx->syntax->field_left);
  TSNode right = ml__child_by_field(ctx, assignment, ctx->syntax->field_right);
  if (ml__kind_of(ctx->syntax, left) != ML_KIND_ATTRIBUTE ||
      ml__kind_of(ctx->syntax, right) != ML_KIND_IDENTIFIER)
    return -1;
  TSNode object = ml__child_by_field(ctx, left, ctx->syntax->field_object);
  TSNode attribute = ml__child_by_field(ctx, left, ctx->syntax->field_attribute);
  if (!node_text_equals(ctx->bytes, object, c->self_name) ||
      !node_text_equals(ctx->bytes, attribute, right))
    return -1;
  for (uint32_t i = 0; i < c->count; i++)
    if (node_text_equals(ctx->bytes, c->params[i].name, right)) return (int)i;
  return -1;
}

/* Whether a statement can run in an `@modal.enter()` method instead: it must not read a
 * parameter (only `self.p` exists there), call `super()` (the method is not `__init__`) or
 * return early (the stores that follow it would be skipped in the old code). Walks only the
 * statement's own subtree. */
static bool is_movable(ml__ctx *ctx, const constructor *c, TSNode statement) {
  TSTreeCursor spare;
  TSTreeCursor *cursor = ml__cursor_borrow(&ctx->cursors, statement, &spare);
  bool movable = true;
  uint32_t depth = 0;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(cursor);
    if (is_type(node, "return_statement")) movable = false;
    if (ml__kind_of(ctx->syntax, node) == ML_KIND_IDENTIFIER &&
        ts_tree_cursor_current_field_id(cursor) != ctx->syntax->field_attribute) {
      if (ml__node_is_text(ctx->bytes, node, "super")) movable = false;
      for (uint32_t i = 0; i < c->count; i++)
        if (node_text_equals(ctx->bytes, node, c->params[i].name)) movable = false;
    }
    if (!movable || !ml__cursor_step(cursor, &depth, true)) break;
  }
  ml__cursor_return(&ctx->cursors, cursor, &spare);
  return movable;
}

static uint32_t line_start_of(ml__ctx *ctx, uint32_t offset) {
  uint32_t line = ml_source_position(ctx->source, offset, ML_COLUMN_UTF8).line;
  return ml_source_line_start(ctx->source, line);
}

static bool starts_line(ml__ctx *ctx, TSNode node) {
  uint32_t start = ts_node_start_byte(node);
  for (uint32_t i = line_start_of(ctx, start); i < start; i++)
    if (ctx->bytes[i] != ' ' && ctx->bytes[i] != '\t') return false;
  return true;
}

/* --- the class fix -------------------------------------------------------------------------------- */

typedef struct plan {
  TSNode moved[64]; /* statements and comments for the @modal.enter() method, in order */
  uint32_t moved_count;
  bool has_statement; /* `moved` holds more than comments */
  TSNode trailing[MAX_PARAMETERS]; /* a comment ending the line of each parameter's store */
  const char *setup_name;
} plan;

/* Decides whether the class can be rewritten mechanically and how; returns why not, or NULL. */
static const char *make_plan(ml__ctx *ctx, TSNode class_definition, constructor *c, plan *p) {
  memset(p, 0, sizeof *p);
  if (c->unfixable) return c->unfixable;
  if (!ts_node_is_null(ml__child_by_field(ctx, class_definition, ctx->syntax->field_superclasses)))
    return "the class has base classes, whose `__init__` would take over";
  if (has_parameter_fields(ctx, class_definition))
    return "the class also declares `modal.parameter()` fields, which Modal rejects together with "
           "`__init__`";
  for (uint32_t i = 0; i < c->count; i++) {
    const parameter *q = &c->params[i];
    if (!q->kind) return "a parameter is not annotated `str`, `int`, `bool` or `bytes`";
    if (!ts_node_is_null(q->value) && !is_literal_of(ctx, q->value, q->kind))
      return "a default is not a literal of its parameter's type";
    uint32_t start = ts_node_start_byte(q->name);
    if (class_defines(ctx, class_definition, ctx->bytes + start, ts_node_end_byte(q->name) - start))
      return "the class already has a member named like a parameter";
  }
  TSNode body = ml__child_by_field(ctx, c->definition, ctx->syntax->field_body);
  uint32_t count = ts_node_named_child_count(body);
  int last_store = -1;
  for (uint32_t i = 0; i < count; i++) {
    TSNode statement = ts_node_named_child(body, i);
    bool comment = ml__kind_of(ctx->syntax, statement) == ML_KIND_COMMENT;
    if (!starts_line(ctx, statement)) {
      /* A comment after a statement on its line stays with that statement. */
      if (comment && last_store >= 0) {
        p->trailing[last_store] = statement;
        continue;
      }
      if (!comment) return "`__init__` puts several statements on one line";
    }
    int stored = comment ? -1 : stored_parameter(ctx, c, statement);
    last_store = -1;
    if (stored >= 0) {
      if (!ts_node_is_null(c->params[stored].store)) return "a parameter is stored twice";
      c->params[stored].store = statement;
      last_store = stored;
      continue;
    }
    if (is_type(statement, "pass_statement")) continue;
    if (!comment && !is_movable(ctx, c, statement))
      return "`__init__` has statements that read a parameter, call `super()` or return, which "
             "cannot move to an `@modal.enter()` method";
    if (p->moved_count == sizeof p->moved / sizeof p->moved[0]) return "`__init__` is too long";
    p->moved[p->moved_count++] = statement;
    if (!comment) p->has_statement = true;
  }
  for (uint32_t i = 0; i < c->count; i++)
    if (ts_node_is_null(c->params[i].store))
      return "a parameter is not stored as `self.name = name`";
  if (p->has_statement) {
    static const char *const names[] = {"setup", "on_enter", "enter"};
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !p->setup_name; i++)
      if (!class_defines(ctx, class_definition, names[i], strlen(names[i])))
        p->setup_name = names[i];
    if (!p->setup_name)
      return "the class already has members named `setup`, `on_enter` and `enter`";
  }
  return NULL;
}

static void append_node(ml__strbuf *text, ml__ctx *ctx, TSNode node) {
  uint32_t start = ts_node_start_byte(node);
  ml__strbuf_append(text, ctx->bytes + start, ts_node_end_byte(node) - start);
}

/* Whether `name` would be spelled by extending `from modal import ...` (the only case in which
 * ml__fix_modal_name adds an edit at a place another name could need too). */
static bool needs_from_import(ml__ctx *ctx, const char *name, const char *spelling) {
  if (strchr(spelling, '.')) return false;
  char qualname[64];
  snprintf(qualname, sizeof qualname, "modal.%s", name);
  for (size_t i = 0; i < ctx->sem.bindings.count; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    if (b->qualname && strcmp(b->qualname, qualname) == 0 &&
        ml__semantic_lookup(&ctx->sem, b->name, b->name_length) == b)
      return false;
  }
  return true;
}

/* Spells `modal.parameter` and `modal.enter` (as needed) and adds their imports to `fix` (or only
 * spells them when `fix` is NULL). Two new names for one `from modal import ...` must go in one
 * edit: two insertions at one offset would make the fix invalid. */
static bool spell_names(ml__ctx *ctx, ml_fix *fix, bool need_parameter, bool need_enter,
                        char *parameter_spelling, char *enter_spelling, size_t size) {
  if (need_parameter &&
      !ml__fix_modal_name(ctx, NULL, "parameter", parameter_spelling, size))
    return false;
  if (need_enter && !ml__fix_modal_name(ctx, NULL, "enter", enter_spelling, size)) return false;
  if (!fix) return true;
  if (need_parameter && need_enter && needs_from_import(ctx, "parameter", parameter_spelling) &&
      needs_from_import(ctx, "enter", enter_spelling)) {
    uint32_t at = ctx->sem.imports.from_modal_insert;
    ml__fix_edit(ctx, fix, at, at, ", enter, parameter");
    return true;
  }
  if (need_parameter) ml__fix_modal_name(ctx, fix, "parameter", parameter_spelling, size);
  if (need_enter) ml__fix_modal_name(ctx, fix, "enter", enter_spelling, size);
  return true;
}

/* The text replacing the whole `def __init__ ...` (from `def` to the end of its body). */
static char *replacement(ml__ctx *ctx, const constructor *c, const plan *p,
                         const char *parameter_spelling, const char *enter_spelling) {
  const char *newline = ml_source_newline(ctx->source);
  uint32_t def_start = ts_node_start_byte(c->definition);
  uint32_t indent_start = line_start_of(ctx, def_start);
  ml__strbuf text;
  ml__strbuf_init(&text);
  for (uint32_t i = 0; i < c->count; i++) {
    const parameter *q = &c->params[i];
    if (i > 0) {
      ml__strbuf_append_str(&text, newline);
      ml__strbuf_append(&text, ctx->bytes + indent_start, def_start - indent_start);
    }
    append_node(&text, ctx, q->name);
    ml__strbuf_append_str(&text, ": ");
    append_node(&text, ctx, ts_node_named_child(q->type, 0));
    ml__strbuf_printf(&text, " = %s(", parameter_spelling);
    if (!ts_node_is_null(q->value)) {
      ml__strbuf_append_str(&text, "default=");
      append_node(&text, ctx, q->value);
    }
    ml__strbuf_append_str(&text, ")");
    if (!ts_node_is_null(p->trailing[i])) {
      ml__strbuf_append_str(&text, "  ");
      append_node(&text, ctx, p->trailing[i]);
    }
  }
  if (p->moved_count && !p->has_statement && c->count) {
    /* Only comments are left: they stay, above the fields. */
    ml__strbuf prefix;
    ml__strbuf_init(&prefix);
    for (uint32_t i = 0; i < p->moved_count; i++) {
      append_node(&prefix, ctx, p->moved[i]);
      ml__strbuf_append_str(&prefix, newline);
      ml__strbuf_append(&prefix, ctx->bytes + indent_start, def_start - indent_start);
    }
    if (text.data) ml__strbuf_append_str(&prefix, text.data);
    if (text.failed) prefix.failed = 1;
    ml__strbuf_free(&text);
    text = prefix;
  } else if (p->has_statement) {
    if (c->count) {
      ml__strbuf_printf(&text, "%s%s", newline, newline);
      ml__strbuf_append(&text, ctx->bytes + indent_start, def_start - indent_start);
    }
    ml__strbuf_printf(&text, "@%s()%s", enter_spelling, newline);
    ml__strbuf_append(&text, ctx->bytes + indent_start, def_start - indent_start);
    ml__strbuf_printf(&text, "def %s(", p->setup_name);
    append_node(&text, ctx, c->self_name);
    ml__strbuf_append_str(&text, "):");
    for (uint32_t i = 0; i < p->moved_count; i++) {
      TSNode m = p->moved[i];
      uint32_t start = ts_node_start_byte(m), end = ts_node_end_byte(m);
      uint32_t from = line_start_of(ctx, start);
      if (i > 0 && !starts_line(ctx, m) && ts_node_end_byte(p->moved[i - 1]) >= from) {
        /* A comment ending the line of the statement before it stays on that line. */
        from = ts_node_end_byte(p->moved[i - 1]);
      } else {
        ml__strbuf_append_str(&text, newline);
        if (!starts_line(ctx, m)) {
          /* A comment that ended the line of a dropped `pass` or store gets a line of its own,
           * indented like the statement it followed. */
          uint32_t indent = from;
          while (ctx->bytes[indent] == ' ' || ctx->bytes[indent] == '\t') indent++;
          ml__strbuf_append(&text, ctx->bytes + from, indent - from);
          from = start;
        }
      }
      ml__strbuf_append(&text, ctx->bytes + from, end - from);
    }
  }
  /* An `__init__` with no parameters and nothing but `pass` or comments did nothing. */
  if (!text.data) ml__strbuf_append_str(&text, "pass"); /* an `__init__` that did nothing */
  char *result = ml__strbuf_take(&text);
  ml__strbuf_free(&text);
  return result;
}

static void add_class_fix(ml__ctx *ctx, ml_diag *diag, const constructor *c, const plan *p) {
  char parameter_spelling[128] = "", enter_spelling[128] = "";
  bool need_parameter = c->count > 0, need_enter = p->has_statement;
  if (!spell_names(ctx, NULL, need_parameter, need_enter, parameter_spelling, enter_spelling,
                   sizeof parameter_spelling))
    return;
  char *text = replacement(ctx, c, p, parameter_spelling, enter_spelling);
  if (!text) {
    ctx->error = -1;
    return;
  }
  ml_fix *fix =
      ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                    need_enter ? "Replace `__init__` with `modal.parameter()` fields and an "
                                 "`@modal.enter()` method"
                               : "Replace `__init__` with `modal.parameter()` fields");
  if (fix) {
    spell_names(ctx, fix, need_parameter, need_enter, parameter_spelling, enter_spelling,
                sizeof parameter_spelling);
    ml__fix_edit(ctx, fix, ts_node_start_byte(c->definition), ts_node_end_byte(c->definition),
                 text);
    ml__fix_end(ctx, diag);
  }
  free(text);
}

static void report_unsupported_types(ml__ctx *ctx, const constructor *c) {
  for (uint32_t i = 0; i < c->count; i++) {
    const parameter *q = &c->params[i];
    uint32_t start = ts_node_start_byte(q->name);
    int length = (int)(ts_node_end_byte(q->name) - start);
    if (ts_node_is_null(q->type)) {
      ml__report_node(ctx, q->node,
                      "parameter `%.*s` has no type annotation; `modal.parameter()` needs one of "
                      "`str`, `int`, `bool` or `bytes`",
                      length, ctx->bytes + start);
    } else if (!q->kind) {
      uint32_t type_start = ts_node_start_byte(q->type);
      ml__report_node(ctx, q->node,
                      "parameter `%.*s` has type `%.*s`, which `modal.parameter()` does not "
                      "support (only `str`, `int`, `bool` and `bytes`); pass it as a `str` and "
                      "parse it in an `@modal.enter()` method",
                      length, ctx->bytes + start, (int)(ts_node_end_byte(q->type) - type_start),
                      ctx->bytes + type_start);
    }
  }
}

/* A module-level class named like `name` (a base class), or a null node. */
static TSNode module_class(ml__ctx *ctx, TSNode name) {
  TSNode found = {{0}, 0, 0}, statement;
  ml__children statements;
  ml__children_begin(&statements, &ctx->cursors, ts_tree_root_node(ctx->tree));
  while (ts_node_is_null(found) && ml__children_next(&statements, &statement)) {
    if (ml__kind_of(ctx->syntax, statement) == ML_KIND_DECORATED_DEFINITION)
      statement = ml__child_by_field(ctx, statement, ctx->syntax->field_definition);
    if (ml__kind_of(ctx->syntax, statement) != ML_KIND_CLASS_DEFINITION) continue;
    TSNode defined = ml__child_by_field(ctx, statement, ctx->syntax->field_name);
    if (!ts_node_is_null(defined) && node_text_equals(ctx->bytes, defined, name)) found = statement;
  }
  ml__children_end(&statements);
  return found;
}

/* No `__init__` of its own: one inherited from a base class defined in this file counts too. */
static void check_inherited(ml__ctx *ctx, TSNode class_definition, TSNode class_name) {
  TSNode bases = ml__child_by_field(ctx, class_definition, ctx->syntax->field_superclasses);
  uint32_t count = ts_node_is_null(bases) ? 0 : ts_node_named_child_count(bases);
  for (uint32_t i = 0; i < count; i++) {
    TSNode base = ts_node_named_child(bases, i);
    if (ml__kind_of(ctx->syntax, base) != ML_KIND_IDENTIFIER) continue;
    TSNode definition = module_class(ctx, base);
    bool decorated;
    if (ts_node_is_null(definition) || ts_node_is_null(find_init(ctx, definition, &decorated)))
      continue;
    uint32_t start = ts_node_start_byte(class_name), base_start = ts_node_start_byte(base);
    ml__report_node(ctx, base,
                    "`@app.cls` class `%.*s` inherits a custom `__init__` from `%.*s`, which is "
                    "deprecated since 0.74.0; declare its parameters as `modal.parameter()` "
                    "fields",
                    (int)(ts_node_end_byte(class_name) - start), ctx->bytes + start,
                    (int)(ts_node_end_byte(base) - base_start), ctx->bytes + base_start);
    return;
  }
}

static void visit_class(ml__ctx *ctx, TSNode decorated) {
  TSNode class_definition = ml__child_by_field(ctx, decorated, ctx->syntax->field_definition);
  if (ml__kind_of(ctx->syntax, class_definition) != ML_KIND_CLASS_DEFINITION) return;
  bool is_cls = false;
  uint32_t count = ts_node_named_child_count(decorated);
  for (uint32_t i = 0; i < count && !is_cls; i++) {
    TSNode decorator = ts_node_named_child(decorated, i);
    TSNode call;
    is_cls = ml__kind_of(ctx->syntax, decorator) == ML_KIND_DECORATOR &&
             ml__classify_app_decorator(ctx, ml__decorator_expression(decorator), &call) ==
                 ML_APP_DECORATOR_CLS;
  }
  if (!is_cls) return;
  TSNode class_name = ml__child_by_field(ctx, class_definition, ctx->syntax->field_name);
  bool init_decorated;
  constructor c;
  memset(&c, 0, sizeof c);
  c.definition = find_init(ctx, class_definition, &init_decorated);
  if (ts_node_is_null(c.definition)) {
    check_inherited(ctx, class_definition, class_name);
    return;
  }
  read_parameters(ctx, &c);
  if (init_decorated && !c.unfixable) c.unfixable = "`__init__` is decorated";
  plan p;
  const char *reason = make_plan(ctx, class_definition, &c, &p);

  TSNode init_name = ml__child_by_field(ctx, c.definition, ctx->syntax->field_name);
  uint32_t start = ts_node_start_byte(class_name);
  int length = (int)(ts_node_end_byte(class_name) - start);
  ml_diag *diag;
  if (reason) {
    diag = ml__report_node(ctx, init_name,
                           "`@app.cls` class `%.*s` defines a custom `__init__`, deprecated since "
                           "0.74.0; declare its parameters as `name: T = modal.parameter(...)` "
                           "fields and move other set-up into an `@modal.enter()` method (no "
                           "fix: %s)",
                           length, ctx->bytes + start, reason);
  } else {
    diag = ml__report_node(
        ctx, init_name,
        "`@app.cls` class `%.*s` defines a custom `__init__`, deprecated since 0.74.0; declare "
        "its parameters as `name: T = modal.parameter(...)` fields (unsafe fix: the new "
        "constructor takes keyword arguments only and checks each value against its declared "
        "type%s)",
        length, ctx->bytes + start,
        p.has_statement ? ", and the other statements move to an `@modal.enter()` method, which "
                          "runs once per container instead of at every instantiation"
                        : "");
  }
  report_unsupported_types(ctx, &c);
  if (diag && !reason) add_class_fix(ctx, diag, &c, &p);
}

/* --- positional construction in the same file ------------------------------------------------------ */

/* The names positional arguments bind to, in order; false when they cannot be told. */
static bool positional_names(ml__ctx *ctx, TSNode class_definition, TSNode *names, uint32_t *count,
                             bool *custom_init) {
  bool decorated;
  constructor c;
  memset(&c, 0, sizeof c);
  c.definition = find_init(ctx, class_definition, &decorated);
  *count = 0;
  *custom_init = !ts_node_is_null(c.definition);
  if (*custom_init) {
    read_parameters(ctx, &c);
    if (c.positional_only || decorated) return false;
    for (uint32_t i = 0; i < c.count && !c.params[i].keyword_only; i++)
      names[(*count)++] = c.params[i].name;
    return true;
  }
  TSNode body = ml__child_by_field(ctx, class_definition, ctx->syntax->field_body);
  uint32_t statements = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < statements && *count < MAX_PARAMETERS; i++) {
    TSNode name;
    if (is_parameter_field(ctx, ts_node_named_child(body, i), &name)) names[(*count)++] = name;
  }
  return *count > 0;
}

static void visit_call(ml__ctx *ctx, TSNode call) {
  bool has_splat;
  uint32_t positional = ml__call_positional_count(ctx->syntax, call, &has_splat);
  if (positional == 0 && !has_splat) return;
  TSNode callee = ml__child_by_field(ctx, call, ctx->syntax->field_function);
  if (ts_node_is_null(callee) || ml__type_of(ctx, callee) != ML_TYPE_CLS) return;
  const ml__binding *binding;
  TSNode class_definition = ml__local_class(ctx, ml__cls_root(ctx, callee), &binding);
  if (ts_node_is_null(class_definition) || binding->type != ML_TYPE_CLS) return;
  TSNode names[MAX_PARAMETERS];
  uint32_t count;
  bool custom_init;
  bool known = positional_names(ctx, class_definition, names, &count, &custom_init);
  if (!custom_init && !has_parameter_fields(ctx, class_definition)) return;
  if (positional == 0) return; /* only `*args`/`**kwargs`: nothing visibly positional */

  TSNode class_name = ml__child_by_field(ctx, class_definition, ctx->syntax->field_name);
  uint32_t start = ts_node_start_byte(class_name);
  int length = (int)(ts_node_end_byte(class_name) - start);
  ml_diag *diag;
  if (custom_init) {
    diag = ml__report_node(ctx, call,
                           "`%.*s` is constructed with positional arguments; once it uses "
                           "`modal.parameter()` (its custom `__init__` is deprecated) only "
                           "keyword arguments are accepted",
                           length, ctx->bytes + start);
  } else {
    diag = ml__report_node(ctx, call,
                           "`%.*s` declares `modal.parameter()` fields, whose constructor rejects "
                           "positional arguments at runtime; pass them by keyword",
                           length, ctx->bytes + start);
  }
  if (!diag || !known || has_splat || positional > count) return;
  /* For a custom `__init__` the keywords bind exactly what the positions did. A `modal.parameter()`
   * constructor raised instead, so naming the values after the declaration order guesses what the
   * caller meant (it is the order `inspect.signature` reports for the class). */
  ml_fix *fix = custom_init
                    ? ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Pass the arguments by keyword")
                    : ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                                    "Pass the arguments by keyword, in the order the fields are "
                                    "declared");
  for (uint32_t i = 0; i < positional && fix; i++) {
    TSNode arg = ml__call_positional(ctx->syntax, call, i);
    uint32_t name_start = ts_node_start_byte(names[i]);
    char keyword[128];
    int written = snprintf(keyword, sizeof keyword, "%.*s=",
                           (int)(ts_node_end_byte(names[i]) - name_start), ctx->bytes + name_start);
    if (written <= 0 || (size_t)written >= sizeof keyword) return;
    ml__fix_edit(ctx, fix, ts_node_start_byte(arg), ts_node_start_byte(arg), keyword);
  }
  ml__fix_end(ctx, diag);
}

static void visit(ml__ctx *ctx, TSNode node) {
  if (ml__kind_of(ctx->syntax, node) == ML_KIND_CALL)
    visit_call(ctx, node);
  else
    visit_class(ctx, node);
}

static const ml__kind kinds[] = {ML_KIND_DECORATED_DEFINITION, ML_KIND_CALL};
/* `parameter`: positional construction of a class with `modal.parameter()` fields and no
 * `__init__`. */
static const char *const triggers[] = {"__init__", "parameter", NULL};

const ml__rule_impl ml__rule_mdl119 = {
    .info = ML__RULE_INFO_MDL119,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
