/* MDL268 pending-deprecation-error-class (catalogue B-68): `modal.exception.PendingDeprecationError`
 * is gone in 1.4.3, where every deprecation warning is a `DeprecationError`. */
#include <string.h>

#include "../names.h"
#include "../rename.h"
#include "rules.h"

#define OLD_NAME "PendingDeprecationError"
#define NEW_NAME "DeprecationError"
#define OLD_QUALNAME "modal.exception." OLD_NAME
#define NEW_QUALNAME "modal.exception." NEW_NAME
#define MESSAGE                                                                                    \
  "`modal.exception." OLD_NAME "` was removed; every Modal deprecation warning is a "             \
  "`modal.exception." NEW_NAME "`"

/* Attribute uses (`modal.exception.PendingDeprecationError`) and names read through
 * `from modal.exception import *`. */
static void visit(ml__ctx *ctx, TSNode node) {
  char qualname[256];
  if (!ml__name_use(ctx, node, qualname, sizeof qualname) ||
      strcmp(qualname, OLD_QUALNAME) != 0)
    return;
  ml_diag *diag = ml__report_node(ctx, node, MESSAGE);
  TSNode name = node;
  if (ml__kind_of(ctx->syntax, node) == ML_KIND_ATTRIBUTE) {
    name = ml__child_by_field(ctx, node, ctx->syntax->field_attribute);
  } else if (!ml__name_free_for(ctx, NEW_NAME, NEW_QUALNAME)) {
    return;
  }
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Use `" NEW_NAME "`");
  ml__fix_edit(ctx, fix, ts_node_start_byte(name), ts_node_end_byte(name), NEW_NAME);
  ml__fix_end(ctx, diag);
}

/* `from modal.exception import PendingDeprecationError [as x]`: the import itself fails, so it
 * is the finding. Its fix renames the import and every use when that is possible, and otherwise
 * imports the new class under the old name, which keeps every use working. */
static void check_import(ml__ctx *ctx, const ml__binding *b) {
  ml_diag *diag = ml__report(ctx, b->imported_start, b->imported_end, MESSAGE);
  if (b->aliased) {
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Import `" NEW_NAME "`");
    ml__fix_edit(ctx, fix, b->imported_start, b->imported_end, NEW_NAME);
  } else if (ml__binding_renamable(ctx, b) && ml__name_free_for(ctx, NEW_NAME, NEW_QUALNAME)) {
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                                "Rename `" OLD_NAME "` to `" NEW_NAME "` in the import and every "
                                "use");
    ml__fix_edit(ctx, fix, b->imported_start, b->imported_end, NEW_NAME);
    for (size_t i = 0; i < b->references.count; i++) {
      uint32_t start = *(const uint32_t *)ml__vec_at(&b->references, i);
      ml__fix_edit(ctx, fix, start, start + b->name_length, NEW_NAME);
    }
  } else {
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                                "Import `" NEW_NAME " as " OLD_NAME "`");
    ml__fix_edit(ctx, fix, b->imported_start, b->imported_end, NEW_NAME " as " OLD_NAME);
  }
  ml__fix_end(ctx, diag);
}

static void finish(ml__ctx *ctx) {
  for (size_t i = 0; i < ctx->sem.bindings.count && !ctx->error; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    if (b->from_import && b->qualname && strcmp(b->qualname, OLD_QUALNAME) == 0)
      check_import(ctx, b);
  }
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE, ML_KIND_IDENTIFIER};
static const char *const triggers[] = {"PendingDeprecationError", NULL};

const ml__rule_impl ml__rule_mdl268 = {
    .info = ML__RULE_INFO_MDL268,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
    .finish = finish,
};
