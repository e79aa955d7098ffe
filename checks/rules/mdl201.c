/* MDL201 stub-to-app (catalogue B-1): `modal.Stub` was renamed to `modal.App`.
 *
 * Attribute uses (`modal.Stub`, `modal.app.Stub`, `modal.stub.Stub`) are renamed where they
 * stand. A name imported with `from modal import Stub` is renamed in the import and in every use
 * at once, from the `finish` hook, when the semantic model knows every use: renaming one without
 * the others would break the file. All findings of one import carry the same whole-file fix, so
 * applying any of them makes the others no-ops. */
#include <string.h>

#include "../rename.h"
#include "rules.h"

static const char *const message = "`modal.Stub` was renamed to `modal.App`";

/* The `from ... import` statement that imports the name at [imported_start, imported_end). */
static TSNode import_statement_of(ml__ctx *ctx, uint32_t imported_start, uint32_t imported_end) {
  TSNode node = ts_node_descendant_for_byte_range(ts_tree_root_node(ctx->tree), imported_start,
                                                  imported_end);
  while (!ts_node_is_null(node) &&
         ml__kind_of(ctx->syntax, node) != ML_KIND_IMPORT_FROM_STATEMENT)
    node = ml__parent(ctx, node);
  return node;
}

/* --- attribute uses ---------------------------------------------------------------------------- */

static void visit(ml__ctx *ctx, TSNode attribute) {
  TSNode name = ml__child_by_field(ctx, attribute, ctx->syntax->field_attribute);
  TSNode object = ml__child_by_field(ctx, attribute, ctx->syntax->field_object);
  if (ts_node_is_null(name) || ts_node_is_null(object) ||
      !ml__node_is_text(ctx->bytes, name, "Stub"))
    return;
  if (!ml__resolves_to(ctx, attribute, "modal.Stub")) return;
  ml_diag *diag = ml__report_node(ctx, attribute, "%s", message);
  char module[256];
  if (!ml__qualname(ctx, object, module, sizeof module)) return;
  /* `modal.App` and `modal.app.App` exist wherever `Stub` did not warn yet. */
  if (strcmp(module, "modal") == 0 || strcmp(module, "modal.app") == 0) {
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Rename `Stub` to `App`");
    ml__fix_edit(ctx, fix, ts_node_start_byte(name), ts_node_end_byte(name), "App");
    ml__fix_end(ctx, diag);
    return;
  }
  /* `modal.stub` was removed when `App` was added: `modal.stub.Stub` becomes `modal.App`. */
  if (strcmp(module, "modal.stub") != 0 || ml__kind_of(ctx->syntax, object) != ML_KIND_ATTRIBUTE)
    return;
  TSNode package = ml__child_by_field(ctx, object, ctx->syntax->field_object);
  TSNode stub_module = ml__child_by_field(ctx, object, ctx->syntax->field_attribute);
  if (ts_node_is_null(package) || ts_node_is_null(stub_module) ||
      !ml__resolves_to(ctx, package, "modal"))
    return;
  ml_fix *fix =
      ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Replace `stub.Stub` with `App`");
  ml__fix_edit(ctx, fix, ts_node_start_byte(stub_module), ts_node_end_byte(attribute), "App");
  ml__fix_end(ctx, diag);
}

/* --- imported names: `from modal import Stub [as S]` ---------------------------------------- */

/* Adds the edits that make the import name `App`; false when they cannot be made. */
static bool fix_import(ml__ctx *ctx, ml_fix *fix, const ml__binding *b) {
  TSNode statement = import_statement_of(ctx, b->imported_start, b->imported_end);
  if (ts_node_is_null(statement)) return false;
  TSNode module = ml__child_by_field(ctx, statement, ctx->syntax->field_module_name);
  if (ts_node_is_null(module)) return false;
  if (ml__node_is_text(ctx->bytes, module, "modal.stub")) {
    /* The module went away with the name; the statement can move to `modal` only when it
     * imports nothing else from it. */
    if (ts_node_named_child_count(statement) != 2) return false;
    ml__fix_edit(ctx, fix, ts_node_start_byte(module), ts_node_end_byte(module), "modal");
  }
  ml__fix_edit(ctx, fix, b->imported_start, b->imported_end, "App");
  return true;
}

/* The fix every finding of `b` carries: identical for all of them. */
static void add_binding_fix(ml__ctx *ctx, ml_diag *diag, const ml__binding *b, bool whole_file) {
  if (!diag || (!b->aliased && !whole_file)) return;
  ml_fix *fix = b->aliased
                    ? ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Import `App` as `%.*s`",
                                    (int)b->name_length, b->name)
                    : ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                                    "Rename `Stub` to `App` in the import and every use");
  if (!fix) return;
  if (!fix_import(ctx, fix, b)) {
    ml__fix_end(ctx, diag); /* no edit was made: the empty fix is dropped */
    return;
  }
  if (!b->aliased) {
    for (size_t i = 0; i < b->references.count; i++) {
      uint32_t start = *(const uint32_t *)ml__vec_at(&b->references, i);
      ml__fix_edit(ctx, fix, start, start + b->name_length, "App");
    }
  }
  ml__fix_end(ctx, diag);
}

static void check_import(ml__ctx *ctx, const ml__binding *b) {
  bool whole_file = !b->aliased && ml__binding_renamable(ctx, b) &&
                    ml__name_free_for(ctx, "App", "modal.App");
  if (b->references.count == 0) {
    ml_diag *diag = ml__report(ctx, b->imported_start, b->imported_end, "%s", message);
    add_binding_fix(ctx, diag, b, whole_file);
    return;
  }
  for (size_t i = 0; i < b->references.count; i++) {
    uint32_t start = *(const uint32_t *)ml__vec_at(&b->references, i);
    ml_diag *diag = ml__report(ctx, start, start + b->name_length, "%s", message);
    add_binding_fix(ctx, diag, b, whole_file);
  }
}

/* --- `from modal import *` then `Stub` -------------------------------------------------------- */

static bool star_use(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  (void)parent;
  const bool *fixable = data;
  ml_diag *diag = ml__report_node(ctx, identifier, "%s", message);
  if (*fixable) {
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Rename `Stub` to `App`");
    ml__fix_edit(ctx, fix, ts_node_start_byte(identifier), ts_node_end_byte(identifier), "App");
    ml__fix_end(ctx, diag);
  }
  return true;
}

static bool reads_name(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  (void)data;
  return !ml__identifier_binds(ctx, identifier, parent);
}

/* The star import reaches `Stub` only while nothing in the file binds the name. */
static void check_star_uses(ml__ctx *ctx) {
  const char *module = ctx->sem.star_module;
  if (!module || (strcmp(module, "modal") != 0 && strcmp(module, "modal.app") != 0)) return;
  if (ml__semantic_lookup(&ctx->sem, "Stub", 4)) return;
  if (!ml__each_variable(ctx, "Stub", reads_name, NULL)) return;
  bool fixable = ml__name_free_for(ctx, "App", "modal.App");
  ml__each_variable(ctx, "Stub", star_use, &fixable);
}

static void finish(ml__ctx *ctx) {
  for (size_t i = 0; i < ctx->sem.bindings.count && !ctx->error; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    if (b->from_import && b->qualname && strcmp(b->qualname, "modal.Stub") == 0)
      check_import(ctx, b);
  }
  if (!ctx->error) check_star_uses(ctx);
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE};
static const char *const triggers[] = {"Stub", NULL};

const ml__rule_impl ml__rule_mdl201 = {
    .info = ML__RULE_INFO_MDL201,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
    .finish = finish,
};
