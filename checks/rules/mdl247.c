/* MDL247 from-id-aio (catalogue B-47): `from_id` of FunctionCall, Image and SandboxSnapshot does
 * no I/O, so its `.aio` form is deprecated; the plain call replaces `await X.from_id.aio(...)`. */
#include <string.h>

#include "../calls.h"
#include "rules.h"

static const struct {
  const char *qualname; /* the `from_id` attribute, as ml__qualname spells it */
  const char *shown;
} classes[] = {
    {"modal.FunctionCall.from_id", "modal.FunctionCall"},
    {"modal.Image.from_id", "modal.Image"},
    {"modal.SandboxSnapshot.from_id", "modal.SandboxSnapshot"},
    /* `modal.snapshot` is not folded into `modal`: it is spelled out here. */
    {"modal.snapshot.SandboxSnapshot.from_id", "modal.SandboxSnapshot"},
};

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || !c->is_aio || !c->resolves || !ml__call_method_is(ctx, c, "from_id")) return;
  const char *shown = NULL;
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
    if (strcmp(c->qualname, classes[i].qualname) == 0) shown = classes[i].shown;
  if (!shown) return;

  TSNode from_id = c->callee;
  TSNode callee = c->function;
  ml_diag *diag = ml__report_node(ctx, callee,
                                  "`%s.from_id` does no I/O and its `.aio` form is deprecated; "
                                  "call `%s.from_id(...)` without `await`",
                                  shown, shown);
  /* Without the `await` right around the call, the coroutine goes somewhere (a variable,
   * `asyncio.gather`) that would then receive the object instead: no mechanical rewrite. */
  TSNode parent = ml__parent(ctx, call);
  if (!diag || ts_node_is_null(parent) || ml__kind_of(ctx->syntax, parent) != ML_KIND_AWAIT)
    return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Drop `await` and `.aio`");
  ml__fix_edit(ctx, fix, ts_node_start_byte(parent), ts_node_start_byte(call), "");
  ml__fix_edit(ctx, fix, ts_node_end_byte(from_id), ts_node_end_byte(callee), "");
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"from_id", NULL};

const ml__rule_impl ml__rule_mdl247 = {
    .info = ML__RULE_INFO_MDL247,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
