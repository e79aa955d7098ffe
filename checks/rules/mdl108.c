/* MDL108 mounts-param (catalogue A-8): the `mounts=` keyword of `@app.function`, `@app.cls`,
 * `modal.App(...)`, `Image.run_function` and `Sandbox.create`, removed in 1.0.0. The files belong
 * on the Image now; where the Mounts are literal constructors the finding spells out the Image
 * methods that add the same files at the same container paths. */
#include <stdio.h>
#include <string.h>

#include "../calls.h"
#include "../mounts.h"
#include "../strbuf.h"
#include "rules.h"

static const char *const removed = "`mounts=` was removed in 1.0.0";

/* What the finding knows about the value of `mounts=`. */
typedef struct mounts_value {
  bool empty;         /* `[]` or `()` */
  bool literal;       /* every element is a Mount constructor chain that could be rewritten */
  bool named;         /* an element is `Mount.from_name(...)` / `Mount.lookup(...)` */
  char problem[240];  /* why a literal chain cannot be rewritten */
  ml__mount_rewrite rw;
} mounts_value;

static bool is_named_mount(ml__ctx *ctx, TSNode element) {
  if (ml__kind_of(ctx->syntax, element) != ML_KIND_CALL) return false;
  TSNode callee = ml__child_by_field(ctx, element, ctx->syntax->field_function);
  bool is_aio;
  callee = ml__strip_aio(ctx, callee, &is_aio);
  return ml__resolves_to(ctx, callee, "modal.Mount.from_name") ||
         ml__resolves_to(ctx, callee, "modal.Mount.lookup");
}

/* Rewrites every element of the literal list (or the single Mount chain given without one). */
static void read_value(ml__ctx *ctx, TSNode value, bool copy, mounts_value *out) {
  ml__mount_rewrite_init(&out->rw);
  out->rw.copy = copy;
  out->empty = out->named = false;
  out->literal = true;
  out->problem[0] = '\0';
  TSNode mount_method;
  if (!ml__is_sequence_literal(ctx, value)) {
    if (ml__mount_call_of(ctx, value, &mount_method) == ML_MOUNT_CALL_NONE) {
      out->literal = false;
      out->named = is_named_mount(ctx, value);
      return;
    }
    if (ml__mount_rewrite_expression(ctx, value, &out->rw) != ML_MOUNT_REWRITE_OK) {
      out->literal = false;
      snprintf(out->problem, sizeof out->problem, "%s", out->rw.problem);
    }
    return;
  }
  uint32_t count = ts_node_named_child_count(value), elements = 0;
  for (uint32_t i = 0; i < count; i++) {
    TSNode element = ts_node_named_child(value, i);
    if (ml__kind_of(ctx->syntax, element) == ML_KIND_COMMENT) continue;
    if (elements++) ml__strbuf_append_str(&out->rw.methods, ".");
    out->rw.problem[0] = '\0';
    ml__mount_rewrite_result result = ml__mount_rewrite_expression(ctx, element, &out->rw);
    if (result == ML_MOUNT_REWRITE_OK) continue;
    out->literal = false;
    if (result == ML_MOUNT_REWRITE_PROBLEM && !out->problem[0])
      snprintf(out->problem, sizeof out->problem, "%s", out->rw.problem);
    if (result == ML_MOUNT_REWRITE_NOT_LITERAL && is_named_mount(ctx, element)) out->named = true;
  }
  out->empty = elements == 0;
}

/* " (no automatic fix: ...)" or the reason the Mounts cannot be spelled out. */
static void explain_unknown(ml__ctx *ctx, TSNode value, const mounts_value *v, const char *owner,
                            char *text, size_t size) {
  char excerpt[80];
  ml__node_excerpt(ctx, value, excerpt, sizeof excerpt);
  if (v->named)
    snprintf(text, size,
             "; a named Mount (`Mount.from_name`/`Mount.lookup`) has no replacement: put its files "
             "on %s with `add_local_dir`/`add_local_file`, or keep shared data in a `modal.Volume`",
             owner);
  else if (v->problem[0])
    snprintf(text, size,
             "; add the files to %s with `add_local_dir`/`add_local_file`/"
             "`add_local_python_source` (no automatic fix: %s)",
             owner, v->problem);
  else
    snprintf(text, size,
             "; the Mounts in `%s` must become `add_local_dir`/`add_local_file`/"
             "`add_local_python_source` calls on %s",
             excerpt, owner);
}

