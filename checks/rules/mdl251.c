/* MDL251 sandbox-open-fileio (catalogue B-51): `sb.open(...)` and its `FileIO` object, and the
 * module-level `modal.file_io.ls/mkdir/rm/watch`, gave way to the `sb.filesystem` API. */
#include <stdlib.h>
#include <string.h>

#include "../calls.h"
#include "../pystring.h"
#include "../receivers.h"
#include "../rulekit.h"
#include "../strbuf.h"
#include "rules.h"

static const struct {
  const char *qualname;
  const char *replacement;
} functions[] = {
    {"modal.file_io.ls", "list_files"},
    {"modal.file_io.mkdir", "make_directory"},
    {"modal.file_io.rm", "remove"},
    {"modal.file_io.watch", "watch"},
};

static bool is_type(TSNode node, const char *type) {
  return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

static TSNode null_node(void) {
  TSNode node = {{0}, 0, 0};
  return node;
}

static bool same_text(ml__ctx *ctx, TSNode a, TSNode b) {
  uint32_t a_start = ts_node_start_byte(a), b_start = ts_node_start_byte(b);
  uint32_t length = ts_node_end_byte(a) - a_start;
  return ts_node_end_byte(b) - b_start == length &&
         memcmp(ctx->bytes + a_start, ctx->bytes + b_start, length) == 0;
}

/* Whether `node` holds a comment or an identifier spelled like `name` (when not null). A walk
 * with a cursor, not recursion: the data written can be an expression nested as deep as the file
 * is long (`f.write(a.b.b.b...)`, 300,000 levels, overflowed the stack). */
static bool contains(ml__ctx *ctx, TSNode node, TSNode name) {
  TSTreeCursor spare;
  TSTreeCursor *cursor = ml__cursor_borrow(&ctx->cursors, node, &spare);
  bool found = false;
  uint32_t depth = 0;
  do {
    TSNode at = ts_tree_cursor_current_node(cursor);
    ml__kind kind = ml__kind_of(ctx->syntax, at);
    found = kind == ML_KIND_COMMENT ||
            (kind == ML_KIND_IDENTIFIER && !ts_node_is_null(name) && same_text(ctx, at, name));
  } while (!found && ml__cursor_step(cursor, &depth, true));
  ml__cursor_return(&ctx->cursors, cursor, &spare);
  return found;
}

/* The `with` statement that `call` is the only item of (`with sb.open(...) as f:`), with the
 * target name; a null node for any other shape. */
static TSNode sole_with_item(ml__ctx *ctx, TSNode call, TSNode *target) {
  TSNode pattern = ml__parent(ctx, call);
  if (!is_type(pattern, "as_pattern")) return null_node();
  TSNode item = ml__parent(ctx, pattern);
  TSNode clause = ml__parent(ctx, item);
  TSNode statement = ml__parent(ctx, clause);
  if (!is_type(item, "with_item") || !is_type(clause, "with_clause") ||
      ts_node_named_child_count(clause) != 1 || !is_type(statement, "with_statement"))
    return null_node();
  if (is_type(ts_node_child(statement, 0), "async")) return null_node();
  TSNode alias = ts_node_named_child(pattern, 1);
  if (!is_type(alias, "as_pattern_target")) return null_node();
  *target = ts_node_named_child(alias, 0);
  if (ml__kind_of(ctx->syntax, *target) != ML_KIND_IDENTIFIER) return null_node();
  return statement;
}

/* For `f.NAME(...)` with `f` spelled like `target`: the call's argument list; else null. */
static TSNode call_on(ml__ctx *ctx, TSNode call, TSNode target, const char *name) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || c->is_aio || !ml__call_method_is(ctx, c, name) ||
      ml__kind_of(ctx->syntax, c->receiver) != ML_KIND_IDENTIFIER ||
      !same_text(ctx, c->receiver, target))
    return null_node();
  return c->arguments;
}

static void append_node(ml__ctx *ctx, ml__strbuf *text, TSNode node) {
  ml__strbuf_append(text, ctx->bytes + ts_node_start_byte(node),
                    ts_node_end_byte(node) - ts_node_start_byte(node));
}

/* `with sb.open(p, "w") as f: f.write(s)` -> `sb.filesystem.write_text(s, p)` and
 * `with sb.open(p) as f: x = f.read()` -> `x = sb.filesystem.read_text(p)`, into `text`.
 * False for every other shape. */
