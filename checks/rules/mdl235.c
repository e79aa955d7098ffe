/* MDL235 volume-paths-bytes (catalogue B-35): `bytes` paths passed to Volume file methods. */
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static const char *const methods[] = {"read_file", "read_file_into_fileobj", "remove_file",
                                      "copy_files"};

/* The offset of the `b` / `B` in a literal's prefix, or -1 when `node` is not a bytes literal. */
static int64_t bytes_prefix(ml__ctx *ctx, TSNode node) {
  if (ml__kind_of(ctx->syntax, node) != ML_KIND_STRING) return -1;
  TSNode start = ts_node_child(node, 0);
  if (ts_node_is_null(start) || strcmp(ts_node_type(start), "string_start") != 0) return -1;
  for (uint32_t i = ts_node_start_byte(start); i < ts_node_end_byte(start); i++) {
    char c = ctx->bytes[i];
    if (c == '"' || c == '\'') break;
    if (c == 'b' || c == 'B') return i;
  }
  return -1;
}

static void check_literal(ml__ctx *ctx, TSNode node, const char *method) {
  int64_t prefix = bytes_prefix(ctx, node);
  if (prefix < 0) return;
  ml_diag *diag = ml__report_node(ctx, node, "`Volume.%s` takes `str` paths, not `bytes`", method);
  /* Without escapes the text means the same in a `str` literal; with them (`\xff`, `\u`) it may
   * not. */
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  if (!diag || memchr(ctx->bytes + start, '\\', end - start)) return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Make the path a `str` literal");
  ml__fix_edit(ctx, fix, (uint32_t)prefix, (uint32_t)prefix + 1, "");
  ml__fix_end(ctx, diag);
}

/* A path argument, or the list of paths `copy_files` takes. */
static void check_value(ml__ctx *ctx, TSNode value, const char *method) {
  if (ts_node_is_null(value)) return;
  if (ml__kind_of(ctx->syntax, value) == ML_KIND_LIST ||
      strcmp(ts_node_type(value), "tuple") == 0) {
    uint32_t count = ts_node_named_child_count(value);
    for (uint32_t i = 0; i < count; i++) check_literal(ctx, ts_node_named_child(value, i), method);
    return;
  }
  check_literal(ctx, value, method);
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c) return;
  const char *name = NULL;
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
    if (ml__call_method_is(ctx, c, methods[i])) name = methods[i];
  if (!name || ml__call_receiver_type(ctx, c) != ML_TYPE_VOLUME) return;
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  uint32_t count = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(args, i);
    if (ml__kind_of(ctx->syntax, arg) == ML_KIND_KEYWORD_ARGUMENT)
      arg = ml__keyword_value(ctx, arg);
    check_value(ctx, arg, name);
  }
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"read_file", "read_file_into_fileobj", "remove_file",
                                       "copy_files", NULL};

const ml__rule_impl ml__rule_mdl235 = {
    .info = ML__RULE_INFO_MDL235,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
