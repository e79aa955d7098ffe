/* MDL206 object-resolve (catalogue B-6): `obj.resolve()` was renamed to `obj.hydrate()`. */
#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

/* The Modal objects that had `resolve` (subclasses of `_Object`); an App or a class instance
 * never had it. */
static bool had_resolve(ml__type type) {
  switch (type) {
    case ML_TYPE_IMAGE:
    case ML_TYPE_FUNCTION:
    case ML_TYPE_CLS:
    case ML_TYPE_DICT:
    case ML_TYPE_QUEUE:
    case ML_TYPE_VOLUME:
    case ML_TYPE_SECRET:
    case ML_TYPE_NETWORK_FILE_SYSTEM:
    case ML_TYPE_MOUNT:
    case ML_TYPE_SANDBOX:
    case ML_TYPE_ENVIRONMENT:
    case ML_TYPE_FUNCTION_CALL:
      return true;
    default:
      return false;
  }
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || !ml__call_method_is(ctx, c, "resolve") ||
      !had_resolve(ml__call_receiver_type(ctx, c)))
    return;
  TSNode method = c->method;
  ml_diag *diag = ml__report_node(ctx, method, "`.resolve()` was renamed to `.hydrate()`");
  /* `resolve` returned None and `hydrate` returns the object: the same only when the result is
   * thrown away. */
  bool unused = ml__value_unused(ctx, call);
  ml_fix *fix = ml__fix_begin(ctx, diag, unused ? ML_APPLICABILITY_SAFE : ML_APPLICABILITY_UNSAFE,
                              unused ? "Rename `resolve` to `hydrate`"
                                     : "Rename `resolve` to `hydrate` (which returns the object, "
                                       "not None)");
  ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_end_byte(method), "hydrate");
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"resolve", NULL};

const ml__rule_impl ml__rule_mdl206 = {
    .info = ML__RULE_INFO_MDL206,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
