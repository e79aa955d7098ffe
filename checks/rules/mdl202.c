/* MDL202 stub-variable-name (catalogue B-2): the module-level App is held in a variable named
 * `stub`, which `modal deploy` and `modal serve` stopped finding in 0.66.24. */
#include <string.h>

#include "../rename.h"
#include "../index_internal.h"
#include "rules.h"

#define OLD_NAME "stub"
#define NEW_NAME "app"

static bool any_occurrence(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  (void)ctx, (void)identifier, (void)parent, (void)data;
  return false;
}

/* `import stub` or `from x import stub` binds the name to a module or another module's object:
 * renaming it there would import something else. */
static bool not_imported(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  (void)ctx, (void)identifier, (void)data;
  const char *type = ts_node_type(parent);
  return strcmp(type, "dotted_name") != 0 && strcmp(type, "aliased_import") != 0;
}

static bool rename_occurrence(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  (void)parent;
  ml__fix_edit(ctx, data, ts_node_start_byte(identifier), ts_node_end_byte(identifier), NEW_NAME);
  return true;
}

static bool is_module_level(ml__ctx *ctx, TSNode assignment) {
  TSNode statement = ml__parent(ctx, assignment);
  if (ts_node_is_null(statement) ||
      ml__kind_of(ctx->syntax, statement) != ML_KIND_EXPRESSION_STATEMENT)
    return false;
  TSNode module = ml__parent(ctx, statement);
  return !ts_node_is_null(module) && ml__kind_of(ctx->syntax, module) == ML_KIND_MODULE;
}

static void visit(ml__ctx *ctx, TSNode assignment) {
  TSNode left = ml__child_by_field(ctx, assignment, ctx->syntax->field_left);
  TSNode right = ml__child_by_field(ctx, assignment, ctx->syntax->field_right);
  if (ts_node_is_null(left) || ts_node_is_null(right) ||
      ml__kind_of(ctx->syntax, left) != ML_KIND_IDENTIFIER ||
      !ml__node_is_text(ctx->bytes, left, OLD_NAME) || !is_module_level(ctx, assignment))
    return;
  /* `stub = modal.App(...)` or `stub = modal.Stub(...)`; not `stub = something_else()`. */
  if (ml__kind_of(ctx->syntax, right) != ML_KIND_CALL || ml__type_of(ctx, right) != ML_TYPE_APP)
    return;
  ml_diag *diag =
      ml__report_node(ctx, left,
                      "the App is held in a variable named `" OLD_NAME
                      "`; `modal deploy` and `modal serve` look for `" NEW_NAME
                      "` unless given `file.py::" OLD_NAME "`");
  /* The new name must be unused, or the rename would merge two variables. */
  if (!diag || !ml__each_variable(ctx, NEW_NAME, any_occurrence, NULL) ||
      !ml__each_variable(ctx, OLD_NAME, not_imported, NULL))
    return;
  /* A module of the project that imports the name would break: the rename is another file's
   * edit too. */
  if (ml__index_name_imported(ctx->file->index, ctx->file, OLD_NAME)) return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                              "Rename the variable `" OLD_NAME "` to `" NEW_NAME "`");
  if (!fix) return;
  ml__each_variable(ctx, OLD_NAME, rename_occurrence, fix);
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_ASSIGNMENT};
static const char *const triggers[] = {"stub", NULL};

const ml__rule_impl ml__rule_mdl202 = {
    .info = ML__RULE_INFO_MDL202,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
