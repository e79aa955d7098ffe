/* MDL230 volume-listdir-glob (catalogue B-30): a trailing glob in `Volume.listdir` /
 * `Volume.iterdir` paths. */
#include <stdio.h>
#include <string.h>

#include "../calls.h"
#include "../pystring.h"
#include "../rulekit.h"
#include "rules.h"

static void check_listing(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  TSNode call = c->node;
  bool listdir = strcmp(match->method, "listdir") == 0;
  TSNode path = ml__keyword_value(ctx, ml__call_keyword(ctx, call, "path"));
  if (ts_node_is_null(path)) path = ml__call_positional(ctx->syntax, call, 0);
  char value[1024];
  size_t length;
  if (ts_node_is_null(path) ||
      !ml__pystring_value(ctx->syntax, ctx->bytes, path, value, sizeof value, &length))
    return;
  /* `**` lists recursively, `*` one level; `iterdir` only ever rejected `**`. */
  bool recursive;
  size_t glob_length;
  if (length >= 2 && strcmp(value + length - 2, "**") == 0) {
    recursive = true;
    glob_length = 2;
  } else if (listdir && length >= 1 && value[length - 1] == '*') {
    recursive = false;
    glob_length = 1;
  } else {
    return;
  }
  const char *name = listdir ? "listdir" : "iterdir";
  ml_diag *diag = ml__report_node(ctx, path,
                                  "`Volume.%s` no longer takes glob patterns; pass the directory%s",
                                  name, recursive && listdir ? " and `recursive=True`" : "");
  /* Only a glob after a slash has an exact replacement; `*.txt` or `a*` filtered names. */
  size_t dir_length = length - glob_length;
  if (!diag || dir_length == 0 || value[dir_length - 1] != '/' ||
      memchr(value, '*', dir_length) || memchr(value, '?', dir_length) ||
      memchr(value, '[', dir_length))
    return;
  if (!ts_node_is_null(ml__call_keyword(ctx, call, "recursive"))) return;
  if (dir_length > 1) dir_length--; /* "dir/" -> "dir", but "/" stays */
  char literal[1100];
  if (!ml__pystring_write(value, dir_length, ml__pystring_quote_char(ctx->syntax, ctx->bytes, path),
                          literal, sizeof literal))
    return;
  /* `listdir` defaults to one level and `iterdir` to recursive: add the keyword only when the
   * glob asked for the other. */
  bool add_keyword = listdir ? recursive : !recursive;
  uint32_t at = 0;
  char keyword[128];
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  if (add_keyword &&
      !ml__argument_append(ctx->bytes, ml_source_length(ctx->source),
                           ml__last_argument(ctx, args), ml_source_newline(ctx->source),
                           recursive ? "recursive=True" : "recursive=False", &at, keyword,
                           sizeof keyword))
    return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Use `%s(%s%s)`", name, literal,
                              add_keyword ? (recursive ? ", recursive=True" : ", recursive=False")
                                          : "");
  ml__fix_edit(ctx, fix, ts_node_start_byte(path), ts_node_end_byte(path), literal);
  if (add_keyword) ml__fix_edit(ctx, fix, at, at, keyword);
  ml__fix_end(ctx, diag);
}

static const ml__call_match calls[] = {
    {.receiver = ML_TYPE_VOLUME, .method = "listdir", .handle = check_listing},
    {.receiver = ML_TYPE_VOLUME, .method = "iterdir", .handle = check_listing},
};


const ml__rule_impl ml__rule_mdl230 = {
    .info = ML__RULE_INFO_MDL230,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
};
