/* MDL209 function-web-url (catalogue B-9): the `Function.web_url` property, replaced by the
 * `get_web_url()` method. */
#include "../rulekit.h"
#include "rules.h"

/* A Function, or a method of an instance of a Modal class (`Model().predict`), which is one. */
static bool is_function(ml__ctx *ctx, TSNode receiver) {
  if (ml__type_of(ctx, receiver) == ML_TYPE_FUNCTION) return true;
  if (ml__kind_of(ctx->syntax, receiver) != ML_KIND_ATTRIBUTE) return false;
  TSNode object = ml__child_by_field(ctx, receiver, ctx->syntax->field_object);
  return ml__type_of(ctx, object) == ML_TYPE_CLS_INSTANCE;
}

static void visit(ml__ctx *ctx, TSNode attribute) {
  TSNode name = ml__child_by_field(ctx, attribute, ctx->syntax->field_attribute);
  TSNode receiver = ml__child_by_field(ctx, attribute, ctx->syntax->field_object);
  if (ts_node_is_null(name) || ts_node_is_null(receiver) ||
      !ml__node_is_text(ctx->bytes, name, "web_url") || !is_function(ctx, receiver) ||
      ml__is_store_target(ctx, attribute))
    return;
  ml_diag *diag =
      ml__report_node(ctx, name, "the `web_url` property was replaced by the `get_web_url()` method");
  ml_fix *fix =
      ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Replace `.web_url` with `.get_web_url()`");
  ml__fix_edit(ctx, fix, ts_node_start_byte(name), ts_node_end_byte(name), "get_web_url()");
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE};
static const char *const triggers[] = {"web_url", NULL};

const ml__rule_impl ml__rule_mdl209 = {
    .info = ML__RULE_INFO_MDL209,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
