/* MDL264 modal-extensions-ipython (catalogue B-64): the IPython extension moved from
 * `modal.extensions.ipython` to `modal.experimental.ipython` (0.73.139). */
#include <string.h>

#include "rules.h"

#define MESSAGE                                                                                    \
  "`modal.extensions.ipython` was removed; load `modal.experimental.ipython` instead (it "        \
  "provides the `%%modal` magic)"

static bool is_module(ml__ctx *ctx, TSNode dotted, const char *name) {
  return ml__kind_of(ctx->syntax, dotted) == ML_KIND_DOTTED_NAME &&
         ml__node_is_text(ctx->bytes, dotted, name);
}

/* Reports `dotted` (whose second part is `extensions`) with the fix renaming that part. */
static void report(ml__ctx *ctx, TSNode dotted) {
  ml_diag *diag = ml__report_node(ctx, dotted, MESSAGE);
  TSNode part = ts_node_named_child(dotted, 1);
  if (ts_node_is_null(part)) return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                              "Import from `modal.experimental` instead");
  ml__fix_edit(ctx, fix, ts_node_start_byte(part), ts_node_end_byte(part), "experimental");
  ml__fix_end(ctx, diag);
}

static void visit(ml__ctx *ctx, TSNode statement) {
  if (ml__kind_of(ctx->syntax, statement) == ML_KIND_IMPORT_STATEMENT) {
    for (uint32_t i = 0; i < ts_node_named_child_count(statement); i++) {
      TSNode item = ts_node_named_child(statement, i);
      if (ml__kind_of(ctx->syntax, item) == ML_KIND_ALIASED_IMPORT)
        item = ml__child_by_field(ctx, item, ctx->syntax->field_name);
      if (is_module(ctx, item, "modal.extensions.ipython")) report(ctx, item);
    }
    return;
  }
  TSNode module = ml__child_by_field(ctx, statement, ctx->syntax->field_module_name);
  if (is_module(ctx, module, "modal.extensions.ipython")) {
    report(ctx, module);
    return;
  }
  if (!is_module(ctx, module, "modal.extensions")) return;
  for (uint32_t i = 0; i < ts_node_named_child_count(statement); i++) {
    TSNode item = ts_node_named_child(statement, i);
    if (ts_node_eq(item, module)) continue;
    TSNode name = item;
    if (ml__kind_of(ctx->syntax, item) == ML_KIND_ALIASED_IMPORT)
      name = ml__child_by_field(ctx, item, ctx->syntax->field_name);
    /* `from modal.extensions import ipython`: the module is what moves. */
    if (is_module(ctx, name, "ipython") && ts_node_named_child_count(statement) == 2) {
      report(ctx, module);
      return;
    }
    if (is_module(ctx, name, "ipython")) ml__report_node(ctx, name, MESSAGE);
  }
}

static const ml__kind kinds[] = {ML_KIND_IMPORT_STATEMENT, ML_KIND_IMPORT_FROM_STATEMENT};
static const char *const triggers[] = {"extensions", NULL};

const ml__rule_impl ml__rule_mdl264 = {
    .info = ML__RULE_INFO_MDL264,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
