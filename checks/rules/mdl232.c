/* MDL232 functions-gather (catalogue B-32): `modal.functions.gather(...)` became the static method
 * `modal.FunctionCall.gather(...)`.
 *
 * The semantic model folds `modal.functions.gather` into `modal.gather`; Modal never exported a
 * top-level `gather`, so that name can only have come through `modal.functions`. */
#include <stdio.h>
#include <string.h>

#include "../import_moves.h"
#include "../imports.h"
#include "../rename.h"
#include "../rulekit.h"
#include "rules.h"

static const char *const message =
    "`modal.functions.gather` was replaced by `modal.FunctionCall.gather`";

/* `modal.functions.gather` (also `.aio`), rewritten as a whole. */
static void visit(ml__ctx *ctx, TSNode attribute) {
  TSNode object = ml__child_by_field(ctx, attribute, ctx->syntax->field_object);
  TSNode name = ml__child_by_field(ctx, attribute, ctx->syntax->field_attribute);
  if (ts_node_is_null(object) || ts_node_is_null(name) ||
      !ml__node_is_text(ctx->bytes, name, "gather") ||
      !ml__resolves_to(ctx, object, "modal.functions"))
    return;
  ml_diag *diag = ml__report_node(ctx, attribute, "%s", message);
  char spelling[128];
  if (!diag || !ml__fix_modal_name(ctx, NULL, "FunctionCall", spelling, sizeof spelling)) return;
  ml_fix *fix =
      ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Use `%s.gather`", spelling);
  if (!fix) return;
  ml__fix_modal_name(ctx, fix, "FunctionCall", spelling, sizeof spelling);
  char text[160];
  snprintf(text, sizeof text, "%s.gather", spelling);
  ml__fix_edit(ctx, fix, ts_node_start_byte(attribute), ts_node_end_byte(attribute), text);
  ml__fix_end(ctx, diag);
}

/* The import item (`gather` or `gather as g`) holding the imported name. */
static TSNode import_item(ml__ctx *ctx, const ml__binding *b) {
  TSNode node = ts_node_descendant_for_byte_range(ts_tree_root_node(ctx->tree),
                                                  b->imported_start, b->imported_end);
  while (!ts_node_is_null(node) && ml__kind_of(ctx->syntax, node) != ML_KIND_DOTTED_NAME)
    node = ml__parent(ctx, node);
  TSNode parent = ts_node_is_null(node) ? node : ml__parent(ctx, node);
  if (!ts_node_is_null(parent) && ml__kind_of(ctx->syntax, parent) == ML_KIND_ALIASED_IMPORT)
    return parent;
  return node;
}

/* Whether the statement also imports `FunctionCall` under its own name. */
static bool statement_imports_function_call(ml__ctx *ctx, TSNode statement) {
  uint32_t count = ts_node_named_child_count(statement);
  for (uint32_t i = 1; i < count; i++) {
    TSNode item = ts_node_named_child(statement, i);
    if (ml__kind_of(ctx->syntax, item) == ML_KIND_DOTTED_NAME &&
        ml__node_is_text(ctx->bytes, item, "FunctionCall"))
      return true;
  }
  return false;
}

/* The fix every finding of `b` carries: the import names `FunctionCall` instead of `gather` and
 * every use becomes `FunctionCall.gather`. */
static void add_import_fix(ml__ctx *ctx, ml_diag *diag, const ml__binding *b, bool fixable) {
  if (!diag || !fixable) return;
  TSNode statement = ml__import_statement_of(ctx, b->imported_start, b->imported_end);
  TSNode item = import_item(ctx, b);
  if (ts_node_is_null(statement) || ts_node_is_null(item)) return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                              "Import `FunctionCall` and call `FunctionCall.gather`");
  if (statement_imports_function_call(ctx, statement))
    ml__fix_remove_argument(ctx, fix, item);
  else
    ml__fix_edit(ctx, fix, ts_node_start_byte(item), ts_node_end_byte(item), "FunctionCall");
  for (size_t i = 0; i < b->references.count; i++) {
    uint32_t start = *(const uint32_t *)ml__vec_at(&b->references, i);
    ml__fix_edit(ctx, fix, start, start + b->name_length, "FunctionCall.gather");
  }
  ml__fix_end(ctx, diag);
}

struct occurrences {
  const ml__binding *binding;
  uint32_t alias_start; /* the `g` of `gather as g` */
};

static bool known_occurrence(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  (void)ctx, (void)parent;
  const struct occurrences *known = data;
  uint32_t start = ts_node_start_byte(identifier);
  if (start == known->alias_start) return true;
  for (size_t i = 0; i < known->binding->references.count; i++)
    if (*(const uint32_t *)ml__vec_at(&known->binding->references, i) == start) return true;
  return false;
}

/* `from modal.functions import gather as g`: the alias is replaced with the import item, so every
 * `g` must be the alias itself or a recorded use, and nothing else may bind `g`. */
static bool alias_renamable(ml__ctx *ctx, const ml__binding *b) {
  TSNode item = import_item(ctx, b);
  TSNode alias =
      ts_node_is_null(item) ? item : ml__child_by_field(ctx, item, ctx->syntax->field_alias);
  if (ts_node_is_null(alias)) return false;
  for (size_t i = 0; i < ctx->sem.bindings.count; i++) {
    const ml__binding *other = ml__vec_at(&ctx->sem.bindings, i);
    if (other != b && other->name_length == b->name_length &&
        memcmp(other->name, b->name, b->name_length) == 0)
      return false;
  }
  char name[128];
  if (b->name_length >= sizeof name) return false;
  memcpy(name, b->name, b->name_length);
  name[b->name_length] = '\0';
  struct occurrences known = {b, ts_node_start_byte(alias)};
  return ml__each_variable(ctx, name, known_occurrence, &known);
}

static void check_import(ml__ctx *ctx, const ml__binding *b) {
  TSNode statement = ml__import_statement_of(ctx, b->imported_start, b->imported_end);
  TSNode module = ts_node_is_null(statement)
                      ? statement
                      : ml__child_by_field(ctx, statement, ctx->syntax->field_module_name);
  if (ts_node_is_null(module) || !ml__node_is_text(ctx->bytes, module, "modal.functions")) return;
  bool fixable = (b->aliased ? alias_renamable(ctx, b) : ml__binding_renamable(ctx, b)) &&
                 ml__name_free_for(ctx, "FunctionCall", "modal.FunctionCall");
  if (b->references.count == 0) {
    ml_diag *diag = ml__report(ctx, b->imported_start, b->imported_end, "%s", message);
    add_import_fix(ctx, diag, b, fixable);
    return;
  }
  for (size_t i = 0; i < b->references.count && !ctx->error; i++) {
    uint32_t start = *(const uint32_t *)ml__vec_at(&b->references, i);
    ml_diag *diag = ml__report(ctx, start, start + b->name_length, "%s", message);
    add_import_fix(ctx, diag, b, fixable);
  }
}

static void finish(ml__ctx *ctx) {
  for (size_t i = 0; i < ctx->sem.bindings.count && !ctx->error; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    if (b->from_import && b->qualname && strcmp(b->qualname, "modal.gather") == 0)
      check_import(ctx, b);
  }
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE};
/* The imported or accessed name is always `gather` (`modal.functions` may be aliased). */
static const char *const triggers[] = {"gather", NULL};

const ml__rule_impl ml__rule_mdl232 = {
    .info = ML__RULE_INFO_MDL232,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
    .finish = finish,
};
