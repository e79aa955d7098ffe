#include "import_moves.h"

#include <stdio.h>
#include <string.h>

#include "rename.h"
#include "syntax.h"

TSNode ml__import_statement_of(ml__ctx *ctx, uint32_t start, uint32_t end) {
  TSNode node = ts_node_descendant_for_byte_range(ts_tree_root_node(ctx->tree), start, end);
  while (!ts_node_is_null(node) &&
         ml__kind_of(ctx->syntax, node) != ML_KIND_IMPORT_FROM_STATEMENT)
    node = ml__parent(ctx, node);
  return node;
}

/* --- moving an imported name ------------------------------------------------------------------ */

static bool in_list(const char *bytes, TSNode name, const char *const *list) {
  for (size_t i = 0; list && list[i]; i++)
    if (ml__node_is_text(bytes, name, list[i])) return true;
  return false;
}

/* Whether every name the statement imports may move to another module with it. */
static bool statement_movable(ml__ctx *ctx, TSNode statement, TSNode module,
                              const char *const *movable) {
  uint32_t count = ts_node_named_child_count(statement);
  for (uint32_t i = 0; i < count; i++) {
    TSNode item = ts_node_named_child(statement, i);
    ml__kind kind = ml__kind_of(ctx->syntax, item);
    if (ts_node_eq(item, module) || kind == ML_KIND_COMMENT) continue;
    if (kind == ML_KIND_ALIASED_IMPORT)
      item = ml__child_by_field(ctx, item, ctx->syntax->field_name);
    else if (kind != ML_KIND_DOTTED_NAME) return false; /* `*` */
    if (ts_node_is_null(item) || !in_list(ctx->bytes, item, movable)) return false;
  }
  return true;
}

/* Adds the edits of the import statement; false when the statement cannot be rewritten. */
static bool edit_import(ml__ctx *ctx, ml_fix *fix, const ml__binding *b,
                        const ml__import_move *move, bool keep_local_name) {
  TSNode statement = ml__import_statement_of(ctx, b->imported_start, b->imported_end);
  if (ts_node_is_null(statement)) return false;
  if (move->new_module) {
    TSNode module = ml__child_by_field(ctx, statement, ctx->syntax->field_module_name);
    if (ts_node_is_null(module) || !statement_movable(ctx, statement, module, move->movable))
      return false;
    ml__fix_edit(ctx, fix, ts_node_start_byte(module), ts_node_end_byte(module),
                 move->new_module);
  }
  uint32_t old_length = b->imported_end - b->imported_start;
  if (strlen(move->new_name) == old_length &&
      memcmp(ctx->bytes + b->imported_start, move->new_name, old_length) == 0)
    return true; /* only the module changes */
  char text[256];
  if (keep_local_name) {
    int n = snprintf(text, sizeof text, "%s as %.*s", move->new_name, (int)b->name_length,
                     b->name);
    if (n < 0 || (size_t)n >= sizeof text) return false;
  } else {
    snprintf(text, sizeof text, "%s", move->new_name);
  }
  ml__fix_edit(ctx, fix, b->imported_start, b->imported_end, text);
  return true;
}

/* The fix every finding of `b` carries: identical for all of them, so applying one makes the
 * others no-ops. */
static void add_move_fix(ml__ctx *ctx, ml_diag *diag, const ml__binding *b,
                         const ml__import_move *move, bool rename_uses) {
  if (!diag) return;
  uint32_t old_length = b->imported_end - b->imported_start;
  bool same_name = strlen(move->new_name) == old_length &&
                   memcmp(ctx->bytes + b->imported_start, move->new_name, old_length) == 0;
  bool keep_local_name = !b->aliased && !rename_uses && !same_name;
  ml_fix *fix;
  if (same_name)
    fix = ml__fix_begin(ctx, diag, move->applicability, "Import `%s` from `%s`", move->new_name,
                        move->new_module ? move->new_module : "its module");
  else if (b->aliased || keep_local_name)
    fix = ml__fix_begin(ctx, diag, move->applicability, "Import `%s` as `%.*s`", move->new_name,
                        (int)b->name_length, b->name);
  else
    fix = ml__fix_begin(ctx, diag, move->applicability,
                        "Rename `%.*s` to `%s` in the import and every use", (int)b->name_length,
                        b->name, move->new_name);
  if (!fix) return;
  if (!edit_import(ctx, fix, b, move, keep_local_name)) {
    /* A partial fix must not survive. */
    ml__fix_downgrade(diag, ML_APPLICABILITY_DISPLAY_ONLY);
    ml__fix_end(ctx, diag);
    return;
  }
  if (rename_uses && !same_name) {
    for (size_t i = 0; i < b->references.count; i++) {
      uint32_t start = *(const uint32_t *)ml__vec_at(&b->references, i);
      ml__fix_edit(ctx, fix, start, start + b->name_length, move->new_name);
    }
  }
  ml__fix_end(ctx, diag);
}

void ml__move_import(ml__ctx *ctx, const ml__binding *b, const ml__import_move *move) {
  bool rename_uses = !b->aliased && ml__binding_renamable(ctx, b) &&
                     ml__name_free_for(ctx, move->new_name, move->new_qualname);
  if (b->references.count == 0) {
    ml_diag *diag = ml__report(ctx, b->imported_start, b->imported_end, "%s", move->message);
    add_move_fix(ctx, diag, b, move, rename_uses);
    return;
  }
  for (size_t i = 0; i < b->references.count && !ctx->error; i++) {
    uint32_t start = *(const uint32_t *)ml__vec_at(&b->references, i);
    ml_diag *diag = ml__report(ctx, start, start + b->name_length, "%s", move->message);
    add_move_fix(ctx, diag, b, move, rename_uses);
  }
}