static const char *python_source_note(const mounts_value *v) {
  return v->rw.python_source ? "; note that `add_local_python_source` adds only `*.py` files "
                               "unless `ignore=` is given"
                             : "";
}

static void remove_keyword_fix(ml__ctx *ctx, ml_diag *diag, TSNode keyword, ml_applicability a,
                               const char *title) {
  uint32_t start, end;
  ml__argument_removal_range(ctx->bytes, keyword, &start, &end);
  ml_fix *fix = ml__fix_begin(ctx, diag, a, "%s", title);
  ml__fix_edit(ctx, fix, start, end, "");
  ml__fix_end(ctx, diag);
}

/* An Image expression the methods can be chained onto as written. */
static bool chainable_image(ml__ctx *ctx, TSNode image) {
  ml__kind kind = ml__kind_of(ctx->syntax, image);
  return (kind == ML_KIND_IDENTIFIER || kind == ML_KIND_CALL ||
          kind == ML_KIND_PARENTHESIZED_EXPRESSION) &&
         ml__type_of(ctx, image) == ML_TYPE_IMAGE;
}

/* `@app.function`, `@app.cls` and `Sandbox.create`: the files go on the `image=` of that call. */
static void check_per_function(ml__ctx *ctx, TSNode call, ml__mounts_site site, TSNode keyword,
                               TSNode name, TSNode value, mounts_value *v) {
  const char *owner = site == ML_MOUNTS_SITE_FUNCTION ? "this function's Image"
                      : site == ML_MOUNTS_SITE_CLS    ? "this class's Image"
                                                      : "the Sandbox's Image";
  TSNode image_keyword = ml__call_keyword(ctx, call, "image");
  TSNode image = ts_node_is_null(image_keyword)
                     ? image_keyword
                     : ml__child_by_field(ctx, image_keyword, ctx->syntax->field_value);
  char text[1200];
  if (!v->literal) {
    explain_unknown(ctx, value, v, owner, text, sizeof text);
    ml__report_node(ctx, name, "%s%s", removed, text);
    return;
  }
  const char *methods = v->rw.methods.data;
  if (ts_node_is_null(image)) {
    const char *default_image = site == ML_MOUNTS_SITE_SANDBOX
                                    ? "`modal.Image.debian_slim()`"
                                    : "the App's `image=` (or `modal.Image.debian_slim()`)";
    ml__report_node(ctx, name,
                    "%s; move the files onto %s: it has no `image=`, so it used %s; pass "
                    "`image=<that image>.%s`%s",
                    removed, owner, default_image, methods, python_source_note(v));
    return;
  }
  char excerpt[80];
  ml__node_excerpt(ctx, image, excerpt, sizeof excerpt);
  bool has_splat;
  ml__call_positional_count(ctx->syntax, call, &has_splat);
  if (!chainable_image(ctx, image) || has_splat) {
    ml__report_node(ctx, name,
                    "%s; move the files onto %s: chain `.%s` onto `image=%s`%s (no automatic fix: "
                    "`%s` is not known to be a Modal Image)",
                    removed, owner, methods, excerpt, python_source_note(v), excerpt);
    return;
  }
  ml_diag *diag = ml__report_node(ctx, name, "%s; move the files onto %s: `image=%s.%s`%s",
                                  removed, owner, excerpt, methods, python_source_note(v));
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                              "Move the Mounts onto `image=` and remove `mounts=`");
  if (!fix) return;
  ml__strbuf chain;
  ml__strbuf_init(&chain);
  ml__strbuf_printf(&chain, ".%s", methods);
  if (chain.failed) {
    ml__strbuf_free(&chain);
    ctx->error = -1;
    return;
  }
  uint32_t start, end, image_end = ts_node_end_byte(image);
  ml__argument_removal_range(ctx->bytes, keyword, &start, &end);
  /* With `image=` right before a last `mounts=`, the removal starts where the chain goes: one
   * edit does both (an insertion and a deletion at one offset would be ambiguous). */
  if (start == image_end) {
    ml__fix_edit(ctx, fix, start, end, chain.data);
  } else {
    ml__fix_edit(ctx, fix, image_end, image_end, chain.data);
    ml__fix_edit(ctx, fix, start, end, "");
  }
  ml__strbuf_free(&chain);
  ml__fix_end(ctx, diag);
}

