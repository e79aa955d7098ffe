/* MDL115 web-endpoint-rename (catalogue A-15): `modal.web_endpoint` was renamed to
 * `modal.fastapi_endpoint`.
 *
 * Attribute uses (`@modal.web_endpoint()`, `@m.partial_function.web_endpoint()`) are renamed where
 * they stand. A name imported with `from modal import web_endpoint` cannot be: the import and
 * every use must change together or the file breaks, so those findings come from the `finish`
 * hook, when the semantic model knows every use, and all findings of one import carry the same
 * whole-file fix. */
#include <string.h>

#include "../rename.h"
#include "rules.h"

#define OLD_NAME "web_endpoint"
#define NEW_NAME "fastapi_endpoint"

static const char *const message = "`modal." OLD_NAME "` was renamed to `modal." NEW_NAME "`";

/* Whether code may say `fastapi_endpoint` and mean Modal's (rename.h). */
static bool new_name_is_free(ml__ctx *ctx) {
  return ml__name_free_for(ctx, NEW_NAME, "modal." NEW_NAME);
}

/* --- attribute uses: `modal.web_endpoint`, `modal.partial_function.web_endpoint` ------------ */

static void visit(ml__ctx *ctx, TSNode attribute) {
  TSNode name = ml__child_by_field(ctx, attribute, ctx->syntax->field_attribute);
  if (ts_node_is_null(name) || !ml__node_is_text(ctx->bytes, name, OLD_NAME)) return;
  if (!ml__resolves_to(ctx, attribute, "modal." OLD_NAME)) return;
  ml_diag *diag = ml__report_node(ctx, attribute, "%s", message);
  /* Both `modal` and `modal.partial_function` export the new name. */
  ml_fix *fix =
      ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Rename `" OLD_NAME "` to `" NEW_NAME "`");
  ml__fix_edit(ctx, fix, ts_node_start_byte(name), ts_node_end_byte(name), NEW_NAME);
  ml__fix_end(ctx, diag);
}

/* --- imported names: `from modal import web_endpoint [as we]` --------------------------------- */

/* Every use must change with the import (rename.h), and the new name must be free. */
static bool can_rename_everywhere(ml__ctx *ctx, const ml__binding *b) {
  return ml__binding_renamable(ctx, b) && new_name_is_free(ctx);
}

/* The fix every finding of `b` carries: identical for all of them, so applying one makes the
 * others no-ops. */
static void add_binding_fix(ml__ctx *ctx, ml_diag *diag, const ml__binding *b, bool whole_file) {
  if (b->aliased) {
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Import `" NEW_NAME "` as `%.*s`",
                                (int)b->name_length, b->name);
    ml__fix_edit(ctx, fix, b->imported_start, b->imported_end, NEW_NAME);
  } else if (whole_file) {
    ml_fix *fix =
        ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                      "Rename `" OLD_NAME "` to `" NEW_NAME "` in the import and every use");
    ml__fix_edit(ctx, fix, b->imported_start, b->imported_end, NEW_NAME);
    for (size_t i = 0; i < b->references.count; i++) {
      uint32_t start = *(const uint32_t *)ml__vec_at(&b->references, i);
      ml__fix_edit(ctx, fix, start, start + b->name_length, NEW_NAME);
    }
  }
  ml__fix_end(ctx, diag);
}

static void check_import(ml__ctx *ctx, const ml__binding *b) {
  bool whole_file = !b->aliased && can_rename_everywhere(ctx, b);
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

/* --- `from modal import *` then `web_endpoint` ------------------------------------------------ */

static bool star_use(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  bool *fixable = data;
  ml_diag *diag = ml__report_node(ctx, identifier, "%s", message);
  if (*fixable) {
    ml_fix *fix =
        ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Rename `" OLD_NAME "` to `" NEW_NAME "`");
    ml__fix_edit(ctx, fix, ts_node_start_byte(identifier), ts_node_end_byte(identifier), NEW_NAME);
    ml__fix_end(ctx, diag);
  }
  (void)parent;
  return true;
}

static bool reads_name(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  (void)data;
  return !ml__identifier_binds(ctx, identifier, parent);
}

/* The star import reaches `web_endpoint` only while nothing in the file binds the name; a file
 * that defines its own `web_endpoint` means its own. */
static void check_star_uses(ml__ctx *ctx) {
  if (!ctx->sem.star_module) return;
  if (ml__semantic_lookup(&ctx->sem, OLD_NAME, (uint32_t)strlen(OLD_NAME))) return;
  char qualname[256];
  size_t length = strlen(ctx->sem.star_module);
  if (length + sizeof "." OLD_NAME > sizeof qualname) return;
  memcpy(qualname, ctx->sem.star_module, length);
  memcpy(qualname + length, "." OLD_NAME, sizeof "." OLD_NAME);
  /* `from modal.partial_function import *` reaches it too. */
  if (strcmp(qualname, "modal." OLD_NAME) != 0 &&
      strcmp(qualname, "modal.partial_function." OLD_NAME) != 0)
    return;
  if (!ml__each_variable(ctx, OLD_NAME, reads_name, NULL)) return;
  bool fixable = new_name_is_free(ctx);
  ml__each_variable(ctx, OLD_NAME, star_use, &fixable);
}

static void finish(ml__ctx *ctx) {
  for (size_t i = 0; i < ctx->sem.bindings.count && !ctx->error; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    if (b->from_import && b->qualname && strcmp(b->qualname, "modal." OLD_NAME) == 0)
      check_import(ctx, b);
  }
  if (!ctx->error) check_star_uses(ctx);
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE};
static const char *const triggers[] = {"web_endpoint", NULL};

const ml__rule_impl ml__rule_mdl115 = {
    .info = ML__RULE_INFO_MDL115,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
    .finish = finish,
};
