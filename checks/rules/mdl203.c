/* MDL203 app-run-show-progress (catalogue B-3): `app.run(show_progress=...)` gave way to the
 * `modal.enable_output()` context manager. */
#include <string.h>

#include "../calls.h"
#include "../imports.h"
#include "../rulekit.h"
#include "rules.h"

#define KEYWORD "show_progress"

/* The `with` item whose value is `call` (`with app.run(...) [as x]:`), or a null node; an
 * `async with` cannot take the synchronous `enable_output()` and does not count. */
static TSNode with_item_of(ml__ctx *ctx, TSNode call) {
  TSNode null_node = {{0}, 0, 0};
  TSNode parent = ml__parent(ctx, call);
  if (!ts_node_is_null(parent) && strcmp(ts_node_type(parent), "as_pattern") == 0)
    parent = ml__parent(ctx, parent);
  if (ts_node_is_null(parent) || strcmp(ts_node_type(parent), "with_item") != 0) return null_node;
  TSNode statement = ml__parent(ctx, ml__parent(ctx, parent));
  if (ts_node_is_null(statement) || strcmp(ts_node_type(statement), "with_statement") != 0)
    return null_node;
  TSNode first = ts_node_child(statement, 0);
  if (!ts_node_is_null(first) && ml__node_is_text(ctx->bytes, first, "async")) return null_node;
  return parent;
}

static void fix_in_with(ml__ctx *ctx, ml_diag *diag, TSNode keyword, TSNode item) {
  char spelling[128];
  /* Ask first with no fix, so that a file with no safe spelling gets no half-made fix. */
  if (!diag || !ml__fix_modal_name(ctx, NULL, "enable_output", spelling, sizeof spelling)) return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                              "Replace `show_progress=True` with `%s()` in the `with`", spelling);
  if (!fix) return;
  ml__fix_modal_name(ctx, fix, "enable_output", spelling, sizeof spelling);
  char text[160];
  size_t length = strlen(spelling);
  if (length + sizeof "(), " > sizeof text) return;
  memcpy(text, spelling, length);
  memcpy(text + length, "(), ", sizeof "(), ");
  ml__fix_edit(ctx, fix, ts_node_start_byte(item), ts_node_start_byte(item), text);
  ml__fix_remove_argument(ctx, fix, keyword);
  ml__fix_end(ctx, diag);
}

static void check_run(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  (void)match;
  TSNode call = c->node;
  TSNode keyword = ml__call_keyword(ctx, call, KEYWORD);
  if (ts_node_is_null(keyword)) return;
  TSNode name = ml__child_by_field(ctx, keyword, ctx->syntax->field_name);
  TSNode value = ml__keyword_value(ctx, keyword);
  if (ml__is_false(ctx, value)) {
    ml_diag *diag = ml__report_node(ctx, name,
                                    "`show_progress=` was removed from `App.run`; "
                                    "`show_progress=False` had no effect, remove it");
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Remove `show_progress=False`");
    ml__fix_remove_argument(ctx, fix, keyword);
    ml__fix_end(ctx, diag);
    return;
  }
  ml_diag *diag = ml__report_node(ctx, name,
                                  "`show_progress=` was removed from `App.run`; run the app "
                                  "inside `with modal.enable_output():` to show progress");
  if (!ml__is_true(ctx, value)) return; /* what a computed value wanted is unknown */
  TSNode item = with_item_of(ctx, call);
  if (!ts_node_is_null(item)) {
    fix_in_with(ctx, diag, keyword, item);
    return;
  }
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                              "Remove `show_progress=True` (progress is then not shown)");
  ml__fix_remove_argument(ctx, fix, keyword);
  ml__fix_end(ctx, diag);
}

static const ml__call_match calls[] = {
    {.receiver = ML_TYPE_APP, .method = "run", .handle = check_run},
};

/* Besides the called name (from the table), every finding needs the keyword. */
static const char *const triggers[] = {"show_progress", NULL};

const ml__rule_impl ml__rule_mdl203 = {
    .info = ML__RULE_INFO_MDL203,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
    .triggers = triggers,
};
