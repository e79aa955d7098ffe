/* MDL210 secret-singular (catalogue B-10): `secret=X` on the app decorators and
 * `Image.run_function`, replaced by `secrets=[X]`. */
#include <stdlib.h>
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "../strbuf.h"
#include "rules.h"

/* `secrets=[a, b]` exists: X goes at the end of the list. */
static void append_to_list(ml__ctx *ctx, ml_fix *fix, TSNode keyword, TSNode value, TSNode list) {
  uint32_t close = ts_node_end_byte(list) - 1; /* the `]` */
  uint32_t count = ts_node_named_child_count(list);
  TSNode last = count ? ts_node_named_child(list, count - 1) : list;
  ml__strbuf text;
  ml__strbuf_init(&text);
  /* After the last element, or right after `[`; a trailing comma already separates. */
  uint32_t at = count ? ts_node_end_byte(last) : close;
  TSNode after = count ? ts_node_next_sibling(last) : last;
  if (count && !ts_node_is_null(after) && ml__node_is_text(ctx->bytes, after, ",")) {
    at = ts_node_end_byte(after);
    ml__strbuf_append_str(&text, " ");
  } else if (count) {
    ml__strbuf_append_str(&text, ", ");
  }
  ml__strbuf_append(&text, ctx->bytes + ts_node_start_byte(value),
                    ts_node_end_byte(value) - ts_node_start_byte(value));
  char *bytes = ml__strbuf_take(&text);
  if (!bytes) {
    ctx->error = -1;
    return;
  }
  ml__fix_edit(ctx, fix, at, at, bytes);
  free(bytes);
  ml__fix_remove_argument(ctx, fix, keyword);
}

static void check_call(ml__ctx *ctx, TSNode call) {
  TSNode keyword = ml__call_keyword(ctx, call, "secret");
  if (ts_node_is_null(keyword)) return;
  TSNode name = ml__child_by_field(ctx, keyword, ctx->syntax->field_name);
  TSNode value = ml__keyword_value(ctx, keyword);
  if (ts_node_is_null(value)) return;
  ml_diag *diag = ml__report_node(ctx, name, "`secret=` was replaced by `secrets=[...]`");
  TSNode plural = ml__call_keyword(ctx, call, "secrets");
  if (ts_node_is_null(plural)) {
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                                "Replace `secret=X` with `secrets=[X]`");
    ml__fix_edit(ctx, fix, ts_node_start_byte(name), ts_node_end_byte(name), "secrets");
    ml__fix_edit(ctx, fix, ts_node_start_byte(value), ts_node_start_byte(value), "[");
    ml__fix_edit(ctx, fix, ts_node_end_byte(value), ts_node_end_byte(value), "]");
    ml__fix_end(ctx, diag);
    return;
  }
  TSNode list = ml__keyword_value(ctx, plural);
  if (ts_node_is_null(list) || ml__kind_of(ctx->syntax, list) != ML_KIND_LIST) return;
  ml_fix *fix =
      ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Move the secret into `secrets=[...]`");
  if (!fix) return;
  append_to_list(ctx, fix, keyword, value, list);
  ml__fix_end(ctx, diag);
}

static void visit(ml__ctx *ctx, TSNode node) {
  /* `@app.function(...)`, whose expression is a call, or `app.function(...)(f)` called directly. */
  TSNode call;
  if (ml__classify_app_decorator(ctx, node, &call) != ML_APP_DECORATOR_NONE) {
    check_call(ctx, node);
    return;
  }
  /* `Image.run_function(...)`; `from_registry` and friends keep a legitimate `secret=`. */
  const ml__call *c = ml__call_of(ctx, node);
  if (c && !c->is_aio && ml__call_method_is(ctx, c, "run_function") &&
      ml__call_receiver_type(ctx, c) == ML_TYPE_IMAGE)
    check_call(ctx, node);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"secret", NULL};

const ml__rule_impl ml__rule_mdl210 = {
    .info = ML__RULE_INFO_MDL210,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
