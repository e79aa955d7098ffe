#include "image_copy.h"

#include <stdio.h>
#include <string.h>

#include "pystring.h"
#include "syntax.h"

/* Where a guessed destination goes: the WORKDIR of Modal's own base images. */
#define GUESSED_WORKDIR "/root"

/* Absolute paths without a trailing slash that are directories in common images. Docker copied a
 * file *into* them; add_local_file would create a file with that name instead. ("/" is not here:
 * it ends in a slash, and both methods put the file at /basename.) */
static const char *const directory_paths[] = {
    "/root", "/tmp", "/app", "/usr", "/opt", "/home", "/srv", "/workspace",
};

typedef struct arguments {
  TSNode local, remote, ignore; /* null when absent */
  bool local_positional, ignore_positional;
  TSNode last;                  /* the last argument: `copy=True` goes after it */
  char problem[160];            /* why the call cannot be rewritten; empty when it can */
} arguments;

static void read_arguments(ml__ctx *ctx, const ml__call *call, const ml__image_copy *copy,
                           arguments *args) {
  TSNode null_node = {{0}, 0, 0};
  memset(args, 0, sizeof *args);
  args->local = args->remote = args->ignore = null_node;
  TSNode list = call->arguments;
  if (ts_node_is_null(list) || ml__kind_of(ctx->syntax, list) != ML_KIND_ARGUMENT_LIST) {
    snprintf(args->problem, sizeof args->problem, "the call has no argument list");
    return;
  }
  uint32_t positional = 0, count = ts_node_named_child_count(list);
  uint32_t most = copy->directory ? 3 : 2;
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(list, i);
    ml__kind kind = ml__kind_of(ctx->syntax, arg);
    if (kind == ML_KIND_COMMENT) continue;
    args->last = arg;
    if (kind == ML_KIND_LIST_SPLAT || kind == ML_KIND_DICTIONARY_SPLAT) {
      snprintf(args->problem, sizeof args->problem,
               "the call unpacks `*args` or `**kwargs`, so its `remote_path` is unknown");
      return;
    }
    TSNode *slot;
    if (kind == ML_KIND_KEYWORD_ARGUMENT) {
      TSNode name = ml__child_by_field(ctx, arg, ctx->syntax->field_name);
      if (ml__node_is_text(ctx->bytes, name, "local_path")) {
        slot = &args->local;
      } else if (ml__node_is_text(ctx->bytes, name, "remote_path")) {
        slot = &args->remote;
      } else if (copy->directory && ml__node_is_text(ctx->bytes, name, "ignore")) {
        slot = &args->ignore;
      } else {
        uint32_t s = ts_node_start_byte(name), e = ts_node_end_byte(name);
        snprintf(args->problem, sizeof args->problem, "`%s` has no parameter `%.*s`",
                 copy->old_method, (int)(e - s < 40 ? e - s : 40), ctx->bytes + s);
        return;
      }
      arg = ml__child_by_field(ctx, arg, ctx->syntax->field_value);
    } else {
      if (positional >= most) {
        snprintf(args->problem, sizeof args->problem, "`%s` takes at most %s arguments",
                 copy->old_method, most == 3 ? "three" : "two");
        return;
      }
      TSNode *slots[] = {&args->local, &args->remote, &args->ignore};
      slot = slots[positional];
      if (positional == 0) args->local_positional = true;
      if (positional == 2) args->ignore_positional = true;
      positional++;
    }
    if (!ts_node_is_null(*slot)) {
      snprintf(args->problem, sizeof args->problem, "an argument is given twice");
      return;
    }
    *slot = arg;
  }
  if (ts_node_is_null(args->local))
    snprintf(args->problem, sizeof args->problem, "`local_path` is missing");
}

/* True when `value` (absolute) names a directory, so Docker copied a file into it. */
static bool is_directory_path(const char *value, size_t length) {
  for (size_t i = 0; i < sizeof directory_paths / sizeof directory_paths[0]; i++)
    if (strlen(directory_paths[i]) == length && memcmp(directory_paths[i], value, length) == 0)
      return true;
  /* "/data/." and "/data/.." are directories whatever their name. */
  return (length >= 2 && memcmp(value + length - 2, "/.", 2) == 0) ||
         (length >= 3 && memcmp(value + length - 3, "/..", 3) == 0);
}

/* The absolute path a relative destination meant if WORKDIR is GUESSED_WORKDIR (WORKDIR itself,
 * `fallback`, for "."); false when the path climbs out of WORKDIR ("..") and guessing gets even
 * less reliable. */
static bool workdir_path(const char *value, size_t length, const char *fallback, char *out,
                         size_t size) {
  while (length >= 2 && value[0] == '.' && value[1] == '/') {
    value += 2;
    length -= 2;
  }
  if (length == 1 && value[0] == '.') length = 0;
  for (size_t i = 0; i < length;) {
    size_t j = i;
    while (j < length && value[j] != '/') j++;
    if (j - i == 2 && value[i] == '.' && value[i + 1] == '.') return false;
    i = j + 1;
  }
  int written = length ? snprintf(out, size, GUESSED_WORKDIR "/%.*s", (int)length, value)
                       : snprintf(out, size, "%s", fallback);
  return written > 0 && (size_t)written < size;
}

