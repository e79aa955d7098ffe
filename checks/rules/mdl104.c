/* MDL104 mount-object (catalogue A-4): the `Mount` class stopped being public API. This rule owns
 * the name: its imports and every reference that is not one of the constructor calls MDL105-MDL107
 * report (type annotations, `isinstance`, named Mounts, aliases). */
#include <string.h>

#include "../mounts.h"
#include "rules.h"

static const char *const replacement =
    "add files to the Image with `add_local_dir`, `add_local_file` or `add_local_python_source`";

static bool is_field(TSNode parent, TSFieldId field, TSNode node) {
  TSNode child = ts_node_child_by_field_id(parent, field);
  return !ts_node_is_null(child) && ts_node_eq(child, node);
}

/* Identifiers that name something other than a variable read: `x.Mount`, `f(Mount=...)`, the
 * name of a `def`/`class`, a parameter, an assignment target. */
static bool is_read(ml__ctx *ctx, TSNode identifier) {
  TSNode parent = ml__parent(ctx, identifier);
  const ml__syntax *s = ctx->syntax;
  switch (ml__kind_of(s, parent)) {
    case ML_KIND_ATTRIBUTE:
      return !is_field(parent, s->field_attribute, identifier);
    case ML_KIND_KEYWORD_ARGUMENT:
    case ML_KIND_FUNCTION_DEFINITION:
    case ML_KIND_CLASS_DEFINITION:
    case ML_KIND_DEFAULT_PARAMETER:
    case ML_KIND_TYPED_DEFAULT_PARAMETER:
      return !is_field(parent, s->field_name, identifier);
    case ML_KIND_ASSIGNMENT:
      return !is_field(parent, s->field_left, identifier);
    case ML_KIND_PARAMETERS:
    case ML_KIND_LAMBDA_PARAMETERS:
    case ML_KIND_TYPED_PARAMETER:
      return false;
    default:
      return true;
  }
}

static bool parent_resolves_to(ml__ctx *ctx, TSNode attribute, const char *const *names) {
  char qualname[256];
  if (!ml__qualname(ctx, attribute, qualname, sizeof qualname)) return false;
  for (size_t i = 0; names[i]; i++)
    if (strcmp(qualname, names[i]) == 0) return true;
  return false;
}

/* `node` names `modal.Mount`: reports it, unless another rule or finding owns the construct. */
static void check_reference(ml__ctx *ctx, TSNode node) {
  TSNode parent = ml__parent(ctx, node);
  bool is_receiver = ml__kind_of(ctx->syntax, parent) == ML_KIND_ATTRIBUTE &&
                     is_field(parent, ctx->syntax->field_object, node);
  if (is_receiver) {
    static const char *const constructors[] = {"modal.Mount.from_local_dir",
                                               "modal.Mount.from_local_file",
                                               "modal.Mount.from_local_python_packages", NULL};
    static const char *const named[] = {"modal.Mount.from_name", "modal.Mount.lookup", NULL};
    TSNode call = ml__parent(ctx, parent);
    if (ml__kind_of(ctx->syntax, call) == ML_KIND_CALL &&
        is_field(call, ctx->syntax->field_function, parent) &&
        parent_resolves_to(ctx, parent, constructors))
      return; /* MDL105-MDL107 report the call */
    static const char *const lookup[] = {"modal.Mount.lookup", NULL};
    if (parent_resolves_to(ctx, parent, lookup) && ml__rule_runs(ctx, &ml__rule_mdl118))
      return; /* MDL118 reports `.lookup`; once it is `from_name`, this rule does */
    if (parent_resolves_to(ctx, parent, named)) {
      /* In `mounts=[...]` (and the like) the enclosing rule already says this. */
      if (ml__kind_of(ctx->syntax, call) == ML_KIND_CALL &&
          is_field(call, ctx->syntax->field_function, parent) &&
          ml__mount_call_is_owned(ctx, call))
        return;
      ml__report_node(ctx, node,
                      "a named Mount (`Mount.from_name`/`Mount.lookup`) has no replacement in "
                      "Modal 1.0; %s, or keep shared data in a `modal.Volume`",
                      replacement);
      return;
    }
  }
  ml__report_node(ctx, node,
                  "`modal.Mount` is no longer public API (gone from `modal` in 1.0.0, internal "
                  "from 1.2.0); %s",
                  replacement);
}

static void check_import(ml__ctx *ctx, TSNode statement) {
  TSNode module = ml__child_by_field(ctx, statement, ctx->syntax->field_module_name);
  if (ts_node_is_null(module)) return;
  bool top_level = ml__node_is_text(ctx->bytes, module, "modal");
  uint32_t count = ts_node_named_child_count(statement);
  for (uint32_t i = 0; i < count; i++) {
    TSNode item = ts_node_named_child(statement, i);
    if (ts_node_eq(item, module)) continue;
    TSNode imported = item, local = item;
    if (ml__kind_of(ctx->syntax, item) == ML_KIND_ALIASED_IMPORT) {
      imported = ml__child_by_field(ctx, item, ctx->syntax->field_name);
      local = ml__child_by_field(ctx, item, ctx->syntax->field_alias);
    }
    if (ts_node_is_null(imported) || ts_node_is_null(local)) continue;
    uint32_t start = ts_node_start_byte(local);
    const ml__binding *b =
        ml__semantic_lookup(&ctx->sem, ctx->bytes + start, ts_node_end_byte(local) - start);
    if (!b || !b->from_import || b->imported_start != ts_node_start_byte(imported) ||
        !b->qualname || strcmp(b->qualname, "modal.Mount") != 0)
      continue;
    if (top_level)
      ml__report_node(ctx, item,
                      "`from modal import Mount` raises `ImportError` from 1.0.0, which removed "
                      "`Mount` from the public API; %s, then remove this import",
                      replacement);
    else
      ml__report_node(ctx, item,
                      "`modal.mount.Mount` lost its public constructors in 1.2.0 and is internal; "
                      "%s, then remove this import",
                      replacement);
  }
}

static void visit(ml__ctx *ctx, TSNode node) {
  switch (ml__kind_of(ctx->syntax, node)) {
    case ML_KIND_IMPORT_FROM_STATEMENT:
      check_import(ctx, node);
      return;
    case ML_KIND_IDENTIFIER:
      /* The (memoised) resolution first: it settles most names, and is_read looks up fields. */
      if (ml__resolves_to(ctx, node, "modal.Mount") && is_read(ctx, node))
        check_reference(ctx, node);
      return;
    default:
      if (ml__resolves_to(ctx, node, "modal.Mount")) check_reference(ctx, node);
      return;
  }
}

static const ml__kind kinds[] = {ML_KIND_IMPORT_FROM_STATEMENT, ML_KIND_ATTRIBUTE,
                                 ML_KIND_IDENTIFIER};
static const char *const triggers[] = {"Mount", NULL};

const ml__rule_impl ml__rule_mdl104 = {
    .info = ML__RULE_INFO_MDL104,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