static bool rewrite(ml__ctx *ctx, TSNode call, TSNode receiver, TSNode statement, TSNode target,
                    ml__strbuf *text) {
  if (ml__kind_of(ctx->syntax, receiver) != ML_KIND_IDENTIFIER) return false;
  bool has_splat;
  uint32_t positional = ml__call_positional_count(ctx->syntax, call, &has_splat);
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  TSNode mode = ml__call_keyword(ctx, call, "mode");
  uint32_t keywords = ts_node_is_null(mode) ? 0 : 1;
  if (has_splat || positional < 1 || positional + keywords > 2 ||
      ts_node_named_child_count(args) != positional + keywords)
    return false;
  TSNode path = ml__call_positional(ctx->syntax, call, 0);
  TSNode mode_value = positional == 2 ? ml__call_positional(ctx->syntax, call, 1)
                                      : ml__keyword_value(ctx, mode);
  char mode_text[8] = "r";
  size_t mode_length = 1;
  if (!ts_node_is_null(mode_value) &&
      !ml__pystring_value(ctx->syntax, ctx->bytes, mode_value, mode_text, sizeof mode_text,
                          &mode_length))
    return false;
  bool binary = strcmp(mode_text, "wb") == 0 || strcmp(mode_text, "rb") == 0;
  bool write = strcmp(mode_text, "w") == 0 || strcmp(mode_text, "wb") == 0;
  bool read = strcmp(mode_text, "r") == 0 || strcmp(mode_text, "rb") == 0;
  if (!write && !read) return false;

  TSNode body = ml__child_by_field(ctx, statement, ctx->syntax->field_body);
  if (ts_node_is_null(body) || ts_node_named_child_count(body) != 1 || contains(ctx, statement,
                                                                               null_node()))
    return false;
  TSNode line = ts_node_named_child(body, 0);
  if (ml__kind_of(ctx->syntax, line) != ML_KIND_EXPRESSION_STATEMENT ||
      ts_node_named_child_count(line) != 1)
    return false;
  TSNode expression = ts_node_named_child(line, 0);
  const char *kind = binary ? "bytes" : "text";
  if (write) {
    TSNode write_args = call_on(ctx, expression, target, "write");
    if (ts_node_is_null(write_args) || ts_node_named_child_count(write_args) != 1) return false;
    TSNode data = ts_node_named_child(write_args, 0);
    if (ml__kind_of(ctx->syntax, data) == ML_KIND_KEYWORD_ARGUMENT ||
        ml__kind_of(ctx->syntax, data) == ML_KIND_LIST_SPLAT || contains(ctx, data, target))
      return false;
    append_node(ctx, text, receiver);
    ml__strbuf_printf(text, ".filesystem.write_%s(", kind);
    append_node(ctx, text, data);
    ml__strbuf_append_str(text, ", ");
    append_node(ctx, text, path);
    ml__strbuf_append_str(text, ")");
    return true;
  }
  if (ml__kind_of(ctx->syntax, expression) != ML_KIND_ASSIGNMENT) return false;
  TSNode left = ml__child_by_field(ctx, expression, ctx->syntax->field_left);
  TSNode right = ml__child_by_field(ctx, expression, ctx->syntax->field_right);
  if (ts_node_is_null(left) || ts_node_is_null(right) ||
      !ts_node_is_null(ml__child_by_field(ctx, expression, ctx->syntax->field_type)) ||
      contains(ctx, left, target))
    return false;
  TSNode read_args = call_on(ctx, right, target, "read");
  if (ts_node_is_null(read_args) || ts_node_named_child_count(read_args) != 0) return false;
  append_node(ctx, text, left);
  ml__strbuf_append_str(text, " = ");
  append_node(ctx, text, receiver);
  ml__strbuf_printf(text, ".filesystem.read_%s(", kind);
  append_node(ctx, text, path);
  ml__strbuf_append_str(text, ")");
  return true;
}

static void check_open(ml__ctx *ctx, TSNode call, TSNode receiver, bool is_aio) {
  TSNode callee = ml__child_by_field(ctx, call, ctx->syntax->field_function);
  ml_diag *diag = ml__report_node(ctx, callee,
                                  "`Sandbox.open` and its `FileIO` are deprecated; use "
                                  "`sb.filesystem` (`read_text`, `read_bytes`, `write_text`, "
                                  "`write_bytes`, `copy_from_local`, ...)");
  TSNode target;
  TSNode statement = sole_with_item(ctx, call, &target);
  if (!diag || is_aio || ts_node_is_null(statement)) return;
  ml__strbuf text;
  ml__strbuf_init(&text);
  if (!rewrite(ctx, call, receiver, statement, target, &text)) {
    ml__strbuf_free(&text);
    return;
  }
  size_t length = text.length;
  char *bytes = ml__strbuf_take(&text);
  if (!bytes) {
    ctx->error = -1;
    return;
  }
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                              "Replace the `with` block with `sb.filesystem`");
  ml__fix_edit_n(ctx, fix, ts_node_start_byte(statement), ts_node_end_byte(statement), bytes,
                 length);
  free(bytes);
  ml__fix_end(ctx, diag);
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c) return;
  if (ml__call_method_is(ctx, c, "open")) {
    /* `open` is everywhere; only a typed Sandbox's. */
    if (ml__receiver_type(ctx, c->receiver) == ML_TYPE_SANDBOX)
      check_open(ctx, call, c->receiver, c->is_aio);
    return;
  }
  if (!c->resolves) return;
  const char *qualname = c->qualname;
  for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
    if (strcmp(qualname, functions[i].qualname) == 0)
      ml__report_node(ctx, c->function,
                      "`%s` is deprecated; use `sb.filesystem.%s(...)` on the Sandbox",
                      functions[i].qualname, functions[i].replacement);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"open", "file_io", NULL};

const ml__rule_impl ml__rule_mdl251 = {
    .info = ML__RULE_INFO_MDL251,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
