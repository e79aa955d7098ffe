/* MDL207 spawn-generator (catalogue B-7, also `functioncall-get-gen`): spawning a generator
 * Function, `FunctionCall.get_gen()` and `FunctionCall.from_id(..., is_generator=...)`. */
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

/* Whether `receiver` names a module-level `@app.function` whose body yields. */
static bool is_generator_function(ml__ctx *ctx, TSNode receiver) {
  if (ml__kind_of(ctx->syntax, receiver) != ML_KIND_IDENTIFIER ||
      ml__type_of(ctx, receiver) != ML_TYPE_FUNCTION)
    return false;
  TSNode definition = ml__module_function(ctx, receiver);
  return !ts_node_is_null(definition) &&
         ml__block_yields(ctx, ml__child_by_field(ctx, definition, ctx->syntax->field_body));
}

static void check_from_id(ml__ctx *ctx, TSNode call) {
  TSNode argument = ml__call_keyword(ctx, call, "is_generator");
  TSNode value, shown;
  if (!ts_node_is_null(argument)) {
    value = ml__keyword_value(ctx, argument);
    shown = ml__child_by_field(ctx, argument, ctx->syntax->field_name);
  } else {
    /* from_id(function_call_id, client, is_generator) */
    argument = value = shown = ml__call_positional(ctx->syntax, call, 2);
    if (ts_node_is_null(argument)) return;
  }
  if (ml__is_false(ctx, value)) {
    ml_diag *diag = ml__report_node(ctx, shown,
                                    "`is_generator` was removed from `FunctionCall.from_id`; "
                                    "`False` was the default, remove it");
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Remove `is_generator=False`");
    ml__fix_remove_argument(ctx, fix, argument);
    ml__fix_end(ctx, diag);
    return;
  }
  ml__report_node(ctx, shown,
                  "`is_generator` was removed from `FunctionCall.from_id`: a generator's "
                  "results cannot be fetched from a spawned call; call it with `remote_gen` or "
                  "have it write its results to a `modal.Queue`");
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c) return;
  if (c->resolves) {
    if (strcmp(c->qualname, "modal.FunctionCall.from_id") == 0) check_from_id(ctx, call);
    return;
  }
  TSNode receiver = c->receiver, method = c->method;
  if (ml__call_method_is(ctx, c, "spawn") && is_generator_function(ctx, receiver)) {
    uint32_t start = ts_node_start_byte(receiver);
    ml__report_node(ctx, method,
                    "`%.*s` is a generator function, which cannot be spawned; use "
                    "`%.*s.remote_gen(...)`, or spawn a function that writes its results to a "
                    "`modal.Queue`",
                    (int)(ts_node_end_byte(receiver) - start), ctx->bytes + start,
                    (int)(ts_node_end_byte(receiver) - start), ctx->bytes + start);
    return;
  }
  if (ml__call_method_is(ctx, c, "get_gen") &&
      ml__call_receiver_type(ctx, c) == ML_TYPE_FUNCTION_CALL)
    ml__report_node(ctx, method,
                    "`FunctionCall.get_gen()` was removed: a generator's results cannot be "
                    "fetched from a spawned call; call it with `remote_gen` or have it write its "
                    "results to a `modal.Queue`");
}

static const ml__kind kinds[] = {ML_KIND_CALL};
/* `from_id`, not `is_generator`: the flag may be passed positionally. */
static const char *const triggers[] = {"from_id", "spawn", "get_gen", NULL};

const ml__rule_impl ml__rule_mdl207 = {
    .info = ML__RULE_INFO_MDL207,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