static void check_app(ml__ctx *ctx, TSNode name, TSNode value, mounts_value *v) {
  char text[1200];
  if (!v->literal) {
    explain_unknown(ctx, value, v, "the Image of every function of this App", text, sizeof text);
    ml__report_node(ctx, name, "%s%s", removed, text);
    return;
  }
  ml__report_node(ctx, name,
                  "%s; the App's Mounts went to every function of the App: chain `.%s` onto the "
                  "`image=` of each `@app.function`/`@app.cls`, or onto `modal.App(image=...)`, "
                  "which only reaches functions without their own `image=`%s",
                  removed, v->rw.methods.data, python_source_note(v));
}

/* The Mounts of a build step were there while it ran: copy the files into the image first. */
static void check_run_function(ml__ctx *ctx, TSNode call, TSNode keyword, TSNode name,
                               TSNode value, mounts_value *v) {
  char text[1200];
  if (!v->literal) {
    explain_unknown(ctx, value, v, "the image before `run_function` (with `copy=True`)", text,
                    sizeof text);
    ml__report_node(ctx, name, "%s%s", removed, text);
    return;
  }
  TSNode callee = ml__child_by_field(ctx, call, ctx->syntax->field_function);
  TSNode method = ml__child_by_field(ctx, callee, ctx->syntax->field_attribute);
  ml_diag *diag = ml__report_node(
      ctx, name,
      "%s; copy the files into the image before the build step: `.%s.run_function(...)` "
      "(`copy=True` because later build steps need them; they then stay in the image)%s",
      removed, v->rw.methods.data, python_source_note(v));
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                              "Copy the files into the image before `run_function` and remove "
                              "`mounts=`");
  if (!fix) return;
  ml__strbuf chain;
  ml__strbuf_init(&chain);
  ml__strbuf_printf(&chain, "%s.", v->rw.methods.data);
  if (chain.failed) {
    ml__strbuf_free(&chain);
    ctx->error = -1;
    return;
  }
  uint32_t start, end, at = ts_node_start_byte(method);
  ml__fix_edit(ctx, fix, at, at, chain.data);
  ml__argument_removal_range(ctx->bytes, keyword, &start, &end);
  ml__fix_edit(ctx, fix, start, end, "");
  ml__strbuf_free(&chain);
  ml__fix_end(ctx, diag);
}

static void visit(ml__ctx *ctx, TSNode call) {
  ml__mounts_site site = ml__mounts_site_of(ctx, call);
  if (site == ML_MOUNTS_SITE_NONE) return;
  TSNode keyword = ml__call_keyword(ctx, call, "mounts");
  if (ts_node_is_null(keyword)) return;
  TSNode name = ml__child_by_field(ctx, keyword, ctx->syntax->field_name);
  TSNode value = ml__child_by_field(ctx, keyword, ctx->syntax->field_value);
  if (ts_node_is_null(value)) return;
  mounts_value v;
  read_value(ctx, value, site == ML_MOUNTS_SITE_RUN_FUNCTION, &v);
  if (ctx->error) {
    ml__mount_rewrite_free(&v.rw);
    return;
  }
  if (v.empty) {
    ml_diag *diag =
        ml__report_node(ctx, name, "%s; it is empty here, so remove it", removed);
    remove_keyword_fix(ctx, diag, keyword, ML_APPLICABILITY_SAFE, "Remove the empty `mounts=`");
  } else if (site == ML_MOUNTS_SITE_APP) {
    check_app(ctx, name, value, &v);
  } else if (site == ML_MOUNTS_SITE_RUN_FUNCTION) {
    check_run_function(ctx, call, keyword, name, value, &v);
  } else {
    check_per_function(ctx, call, site, keyword, name, value, &v);
  }
  ml__mount_rewrite_free(&v.rw);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"mounts", NULL};

const ml__rule_impl ml__rule_mdl108 = {
    .info = ML__RULE_INFO_MDL108,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
