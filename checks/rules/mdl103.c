/* MDL103 image-copy-mount (catalogue A-3): `Image.copy_mount(mount, remote_path=".")`, removed in
 * 1.0.0. It ran `COPY . <remote_path>` over the whole Mount, re-rooting the Mount's absolute paths
 * under `remote_path`; `add_local_dir`/`add_local_file(..., copy=True)` with the re-rooted paths
 * build the same layer. */
#include <stdio.h>
#include <string.h>

#include "../mounts.h"
#include "../pystring.h"
#include "rules.h"

static const char *const removed = "`copy_mount` was removed in 1.0.0";

typedef struct arguments {
  TSNode mount, remote; /* null when absent */
  bool unknown;         /* another argument, a splat, or one given twice */
} arguments;

static void read_arguments(ml__ctx *ctx, TSNode call, arguments *args) {
  TSNode null_node = {{0}, 0, 0};
  args->mount = args->remote = null_node;
  args->unknown = false;
  TSNode list = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  uint32_t positional = 0, count = ts_node_is_null(list) ? 0 : ts_node_named_child_count(list);
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(list, i);
    ml__kind kind = ml__kind_of(ctx->syntax, arg);
    if (kind == ML_KIND_COMMENT) continue;
    TSNode *slot = NULL;
    if (kind == ML_KIND_KEYWORD_ARGUMENT) {
      TSNode key = ml__child_by_field(ctx, arg, ctx->syntax->field_name);
      if (ml__node_is_text(ctx->bytes, key, "mount")) slot = &args->mount;
      if (ml__node_is_text(ctx->bytes, key, "remote_path")) slot = &args->remote;
      arg = ml__child_by_field(ctx, arg, ctx->syntax->field_value);
    } else if (kind != ML_KIND_LIST_SPLAT && kind != ML_KIND_DICTIONARY_SPLAT && positional < 2) {
      slot = positional++ == 0 ? &args->mount : &args->remote;
    }
    if (!slot || !ts_node_is_null(*slot) || ts_node_is_null(arg)) {
      args->unknown = true;
      continue;
    }
    *slot = arg;
  }
}

static void check_call(ml__ctx *ctx, TSNode call, TSNode method) {
  arguments args;
  read_arguments(ctx, call, &args);
  if (args.unknown || ts_node_is_null(args.mount)) {
    ml__report_node(ctx, method,
                    "%s; replace it with `add_local_dir`/`add_local_file(..., copy=True)` calls "
                    "that add the Mount's files at its paths under `remote_path` (no automatic "
                    "fix: the call's arguments are not `(mount, remote_path)`)",
                    removed);
    return;
  }
  /* Where the Mount's tree went: under an absolute `remote_path`, or under WORKDIR. */
  char root[1024];
  size_t length = 0;
  bool absolute = !ts_node_is_null(args.remote) &&
                  ml__pystring_value(ctx->syntax, ctx->bytes, args.remote, root, sizeof root,
                                     &length) &&
                  length > 0 && root[0] == '/';
  bool relative = ts_node_is_null(args.remote) ||
                  (!absolute && ml__pystring_value(ctx->syntax, ctx->bytes, args.remote, root,
                                                   sizeof root, &length));
  ml__mount_rewrite rw;
  ml__mount_rewrite_init(&rw);
  rw.copy = true;
  rw.root = absolute ? root : "/";
  ml__mount_rewrite_result result = ml__mount_rewrite_expression(ctx, args.mount, &rw);
  if (ctx->error) {
    ml__mount_rewrite_free(&rw);
    return;
  }
  char excerpt[80];
  ml__node_excerpt(ctx, args.mount, excerpt, sizeof excerpt);
  const char *note = rw.python_source ? "; note that `add_local_python_source` adds only `*.py` "
                                        "files unless `ignore=` is given"
                                      : "";
  if (result == ML_MOUNT_REWRITE_NOT_LITERAL) {
    ml__report_node(ctx, method,
                    "%s; replace it with the `add_local_dir`/`add_local_file(..., copy=True)` calls "
                    "that add the files of `%s` at its paths under `remote_path` (no automatic "
                    "fix: the Mount is not built in this call)",
                    removed, excerpt);
  } else if (result == ML_MOUNT_REWRITE_PROBLEM) {
    ml__report_node(ctx, method,
                    "%s; replace it with `add_local_dir`/`add_local_file(..., copy=True)` calls "
                    "that add the Mount's files at its paths under `remote_path` (no automatic "
                    "fix: %s)",
                    removed, rw.problem);
  } else if (relative) {
    ml__report_node(ctx, method,
                    "%s; the Mount's paths went under %s: use `.%s` with each remote path placed "
                    "there%s (no automatic fix: the WORKDIR is not known here)",
                    removed,
                    ts_node_is_null(args.remote)
                        ? "the image's WORKDIR (`remote_path` defaults to `\".\"`)"
                        : "`remote_path` taken relative to the image's WORKDIR",
                    rw.methods.data, note);
  } else if (!absolute) {
    ml__report_node(ctx, method,
                    "%s; use `.%s` with each remote path placed under `remote_path`%s (no "
                    "automatic fix: `remote_path` is not a plain string literal)",
                    removed, rw.methods.data, note);
  } else {
    ml_diag *diag = ml__report_node(ctx, method, "%s; copy the same files with `.%s`%s", removed,
                                    rw.methods.data, note);
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                                "Replace with `add_local_*(..., copy=True)` calls");
    ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_end_byte(call), rw.methods.data);
    ml__fix_end(ctx, diag);
  }
  ml__mount_rewrite_free(&rw);
}

static void visit(ml__ctx *ctx, TSNode call) {
  TSNode callee = ml__child_by_field(ctx, call, ctx->syntax->field_function);
  if (ml__kind_of(ctx->syntax, callee) != ML_KIND_ATTRIBUTE) return;
  TSNode method = ml__child_by_field(ctx, callee, ctx->syntax->field_attribute);
  if (!ml__node_is_text(ctx->bytes, method, "copy_mount")) return;
  TSNode receiver = ml__child_by_field(ctx, callee, ctx->syntax->field_object);
  if (ml__type_of(ctx, receiver) != ML_TYPE_IMAGE) return;
  check_call(ctx, call, method);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"copy_mount", NULL};

const ml__rule_impl ml__rule_mdl103 = {
    .info = ML__RULE_INFO_MDL103,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
