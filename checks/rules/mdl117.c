/* MDL117 with-options-allow-concurrent-inputs (catalogue A-17): `Cls.with_options(...,
 * allow_concurrent_inputs=N)` became `.with_options(...).with_concurrency(max_inputs=N,
 * target_inputs=N)`.
 *
 * `with_options` is a common method name (HTTP and LLM clients have one), but
 * `allow_concurrent_inputs=` is Modal's own keyword: on a receiver the semantic model cannot type,
 * in a file that imports Modal, the finding is kept without a fix (catalogue 0.4). */
#include <stdlib.h>
#include <string.h>

#include "../calls.h"
#include "../strbuf.h"
#include "rules.h"

#define KEYWORD "allow_concurrent_inputs"

static bool file_imports_modal(ml__ctx *ctx) {
  /* An object imported from another module of the project counts: the file uses Modal. */
  return ml__semantic_reaches_modal(&ctx->sem);
}

/* A value that may be written twice without changing what runs: copying `get_n()` into both
 * `max_inputs=` and `target_inputs=` would call it twice. A loop down the chain, not recursion:
 * `a.b.b.b...` can be as deep as the file is long. */
static bool is_repeatable(ml__ctx *ctx, TSNode value) {
  for (;;) {
    switch (ml__kind_of(ctx->syntax, value)) {
      case ML_KIND_INTEGER:
      case ML_KIND_IDENTIFIER:
      case ML_KIND_NONE:
        return true;
      case ML_KIND_ATTRIBUTE:
        value = ts_node_child_by_field_id(value, ctx->syntax->field_object);
        break;
      case ML_KIND_PARENTHESIZED_EXPRESSION:
        value = ts_node_named_child(value, 0);
        break;
      default:
        return false;
    }
  }
}

/* Whether `keyword` is the only thing between the parentheses (no other argument, no comment),
 * so the whole `with_options(...)` can become `with_concurrency(...)`. */
static bool is_only_content(ml__ctx *ctx, TSNode call, TSNode keyword) {
  TSNode args = ts_node_child_by_field_id(call, ctx->syntax->field_arguments);
  return !ts_node_is_null(args) && ts_node_named_child_count(args) == 1 &&
         ts_node_eq(ts_node_named_child(args, 0), keyword);
}

static char *concurrency_call(ml__ctx *ctx, TSNode value) {
  uint32_t start = ts_node_start_byte(value), end = ts_node_end_byte(value);
  ml__strbuf text;
  ml__strbuf_init(&text);
  ml__strbuf_append_str(&text, "with_concurrency(max_inputs=");
  ml__strbuf_append(&text, ctx->bytes + start, end - start);
  ml__strbuf_append_str(&text, ", target_inputs=");
  ml__strbuf_append(&text, ctx->bytes + start, end - start);
  ml__strbuf_append_str(&text, ")");
  char *result = ml__strbuf_take(&text);
  ml__strbuf_free(&text);
  return result;
}

static void add_fix(ml__ctx *ctx, ml_diag *diag, TSNode call, TSNode method, TSNode keyword,
                    TSNode value) {
  char *replacement = concurrency_call(ctx, value);
  if (!replacement) {
    ctx->error = -1;
    return;
  }
  ml_applicability applicability =
      is_repeatable(ctx, value) ? ML_APPLICABILITY_SAFE : ML_APPLICABILITY_UNSAFE;
  ml_fix *fix = ml__fix_begin(ctx, diag, applicability,
                              "Replace `" KEYWORD
                              "=N` with `.with_concurrency(max_inputs=N, target_inputs=N)`");
  if (fix && is_only_content(ctx, call, keyword)) {
    /* `.with_options(allow_concurrent_inputs=N)` set nothing else: the call becomes
     * `.with_concurrency(...)` rather than an empty `.with_options()` before it. */
    ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_end_byte(call), replacement);
  } else if (fix) {
    uint32_t start, end;
    ml__argument_removal_range(ctx->bytes, keyword, &start, &end);
    ml__fix_edit(ctx, fix, start, end, "");
    size_t length = strlen(replacement);
    char *appended = malloc(length + 2);
    if (!appended) {
      ctx->error = -1;
      free(replacement);
      return;
    }
    appended[0] = '.';
    memcpy(appended + 1, replacement, length + 1);
    ml__fix_edit(ctx, fix, ts_node_end_byte(call), ts_node_end_byte(call), appended);
    free(appended);
  }
  free(replacement);
  ml__fix_end(ctx, diag);
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || c->is_aio || !ml__call_method_is(ctx, c, "with_options")) return;
  TSNode method = c->method;
  TSNode keyword = ml__call_keyword(ctx, call, KEYWORD);
  if (ts_node_is_null(keyword)) return;
  TSNode name = ts_node_child_by_field_id(keyword, ctx->syntax->field_name);
  TSNode value = ts_node_child_by_field_id(keyword, ctx->syntax->field_value);
  if (ts_node_is_null(value)) return;
  ml__type type = ml__call_receiver_type(ctx, c);

  if (type == ML_TYPE_CLS) {
    ml_diag *diag = ml__report_node(ctx, name,
                                    "`with_options(" KEYWORD
                                    "=N)` is deprecated; use "
                                    "`.with_concurrency(max_inputs=N, target_inputs=N)`");
    if (diag) add_fix(ctx, diag, call, method, keyword, value);
    return;
  }
  /* A Function or another known Modal object never took this keyword on `with_options`; only an
   * untyped receiver may still be a Cls (a parameter, a factory's result). */
  if (type != ML_TYPE_UNKNOWN || !file_imports_modal(ctx)) return;
  ml__report_node(ctx, name,
                  "`with_options(" KEYWORD
                  "=N)` is deprecated if this is a `modal.Cls`; use "
                  "`.with_concurrency(max_inputs=N, target_inputs=N)` (no fix: modal-lint cannot "
                  "tell what the receiver is)");
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"allow_concurrent_inputs", NULL};

const ml__rule_impl ml__rule_mdl117 = {
    .info = ML__RULE_INFO_MDL117,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
