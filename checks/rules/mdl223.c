/* MDL223 app-indexed-objects (catalogue B-23): `app.indexed_objects`, which was exactly the
 * registered functions and classes together. */
#include <stdio.h>

#include "../rulekit.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode attribute) {
  TSNode name = ml__child_by_field(ctx, attribute, ctx->syntax->field_attribute);
  TSNode receiver = ml__child_by_field(ctx, attribute, ctx->syntax->field_object);
  if (ts_node_is_null(name) || ts_node_is_null(receiver) ||
      !ml__node_is_text(ctx->bytes, name, "indexed_objects") ||
      ml__type_of(ctx, receiver) != ML_TYPE_APP || ml__is_store_target(ctx, attribute))
    return;
  ml_diag *diag = ml__report_node(ctx, attribute,
                                  "`App.indexed_objects` was removed; use "
                                  "`{**app.registered_functions, **app.registered_classes}`");
  /* The receiver is written twice: only a plain name can be evaluated twice unchanged. */
  if (ml__kind_of(ctx->syntax, receiver) != ML_KIND_IDENTIFIER) return;
  uint32_t start = ts_node_start_byte(receiver);
  int length = (int)(ts_node_end_byte(receiver) - start);
  const char *text = ctx->bytes + start;
  char replacement[320];
  int written = snprintf(replacement, sizeof replacement,
                         "{**%.*s.registered_functions, **%.*s.registered_classes}", length, text,
                         length, text);
  if (written < 0 || (size_t)written >= sizeof replacement) return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                              "Replace with the registered functions and classes");
  ml__fix_edit(ctx, fix, start, ts_node_end_byte(attribute), replacement);
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE};
static const char *const triggers[] = {"indexed_objects", NULL};

const ml__rule_impl ml__rule_mdl223 = {
    .info = ML__RULE_INFO_MDL223,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
