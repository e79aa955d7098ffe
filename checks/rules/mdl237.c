/* MDL237 object-clone (catalogue B-37): `obj.clone()` on a Modal object. */
#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || !ml__call_method_is(ctx, c, "clone")) return;
  /* `clone` is a common method name: only objects known to be Modal's count. A Cls instance is a
   * user class, whose own `clone` is not Modal's. */
  ml__type type = ml__call_receiver_type(ctx, c);
  if (type == ML_TYPE_UNKNOWN || type == ML_TYPE_CLS_INSTANCE) return;
  ml__report_node(ctx, c->function,
                  "`clone()` of Modal objects was an internal helper and was removed; create "
                  "a new object (for example with `from_name`) instead");
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"clone", NULL};

const ml__rule_impl ml__rule_mdl237 = {
    .info = ML__RULE_INFO_MDL237,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
