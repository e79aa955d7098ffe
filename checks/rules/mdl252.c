/* MDL252 sandbox-ls-mkdir-rm (catalogue B-52): `sb.ls/mkdir/rm(...)` gave way to
 * `sb.filesystem.list_files/make_directory/remove(...)`. `make_directory` creates parents by
 * default where `mkdir` did not, so the fix always passes the flag. */
#include <stdio.h>
#include <string.h>

#include "../calls.h"
#include "../receivers.h"
#include "rules.h"

static const struct {
  const char *old_name;
  const char *new_name;
  const char *flag;     /* the old second parameter */
  const char *new_flag; /* its keyword in the new method (keyword-only there) */
  const char *warns_in; /* the first version that warns about this method */
} methods[] = {
    {"mkdir", "make_directory", "parents", "create_parents", "1.4.2"},
    {"rm", "remove", "recursive", "recursive", "1.4.2"},
    {"ls", "list_files", NULL, NULL, "1.4.3"},
};

/* Adds the argument edits of the safe rewrite; false when the arguments are not the plain
 * `(path[, flag])` this rewrite understands. */
static bool convert_arguments(ml__ctx *ctx, ml_fix *fix, TSNode call, size_t m) {
  bool has_splat;
  uint32_t positional = ml__call_positional_count(ctx->syntax, call, &has_splat);
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  TSNode keyword = ml__call_keyword(ctx, call, methods[m].flag);
  TSNode path_keyword = ml__call_keyword(ctx, call, "path");
  uint32_t keywords = !ts_node_is_null(keyword) + !ts_node_is_null(path_keyword);
  uint32_t count = ts_node_named_child_count(args);
  for (uint32_t i = 0; i < count; i++)
    if (ml__kind_of(ctx->syntax, ts_node_named_child(args, i)) == ML_KIND_COMMENT) return false;
  if (has_splat || positional + keywords != count || positional > 2 ||
      positional + !ts_node_is_null(path_keyword) < 1 ||
      (positional == 2 && (keywords > 0)))
    return false;
  bool mkdir = strcmp(methods[m].old_name, "mkdir") == 0;
  if (positional == 2) {
    TSNode flag = ml__call_positional(ctx->syntax, call, 1);
    char text[32];
    snprintf(text, sizeof text, "%s=", methods[m].new_flag);
    ml__fix_edit(ctx, fix, ts_node_start_byte(flag), ts_node_start_byte(flag), text);
  } else if (!ts_node_is_null(keyword)) {
    TSNode name = ml__child_by_field(ctx, keyword, ctx->syntax->field_name);
    ml__fix_edit(ctx, fix, ts_node_start_byte(name), ts_node_end_byte(name), methods[m].new_flag);
  } else if (mkdir) {
    /* The old default must be spelled out: the new one is the opposite. */
    TSNode last = ts_node_named_child(args, count - 1);
    char text[64];
    uint32_t at;
    if (!ml__argument_append(ctx->bytes, ml_source_length(ctx->source), last,
                             ml_source_newline(ctx->source), "create_parents=False", &at, text,
                             sizeof text))
      return false;
    ml__fix_edit(ctx, fix, at, at, text);
  }
  return true;
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  for (size_t m = 0; c && m < sizeof methods / sizeof methods[0]; m++) {
    if (!ml__call_method_is(ctx, c, methods[m].old_name)) continue;
    TSNode method = c->method;
    /* `ls`, `mkdir` and `rm` are everywhere: only typed Sandboxes. */
    if (ml__receiver_type(ctx, c->receiver) != ML_TYPE_SANDBOX || !ml__target_at_least(ctx, methods[m].warns_in)) return;
    ml_diag *diag;
    if (!methods[m].flag) {
      diag = ml__report_node(ctx, method,
                             "`Sandbox.ls` is deprecated; use `sb.filesystem.list_files(...)`, "
                             "which returns `FileInfo` objects instead of names");
      ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                                  "Replace with `filesystem.list_files`");
      ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_end_byte(method),
                   "filesystem.list_files");
      ml__fix_end(ctx, diag);
      return;
    }
    diag = ml__report_node(ctx, method, "`Sandbox.%s` is deprecated; use `sb.filesystem.%s(...)`",
                           methods[m].old_name, methods[m].new_name);
    if (!diag || !convert_arguments(ctx, NULL, call, m)) return;
    char title[96], replacement[64];
    snprintf(title, sizeof title, "Replace with `filesystem.%s`", methods[m].new_name);
    snprintf(replacement, sizeof replacement, "filesystem.%s", methods[m].new_name);
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "%s", title);
    if (!fix) return;
    ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_end_byte(method), replacement);
    convert_arguments(ctx, fix, call, m);
    ml__fix_end(ctx, diag);
    return;
  }
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"ls", "mkdir", "rm", NULL};

const ml__rule_impl ml__rule_mdl252 = {
    .info = ML__RULE_INFO_MDL252,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
