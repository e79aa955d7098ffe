/* MDL241 keyword-only-params-0-74-23 (catalogue B-41): positional arguments to parameters that
 * became keyword-only in 0.74.23. */
#include <stdio.h>
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

#define MAX_PARAMETERS 6

/* The positional order each callee had in 0.74.22, and how many leading parameters stay
 * positional. A callee is named by its qualname, or (for methods on objects) by the receiver's
 * type and the method name. Only the parameters whose place never changed are listed: more
 * positional arguments than that get no fix. */
static const struct {
  const char *qualname;
  ml__type type;
  const char *method;
  const char *display;
  uint32_t keep;
  const char *parameters[MAX_PARAMETERS];
} callees[] = {
    {NULL, ML_TYPE_APP, "run", "App.run", 0,
     {"client", "show_progress", "detach", "interactive", "environment_name"}},
    {"modal.Function.from_name", 0, NULL, "Function.from_name", 2,
     {"app_name", "name", "namespace", "environment_name"}},
    {"modal.Cls.from_name", 0, NULL, "Cls.from_name", 2,
     {"app_name", "name", "namespace", "environment_name", "workspace"}},
    {"modal.Dict.from_name", 0, NULL, "Dict.from_name", 2,
     {"name", "data", "namespace", "environment_name", "create_if_missing"}},
    {"modal.Queue.from_name", 0, NULL, "Queue.from_name", 1,
     {"name", "namespace", "environment_name", "create_if_missing"}},
    {"modal.Volume.from_name", 0, NULL, "Volume.from_name", 1,
     {"name", "namespace", "environment_name", "create_if_missing", "version"}},
    {"modal.NetworkFileSystem.from_name", 0, NULL, "NetworkFileSystem.from_name", 1,
     {"name", "namespace", "environment_name", "create_if_missing"}},
    {"modal.Secret.from_name", 0, NULL, "Secret.from_name", 1,
     {"name", "namespace", "environment_name", "required_keys"}},
    {"modal.Proxy.from_name", 0, NULL, "Proxy.from_name", 1, {"name", "environment_name"}},
    {"modal.Environment.from_name", 0, NULL, "Environment.from_name", 1,
     {"name", "create_if_missing"}},
    {NULL, ML_TYPE_CLS, "with_options", "Cls.with_options", 0,
     {"cpu", "memory", "gpu", "secrets", "volumes", "retries"}},
    {"modal.Image.from_dockerfile", 0, NULL, "Image.from_dockerfile", 1,
     {"path", "context_mount", "force_build"}},
    {NULL, ML_TYPE_IMAGE, "poetry_install_from_file", "Image.poetry_install_from_file", 2,
     {"poetry_pyproject_toml", "poetry_lockfile", "ignore_lockfile"}},
};

static int find_callee(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c) return -1;
  if (c->resolves) {
    for (size_t i = 0; i < sizeof callees / sizeof callees[0]; i++)
      if (callees[i].qualname && strcmp(c->qualname, callees[i].qualname) == 0) return (int)i;
    return -1;
  }
  for (size_t i = 0; i < sizeof callees / sizeof callees[0]; i++) {
    if (callees[i].method && ml__call_method_is(ctx, c, callees[i].method) &&
        ml__call_receiver_type(ctx, c) == callees[i].type)
      return (int)i;
  }
  return -1;
}

/* Adds `name=` before each positional argument past the kept ones; false when a keyword it would
 * add is already given (the call is wrong in a way a rewrite cannot know how to settle). */
static bool add_keywords(ml__ctx *ctx, ml_fix *fix, TSNode call, size_t index, uint32_t count) {
  for (uint32_t i = callees[index].keep; i < count; i++) {
    const char *parameter = callees[index].parameters[i];
    if (!ts_node_is_null(ml__call_keyword(ctx, call, parameter))) return false;
    TSNode arg = ml__call_positional(ctx->syntax, call, i);
    char keyword[64];
    snprintf(keyword, sizeof keyword, "%s=", parameter);
    ml__fix_edit(ctx, fix, ts_node_start_byte(arg), ts_node_start_byte(arg), keyword);
  }
  return true;
}

static void visit(ml__ctx *ctx, TSNode call) {
  int found = find_callee(ctx, call);
  if (found < 0) return;
  bool has_splat;
  uint32_t count = ml__call_positional_count(ctx->syntax, call, &has_splat);
  uint32_t keep = callees[found].keep;
  if (count <= keep) return;
  uint32_t known = 0;
  while (known < MAX_PARAMETERS && callees[found].parameters[known]) known++;
  /* With `*args`, or more arguments than the known order, which parameter each fills is
   * unknown. */
  bool fixable =
      !has_splat && count <= known && add_keywords(ctx, NULL, call, (size_t)found, count);
  for (uint32_t i = keep; i < count && !ctx->error; i++) {
    TSNode arg = ml__call_positional(ctx->syntax, call, i);
    const char *parameter = i < known ? callees[found].parameters[i] : NULL;
    ml_diag *diag;
    if (parameter)
      diag = ml__report_node(ctx, arg, "`%s` takes `%s` only as a keyword", callees[found].display,
                             parameter);
    else
      diag = ml__report_node(ctx, arg, "`%s` takes only %s positionally", callees[found].display,
                             keep == 0   ? "no arguments"
                             : keep == 1 ? "the name"
                                         : "the names");
    if (!fixable) continue;
    /* Every finding of the call carries the same fix converting all of its arguments: one
     * converted alone would leave a positional argument after a keyword. */
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                                "Pass the arguments after %s as keywords",
                                keep == 0 ? "`(`" : keep == 1 ? "the name" : "the names");
    add_keywords(ctx, fix, call, (size_t)found, count);
    ml__fix_end(ctx, diag);
  }
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"run", "from_name", "with_options", "from_dockerfile",
                                       "poetry_install_from_file", NULL};

const ml__rule_impl ml__rule_mdl241 = {
    .info = ML__RULE_INFO_MDL241,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
