/* MDL226 sandbox-logsreader-import (catalogue B-26): `modal.sandbox.LogsReader` and
 * `modal.sandbox.StreamWriter` moved to `modal.io_streams` (`LogsReader` as `StreamReader`).
 *
 * The semantic model folds `modal.sandbox.X` into `modal.X`; Modal never exported `LogsReader` or
 * `StreamWriter` at the top level, so `modal.LogsReader` can only have come through
 * `modal.sandbox`. */
#include <string.h>

#include "../import_moves.h"
#include "rules.h"

static const struct {
  const char *old_name;
  const char *new_name;
  const char *new_qualname;
  const char *message;
} moves[] = {
    {"LogsReader", "StreamReader", "modal.io_streams.StreamReader",
     "`modal.sandbox.LogsReader` moved to `modal.io_streams.StreamReader`"},
    {"StreamWriter", "StreamWriter", "modal.io_streams.StreamWriter",
     "`modal.sandbox.StreamWriter` moved to `modal.io_streams.StreamWriter`"},
};

static const char *const movable[] = {"LogsReader", "StreamWriter", NULL};

static int find_move(const char *qualname) {
  for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
    if (strncmp(qualname, "modal.", 6) == 0 && strcmp(qualname + 6, moves[i].old_name) == 0)
      return (int)i;
  return -1;
}

/* `modal.sandbox.LogsReader`: only the spelled-out `<modal>.sandbox` can be rewritten in place;
 * `sb.LogsReader` after `import modal.sandbox as sb` is reported without a fix. */
static void visit(ml__ctx *ctx, TSNode attribute) {
  TSNode object = ml__child_by_field(ctx, attribute, ctx->syntax->field_object);
  TSNode name = ml__child_by_field(ctx, attribute, ctx->syntax->field_attribute);
  if (ts_node_is_null(object) || ts_node_is_null(name)) return;
  char qualname[256];
  if (!ml__qualname(ctx, attribute, qualname, sizeof qualname)) return;
  int found = find_move(qualname);
  if (found < 0 || !ml__resolves_to(ctx, object, "modal.sandbox")) return;
  ml_diag *diag = ml__report_node(ctx, attribute, "%s", moves[found].message);
  if (ml__kind_of(ctx->syntax, object) != ML_KIND_ATTRIBUTE) return;
  TSNode package = ml__child_by_field(ctx, object, ctx->syntax->field_object);
  TSNode module = ml__child_by_field(ctx, object, ctx->syntax->field_attribute);
  if (ts_node_is_null(package) || ts_node_is_null(module) ||
      !ml__resolves_to(ctx, package, "modal"))
    return;
  /* `modal.io_streams` is loaded (and so an attribute of `modal`) whenever `modal` is. */
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Use `io_streams.%s`",
                              moves[found].new_name);
  ml__fix_edit(ctx, fix, ts_node_start_byte(module), ts_node_end_byte(module), "io_streams");
  ml__fix_edit(ctx, fix, ts_node_start_byte(name), ts_node_end_byte(name),
               moves[found].new_name);
  ml__fix_end(ctx, diag);
}

/* `from modal.sandbox import LogsReader [as R]`. */
static void finish(ml__ctx *ctx) {
  for (size_t i = 0; i < ctx->sem.bindings.count && !ctx->error; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    if (!b->from_import || !b->qualname) continue;
    int found = find_move(b->qualname);
    if (found < 0) continue;
    TSNode statement = ml__import_statement_of(ctx, b->imported_start, b->imported_end);
    TSNode module = ts_node_is_null(statement)
                        ? statement
                        : ml__child_by_field(ctx, statement, ctx->syntax->field_module_name);
    if (ts_node_is_null(module) || !ml__node_is_text(ctx->bytes, module, "modal.sandbox"))
      continue;
    ml__import_move move = {
        .message = moves[found].message,
        .new_module = "modal.io_streams",
        .new_name = moves[found].new_name,
        .new_qualname = moves[found].new_qualname,
        .applicability = ML_APPLICABILITY_SAFE,
        .movable = movable,
    };
    ml__move_import(ctx, b, &move);
  }
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE};
static const char *const triggers[] = {"LogsReader", "StreamWriter", NULL};

const ml__rule_impl ml__rule_mdl226 = {
    .info = ML__RULE_INFO_MDL226,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
    .finish = finish,
};
