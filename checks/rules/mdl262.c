/* MDL262 network-file-system (catalogue B-62): `modal.NetworkFileSystem` and
 * `network_file_systems=` are deprecated in the documentation (1.2.0) in favour of Volumes. */
#include <string.h>

#include "../calls.h"
#include "../names.h"
#include "../rulekit.h"
#include "rules.h"

#define QUALNAME "modal.NetworkFileSystem"
#define MESSAGE                                                                                    \
  "`modal.NetworkFileSystem` is deprecated; use `modal.Volume` (call `.commit()` after writes "   \
  "and `.reload()` before reads)"

/* Whether `call` is where `network_file_systems=` is accepted: `@app.function(...)`,
 * `@app.cls(...)` (also called directly, `app.function(...)(f)`), `modal.Sandbox.create(...)`,
 * `image.run_function(...)`. */
static bool takes_network_file_systems(ml__ctx *ctx, TSNode call) {
  TSNode decorator_call;
  if (ml__classify_app_decorator(ctx, call, &decorator_call) != ML_APP_DECORATOR_NONE)
    return true;
  const ml__call *c = ml__call_of(ctx, call);
  if (!c) return false;
  if (c->resolves) return strcmp(c->qualname, "modal.Sandbox.create") == 0;
  return ml__call_method_is(ctx, c, "run_function") &&
         ml__call_receiver_type(ctx, c) == ML_TYPE_IMAGE;
}

static void visit(ml__ctx *ctx, TSNode node) {
  ml__kind kind = ml__kind_of(ctx->syntax, node);
  if (kind == ML_KIND_CALL) {
    TSNode keyword = ml__call_keyword(ctx, node, "network_file_systems");
    if (!ts_node_is_null(keyword) && takes_network_file_systems(ctx, node))
      ml__report_node(ctx, ml__child_by_field(ctx, keyword, ctx->syntax->field_name),
                      "`network_file_systems=` is deprecated; mount `modal.Volume`s with "
                      "`volumes=`");
    return;
  }
  if (!ml__resolves_to(ctx, node, QUALNAME)) return;
  if (kind == ML_KIND_IDENTIFIER && !ml__is_variable_use(ctx, node)) return;
  ml__report_node(ctx, node, MESSAGE);
}

/* An import that is never used is reported at the import; used ones are reported at each use. */
static void finish(ml__ctx *ctx) {
  for (size_t i = 0; i < ctx->sem.bindings.count && !ctx->error; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    if (b->from_import && b->qualname && strcmp(b->qualname, QUALNAME) == 0 &&
        b->references.count == 0)
      ml__report(ctx, b->imported_start, b->imported_end, MESSAGE);
  }
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE, ML_KIND_IDENTIFIER, ML_KIND_CALL};
static const char *const triggers[] = {"NetworkFileSystem", "network_file_systems", NULL};

const ml__rule_impl ml__rule_mdl262 = {
    .info = ML__RULE_INFO_MDL262,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
    .finish = finish,
};
