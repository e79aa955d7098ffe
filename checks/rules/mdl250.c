/* MDL250 map-wrap-returned-exceptions (catalogue B-50): `Function.map/starmap(return_exceptions=True)`
 * wrapped the exceptions it returned in `UserCodeException` until 1.4.0; `wrap_returned_exceptions=`
 * chose that, and from 1.4.0 exceptions are always returned unwrapped and the keyword is
 * deprecated. What to report depends on the target version. */
#include "../calls.h"
#include "../receivers.h"
#include "../rulekit.h"
#include "rules.h"

#define CHANGED_IN "1.4.0"

/* Whether `receiver` is a Modal Function: `f` from `@app.function`, or a method of a class
 * instance (`Model().predict`). */
static bool is_function(ml__ctx *ctx, TSNode receiver) {
  if (ml__receiver_type(ctx, receiver) == ML_TYPE_FUNCTION) return true;
  if (ml__kind_of(ctx->syntax, receiver) != ML_KIND_ATTRIBUTE) return false;
  TSNode object = ml__child_by_field(ctx, receiver, ctx->syntax->field_object);
  return ml__receiver_type(ctx, object) == ML_TYPE_CLS_INSTANCE;
}

static TSNode keyword_name(ml__ctx *ctx, TSNode keyword) {
  return ml__child_by_field(ctx, keyword, ctx->syntax->field_name);
}

/* From 1.4.0: the keyword does nothing but warn, so removing it keeps behaviour; only a value
 * that runs code is worth keeping an eye on. */
static void report_wrap_keyword(ml__ctx *ctx, TSNode wrap, bool typed) {
  TSNode value = ml__keyword_value(ctx, wrap);
  bool was_true = ml__is_true(ctx, value);
  ml_diag *diag = ml__report_node(
      ctx, keyword_name(ctx, wrap),
      was_true ? "`wrap_returned_exceptions` is deprecated and ignored: exceptions are returned "
                 "unwrapped; code that checks for `UserCodeException` must check the original "
                 "exception type"
               : "`wrap_returned_exceptions` is deprecated and ignored: exceptions are returned "
                 "unwrapped");
  if (!typed) return; /* `.map` of something modal-lint cannot tie to Modal: no edit */
  ml_fix *fix = ml__fix_begin(ctx, diag,
                              ml__is_constant(ctx, value) ? ML_APPLICABILITY_SAFE
                                                          : ML_APPLICABILITY_UNSAFE,
                              "Remove `wrap_returned_exceptions`");
  ml__fix_remove_argument(ctx, fix, wrap);
  ml__fix_end(ctx, diag);
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || (!ml__call_method_is(ctx, c, "map") && !ml__call_method_is(ctx, c, "starmap")))
    return;
  TSNode receiver = c->receiver;
  TSNode wrap = ml__call_keyword(ctx, call, "wrap_returned_exceptions");
  TSNode returns = ml__call_keyword(ctx, call, "return_exceptions");
  bool typed = is_function(ctx, receiver);
  bool changed = ml__target_at_least(ctx, CHANGED_IN);
  if (!ts_node_is_null(wrap)) {
    /* Before 1.4.0 the keyword is the recommended way; it is Modal's own, so an untyped
     * receiver with it still is a Modal Function in all likelihood. */
    if (changed && (typed || ml__semantic_reaches_modal(&ctx->sem))) report_wrap_keyword(ctx, wrap, typed);
    return;
  }
  if (!typed || ts_node_is_null(returns) || !ml__is_true(ctx, ml__keyword_value(ctx, returns)))
    return;
  /* From 1.4.0 `return_exceptions=True` alone is the supported form: nothing to report. */
  if (changed) return;
  ml_diag *diag = ml__report_node(ctx, keyword_name(ctx, returns),
                                  "`return_exceptions=True` without "
                                  "`wrap_returned_exceptions=False` is deprecated: returned "
                                  "exceptions will no longer be wrapped in `UserCodeException`");
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  uint32_t count = ts_node_named_child_count(args);
  TSNode last = count ? ts_node_named_child(args, count - 1) : returns;
  if (ml__kind_of(ctx->syntax, last) == ML_KIND_COMMENT) return;
  char text[128];
  uint32_t at;
  if (!diag || !ml__argument_append(ctx->bytes, ml_source_length(ctx->source), last,
                                    ml_source_newline(ctx->source),
                                    "wrap_returned_exceptions=False", &at, text, sizeof text))
    return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                              "Add `wrap_returned_exceptions=False`");
  ml__fix_edit(ctx, fix, at, at, text);
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"wrap_returned_exceptions", "return_exceptions", NULL};

const ml__rule_impl ml__rule_mdl250 = {
    .info = ML__RULE_INFO_MDL250,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
