/* MDL236 namespace-param (catalogue B-36): `namespace=` on `from_name`, `lookup`,
 * `create_deployed` and `modal.runner.deploy_app`. */
#include <string.h>

#include "../calls.h"
#include "../keywords.h"
#include "../rulekit.h"
#include "rules.h"

/* Where `namespace` stood among the positional parameters of each callee (before 0.74.23 made
 * `from_name` keyword-only after the names). */
static const struct {
  const char *qualname;
  uint32_t index;
} callees[] = {
    {"modal.Function.from_name", 2},
    {"modal.Function.lookup", 2},
    {"modal.Cls.from_name", 2},
    {"modal.Cls.lookup", 2},
    {"modal.Dict.from_name", 2},
    {"modal.Dict.lookup", 2},
    {"modal.Queue.from_name", 1},
    {"modal.Queue.lookup", 1},
    {"modal.Volume.from_name", 1},
    {"modal.Volume.lookup", 1},
    {"modal.NetworkFileSystem.from_name", 1},
    {"modal.NetworkFileSystem.lookup", 1},
    {"modal.Secret.from_name", 1},
    {"modal.Secret.lookup", 1},
    {"modal.Mount.from_name", 1},
    {"modal.Mount.lookup", 1},
    {"modal.Volume.create_deployed", 1},
    {"modal.Secret.create_deployed", 2},
    {"modal.NetworkFileSystem.create_deployed", 1},
    {"modal.runner.deploy_app", 2},
};

static const char *const message =
    "`namespace=` was removed: Modal objects have no namespace";

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || !c->resolves) return;
  int found = -1;
  for (size_t i = 0; i < sizeof callees / sizeof callees[0]; i++)
    if (strcmp(c->qualname, callees[i].qualname) == 0) found = (int)i;
  if (found < 0) return;
  TSNode keyword = ml__call_keyword(ctx, call, "namespace");
  if (!ts_node_is_null(keyword)) {
    ml__report_keyword_removal(ctx, keyword, message, "Remove `namespace=`", false);
    return;
  }
  bool has_splat;
  uint32_t count = ml__call_positional_count(ctx->syntax, call, &has_splat);
  uint32_t index = callees[found].index;
  if (count <= index) return;
  TSNode argument = ml__call_positional(ctx->syntax, call, index);
  ml_diag *diag = ml__report_node(ctx, argument, "%s", message);
  /* Removing it would move the positional arguments after it into its place; MDL241 first gives
   * them their keywords. */
  if (has_splat || count != index + 1) return;
  ml_fix *fix = ml__fix_begin(ctx, diag,
                              ml__is_pure(ctx, argument) ? ML_APPLICABILITY_SAFE
                                                            : ML_APPLICABILITY_UNSAFE,
                              "Remove the namespace argument");
  ml__fix_remove_argument(ctx, fix, argument);
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"from_name", "lookup", "create_deployed", "deploy_app",
                                       NULL};

const ml__rule_impl ml__rule_mdl236 = {
    .info = ML__RULE_INFO_MDL236,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
