/* MDL109 context-mount-param (catalogue A-9): `context_mount=` of `Image.from_dockerfile` and
 * `Image.dockerfile_commands`, removed in 1.2.0. Since 0.69.0 Modal builds the Docker context
 * itself from the files the Dockerfile's COPY instructions name, relative to `context_dir=`
 * (default: the current directory), applying a `.dockerignore` when there is one. */
#include <stdio.h>
#include <string.h>

#include "../calls.h"
#include "../mounts.h"
#include "../pystring.h"
#include "rules.h"

static const char *const removed = "`context_mount=` was removed in 1.2.0";

/* True when the local path literal names the current directory ("." or "./"). */
static bool is_current_directory(ml__ctx *ctx, TSNode local) {
  char value[256];
  size_t length;
  if (!ml__pystring_value(ctx->syntax, ctx->bytes, local, value, sizeof value, &length))
    return false;
  for (size_t i = 0; i < length; i++)
    if (value[i] != '.' && value[i] != '/') return false;
  /* Only "." parts: "..", "..." are other directories. */
  for (size_t i = 0; i + 1 < length; i++)
    if (value[i] == '.' && value[i + 1] == '.') return false;
  return true;
}

/* The `local_path` argument of a `from_local_dir` call. */
static TSNode local_argument(ml__ctx *ctx, TSNode call) {
  TSNode local = ml__call_positional(ctx->syntax, call, 0);
  if (!ts_node_is_null(local)) return local;
  TSNode keyword = ml__call_keyword(ctx, call, "local_path");
  return ts_node_is_null(keyword) ? keyword
                                  : ml__child_by_field(ctx, keyword, ctx->syntax->field_value);
}

static void fix_argument(ml__ctx *ctx, ml_diag *diag, TSNode argument, const char *replacement,
                         ml_applicability applicability, const char *title) {
  ml_fix *fix = ml__fix_begin(ctx, diag, applicability, "%s", title);
  if (!replacement) {
    uint32_t start, end;
    ml__argument_removal_range(ctx->bytes, argument, &start, &end);
    ml__fix_edit(ctx, fix, start, end, "");
  } else {
    ml__fix_edit(ctx, fix, ts_node_start_byte(argument), ts_node_end_byte(argument), replacement);
  }
  ml__fix_end(ctx, diag);
}

static void check(ml__ctx *ctx, TSNode call, TSNode argument) {
  bool keyword = ml__kind_of(ctx->syntax, argument) == ML_KIND_KEYWORD_ARGUMENT;
  TSNode at = keyword ? ml__child_by_field(ctx, argument, ctx->syntax->field_name) : argument;
  TSNode value = keyword ? ml__child_by_field(ctx, argument, ctx->syntax->field_value) : argument;
  if (ts_node_is_null(value)) return;
  const char *advice =
      "delete it: Modal now builds the context from the files the Dockerfile's `COPY` "
      "instructions name, relative to `context_dir=` (default: the current directory)";

  /* Removing a positional argument shifts the ones after it into its slot. */
  bool positional_follows = !keyword && !ts_node_is_null(ml__call_positional(ctx->syntax, call, 2));
  if (ml__kind_of(ctx->syntax, value) == ML_KIND_NONE) {
    if (positional_follows) {
      ml__report_node(ctx, at,
                      "%s; `None` was the default, so remove it and pass the arguments after it "
                      "by keyword (no automatic fix: more positional arguments follow it)",
                      removed);
      return;
    }
    ml_diag *diag = ml__report_node(ctx, at, "%s; `None` was the default, so remove it", removed);
    fix_argument(ctx, diag, argument, NULL, ML_APPLICABILITY_SAFE, "Remove `context_mount=None`");
    return;
  }
  if (!ts_node_is_null(ml__call_keyword(ctx, call, "context_dir")) ||
      !ts_node_is_null(ml__call_keyword(ctx, call, "ignore"))) {
    ml__report_node(ctx, at,
                    "%s; %s (no automatic fix: `context_dir=` or `ignore=` is also given, which "
                    "Modal rejected together with `context_mount=`, so check which context was "
                    "meant)",
                    removed, advice);
    return;
  }

  ml__mount_rewrite rw;
  ml__mount_rewrite_init(&rw);
  TSNode mount_method;
  ml__mount_call kind = ml__mount_call_of(ctx, value, &mount_method);
  ml__mount_rewrite_result result = ml__mount_rewrite_expression(ctx, value, &rw);
  if (ctx->error) {
    ml__mount_rewrite_free(&rw);
    return;
  }
  const char *reason = NULL;
  if (result == ML_MOUNT_REWRITE_NOT_LITERAL)
    reason = "the Mount is not built in this call";
  else if (result == ML_MOUNT_REWRITE_PROBLEM)
    reason = rw.problem;
  else if (kind != ML_MOUNT_CALL_FROM_LOCAL_DIR || rw.filtered || strcmp(rw.last_path, "/") != 0)
    reason = "the Mount is not one local directory placed unfiltered at the context root `/`; set "
             "`context_dir=` to the local directory that mirrors that root, and `ignore=` for "
             "files to leave out";
  /* A positional `context_mount` can become a keyword only when nothing positional follows. */
  else if (positional_follows)
    reason = "more positional arguments follow it";
  if (reason) {
    ml__report_node(ctx, at, "%s; %s (no automatic fix: %s)", removed, advice, reason);
    ml__mount_rewrite_free(&rw);
    return;
  }

  TSNode local = local_argument(ctx, value);
  if (is_current_directory(ctx, local)) {
    ml_diag *diag = ml__report_node(
        ctx, at,
        "%s; this Mount was the current directory, which is now the default context, so delete "
        "it (a `.dockerignore` there now applies)",
        removed);
    fix_argument(ctx, diag, argument, NULL, ML_APPLICABILITY_UNSAFE, "Remove `context_mount=`");
  } else {
    ml__strbuf text;
    ml__strbuf_init(&text);
    ml__strbuf_append_str(&text, "context_dir=");
    uint32_t s = ts_node_start_byte(local), e = ts_node_end_byte(local);
    ml__strbuf_append(&text, ctx->bytes + s, e - s);
    if (text.failed) {
      ctx->error = -1;
    } else {
      ml_diag *diag = ml__report_node(
          ctx, at,
          "%s; this Mount put a local directory at the context root, so replace it with `%s` "
          "(a `.dockerignore` there now applies)",
          removed, text.data);
      fix_argument(ctx, diag, argument, text.data, ML_APPLICABILITY_UNSAFE,
                   "Replace `context_mount=` with `context_dir=`");
    }
    ml__strbuf_free(&text);
  }
  ml__mount_rewrite_free(&rw);
}

static void visit(ml__ctx *ctx, TSNode call) {
  TSNode argument = ml__context_mount_argument(ctx, call);
  if (!ts_node_is_null(argument)) check(ctx, call, argument);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
/* `from_dockerfile` too: it took the Mount as its second positional argument. */
static const char *const triggers[] = {"context_mount", "from_dockerfile", NULL};

const ml__rule_impl ml__rule_mdl109 = {
    .info = ML__RULE_INFO_MDL109,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
