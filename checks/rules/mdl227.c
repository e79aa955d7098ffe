/* MDL227 runner-stub-functions (catalogue B-27): `modal.runner.run_stub` / `deploy_stub` and
 * `modal.serving.serve_stub` were renamed to `run_app` / `deploy_app` / `serve_app`. */
#include <string.h>

#include "../import_moves.h"
#include "rules.h"

static const struct {
  const char *qualname;
  const char *old_name;
  const char *new_name;
  const char *new_qualname;
  ml_applicability applicability;
  const char *message;
} renames[] = {
    {"modal.runner.run_stub", "run_stub", "run_app", "modal.runner.run_app",
     ML_APPLICABILITY_SAFE, "`modal.runner.run_stub` was renamed to `modal.runner.run_app`"},
    {"modal.runner.deploy_stub", "deploy_stub", "deploy_app", "modal.runner.deploy_app",
     ML_APPLICABILITY_SAFE, "`modal.runner.deploy_stub` was renamed to `modal.runner.deploy_app`"},
    /* `serve_app`'s parameters changed over time: the call needs a look. */
    {"modal.serving.serve_stub", "serve_stub", "serve_app", "modal.serving.serve_app",
     ML_APPLICABILITY_UNSAFE,
     "`modal.serving.serve_stub` was renamed to `modal.serving.serve_app` (check its arguments)"},
};

static int find_rename(const char *qualname) {
  for (size_t i = 0; i < sizeof renames / sizeof renames[0]; i++)
    if (strcmp(qualname, renames[i].qualname) == 0) return (int)i;
  return -1;
}

static void visit(ml__ctx *ctx, TSNode attribute) {
  TSNode name = ml__child_by_field(ctx, attribute, ctx->syntax->field_attribute);
  if (ts_node_is_null(name)) return;
  char qualname[256];
  if (!ml__qualname(ctx, attribute, qualname, sizeof qualname)) return;
  int found = find_rename(qualname);
  if (found < 0) return;
  ml_diag *diag = ml__report_node(ctx, attribute, "%s", renames[found].message);
  ml_fix *fix = ml__fix_begin(ctx, diag, renames[found].applicability, "Rename `%s` to `%s`",
                              renames[found].old_name, renames[found].new_name);
  ml__fix_edit(ctx, fix, ts_node_start_byte(name), ts_node_end_byte(name),
               renames[found].new_name);
  ml__fix_end(ctx, diag);
}

/* `from modal.runner import run_stub [as r]`. */
static void finish(ml__ctx *ctx) {
  for (size_t i = 0; i < ctx->sem.bindings.count && !ctx->error; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    if (!b->from_import || !b->qualname) continue;
    int found = find_rename(b->qualname);
    if (found < 0) continue;
    ml__import_move move = {
        .message = renames[found].message,
        .new_module = NULL,
        .new_name = renames[found].new_name,
        .new_qualname = renames[found].new_qualname,
        .applicability = renames[found].applicability,
        .movable = NULL,
    };
    ml__move_import(ctx, b, &move);
  }
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE};
static const char *const triggers[] = {"run_stub", "deploy_stub", "serve_stub", NULL};

const ml__rule_impl ml__rule_mdl227 = {
    .info = ML__RULE_INFO_MDL227,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
    .finish = finish,
};