void ml__image_copy_check(ml__ctx *ctx, const ml__call *call, const ml__call_match *match) {
  const ml__image_copy *copy = match->data;
  TSNode method = call->method;
  arguments args;
  read_arguments(ctx, call, copy, &args);
  char base[128];
  snprintf(base, sizeof base, "`%s` was removed; use `%s(..., copy=True)`", copy->old_method,
           copy->new_method);
  if (args.problem[0]) {
    ml__report_node(ctx, method, "%s (no automatic fix: %s)", base, args.problem);
    return;
  }

  char value[1024], target[1100], literal[2300];
  size_t length = 0;
  bool is_literal = !ts_node_is_null(args.remote) &&
                    ml__pystring_value(ctx->syntax, ctx->bytes, args.remote, value, sizeof value,
                                       &length);
  char quote = ml__pystring_quote_char(ctx->syntax, ctx->bytes,
                                       ts_node_is_null(args.remote) ? args.local : args.remote);
  ml_applicability applicability = ML_APPLICABILITY_SAFE;
  const char *new_remote = NULL; /* replacement for `remote_path`, or the one to add */
  char reason[700] = "";

  if (ts_node_is_null(args.remote)) {
    applicability = ML_APPLICABILITY_UNSAFE;
    new_remote = copy->default_remote;
    snprintf(reason, sizeof reason, "%s", copy->missing_remote);
  } else if (!is_literal) {
    applicability = ML_APPLICABILITY_UNSAFE;
    snprintf(reason, sizeof reason,
             "; `remote_path` is not a simple string literal (it is an expression, an f-string, a "
             "concatenation or holds escapes), so modal-lint cannot check that it "
             "is an absolute `str` as `%s` requires (%s)",
             copy->new_method, copy->absolute_failure);
  } else if (length > 0 && value[0] == '/') {
    /* A directory's contents land in the same place either way. */
    if (!copy->directory && is_directory_path(value, length)) {
      applicability = ML_APPLICABILITY_UNSAFE;
      snprintf(target, sizeof target, "%.*s/", (int)length, value);
      new_remote = target;
      snprintf(reason, sizeof reason,
               "; `\"%.*s\"` is usually an existing directory: `%s` copied the file into it, but "
               "`%s` creates a file at exactly that path, so the fix adds a trailing `/`, "
               "assuming the directory exists in this image",
               (int)(length < 200 ? length : 200), value, copy->old_method, copy->new_method);
    }
  } else if (workdir_path(value, length, copy->default_remote, target, sizeof target)) {
    applicability = ML_APPLICABILITY_UNSAFE;
    new_remote = target;
    snprintf(reason, sizeof reason,
             "; the relative `remote_path` resolved against the image's WORKDIR and `%s` needs an "
             "absolute path, so the fix guesses WORKDIR `" GUESSED_WORKDIR
             "`, which `Image.workdir()` or a registry image can change",
             copy->new_method);
  } else {
    ml__report_node(ctx, method,
                    "%s (no automatic fix: the relative `remote_path` climbs out of the image's "
                    "WORKDIR with `..`, so its absolute location cannot be guessed)",
                    base);
    return;
  }
  if (new_remote &&
      !ml__pystring_write(new_remote, strlen(new_remote), quote, literal, sizeof literal)) {
    ml__report_node(ctx, method, "%s (no automatic fix: `remote_path` cannot be rewritten)", base);
    return;
  }

  /* What goes after the last argument. `ignore` moves behind the keyword-only marker
   * ("L, R, I" -> "L, R, copy=True, ignore=I"), so with a positional `ignore` nothing does. A
   * missing destination follows a positional `local_path` (in the appended text when that is the
   * last argument: two insertions at one offset must be one edit), or is a keyword. */
  char added[2400] = "", text[2600] = "";
  uint32_t at = 0;
  bool remote_after_local = ts_node_is_null(args.remote) && args.local_positional;
  bool local_is_last = ts_node_eq(args.local, args.last);
  if (remote_after_local && local_is_last)
    snprintf(added, sizeof added, "%s, copy=True", literal);
  else if (ts_node_is_null(args.remote) && !args.local_positional)
    snprintf(added, sizeof added, "remote_path=%s, copy=True", literal);
  else if (!args.ignore_positional)
    snprintf(added, sizeof added, "copy=True");
  if (added[0] && !ml__argument_append(ctx->bytes, ml_source_length(ctx->source), args.last,
                                       ml_source_newline(ctx->source), added, &at, text,
                                       sizeof text)) {
    ml__report_node(ctx, method, "%s (no automatic fix: the call is too long to rewrite)", base);
    return;
  }

  ml_diag *diag = ml__report_node(ctx, method, "%s%s", base, reason);
  ml_fix *fix = new_remote ? ml__fix_begin(ctx, diag, applicability,
                                           "Replace with `%s(..., copy=True)` and remote path `%s`",
                                           copy->new_method, literal)
                           : ml__fix_begin(ctx, diag, applicability,
                                           "Replace with `%s(..., copy=True)`", copy->new_method);
  ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_end_byte(method), copy->new_method);
  if (args.ignore_positional)
    ml__fix_edit(ctx, fix, ts_node_start_byte(args.ignore), ts_node_start_byte(args.ignore),
                 "copy=True, ignore=");
  if (remote_after_local && !local_is_last) {
    char inline_remote[2400];
    snprintf(inline_remote, sizeof inline_remote, ", %s", literal);
    ml__fix_edit(ctx, fix, ts_node_end_byte(args.local), ts_node_end_byte(args.local),
                 inline_remote);
  }
  if (new_remote && !ts_node_is_null(args.remote))
    ml__fix_edit(ctx, fix, ts_node_start_byte(args.remote), ts_node_end_byte(args.remote), literal);
  if (added[0]) ml__fix_edit(ctx, fix, at, at, text);
  ml__fix_end(ctx, diag);
}
