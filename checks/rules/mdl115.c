/* MDL115 web-endpoint-rename (catalogue A-15): `modal.web_endpoint` was renamed to
 * `modal.fastapi_endpoint`.
 *
 * Attribute uses (`@modal.web_endpoint()`, `@m.partial_function.web_endpoint()`) are renamed where
 * they stand. A name imported with `from modal import web_endpoint` cannot be: the import and
 * every use must change together or the file breaks, so those findings come from the `finish`
 * hook, when the semantic model knows every use, and all findings of one import carry the same
 * whole-file fix. */
#include <string.h>

#include "rules.h"

#define OLD_NAME "web_endpoint"
#define NEW_NAME "fastapi_endpoint"

static const char *const message = "`modal." OLD_NAME "` was renamed to `modal." NEW_NAME "`";

static bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (unsigned char)c >= 0x80;
}

/* The identifier node spanning exactly [start, start + length), or a null node (the text is in a
 * string, a comment, or part of a longer token). */
static TSNode identifier_at(ml__ctx *ctx, uint32_t start, uint32_t length) {
  TSNode node =
      ts_node_descendant_for_byte_range(ts_tree_root_node(ctx->tree), start, start + length);
  if (ml__kind_of(ctx->syntax, node) == ML_KIND_IDENTIFIER && ts_node_start_byte(node) == start &&
      ts_node_end_byte(node) == start + length)
    return node;
  TSNode null_node = {{0}, 0, 0};
  return null_node;
}

static bool is_binding_name(const ml__binding *b, const char *name, uint32_t length) {
  return b->name_length == length && memcmp(b->name, name, length) == 0;
}

static bool is_field(TSNode parent, TSFieldId field, TSNode node) {
  TSNode child = ts_node_child_by_field_id(parent, field);
  return !ts_node_is_null(child) && ts_node_eq(child, node);
}

/* `x.NAME` and `f(NAME=...)` do not refer to a variable called NAME. */
static bool is_member_name(ml__ctx *ctx, TSNode identifier, TSNode parent) {
  ml__kind kind = ml__kind_of(ctx->syntax, parent);
  return (kind == ML_KIND_ATTRIBUTE &&
          is_field(parent, ctx->syntax->field_attribute, identifier)) ||
         (kind == ML_KIND_KEYWORD_ARGUMENT &&
          is_field(parent, ctx->syntax->field_name, identifier));
}

/* Whether the identifier binds its name (a definition, parameter, assignment or loop target, an
 * import, a `global`) rather than reading it. Deliberately broad: a wrong "binds" only withholds
 * a finding about a name the user may have defined. */
static bool binds_name(ml__ctx *ctx, TSNode identifier, TSNode parent) {
  static const char *const binding_parents[] = {
      "parameters",
      "lambda_parameters",
      "typed_parameter",
      "list_splat_pattern",
      "dictionary_splat_pattern",
      "pattern_list",
      "tuple_pattern",
      "list_pattern",
      "as_pattern_target",
      "global_statement",
      "nonlocal_statement",
      "dotted_name",
      "aliased_import",
      "import_from_statement",
      "import_statement",
  };
  const char *type = ts_node_type(parent);
  for (size_t i = 0; i < sizeof binding_parents / sizeof binding_parents[0]; i++)
    if (strcmp(type, binding_parents[i]) == 0) return true;
  static const char *const named_by_name[] = {
      "function_definition",     "class_definition", "default_parameter",
      "typed_default_parameter", "named_expression",
  };
  for (size_t i = 0; i < sizeof named_by_name / sizeof named_by_name[0]; i++)
    if (strcmp(type, named_by_name[i]) == 0)
      return is_field(parent, ctx->syntax->field_name, identifier);
  if (strcmp(type, "assignment") == 0 || strcmp(type, "augmented_assignment") == 0 ||
      strcmp(type, "for_statement") == 0 || strcmp(type, "for_in_clause") == 0)
    return is_field(parent, ctx->syntax->field_left, identifier);
  return false;
}

/* Calls `each` for every identifier spelled `name` that stands for a variable (not an attribute
 * or keyword name, not text in a string or comment), until it returns false. The blunt text scan
 * finds what the semantic model does not track (function definitions, parameters, names used
 * before they are imported); the tree tells code from strings and comments. */
typedef bool (*occurrence_fn)(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data);

static bool each_variable(ml__ctx *ctx, const char *name, occurrence_fn each, void *data) {
  size_t n = strlen(name);
  uint32_t length = ml_source_length(ctx->source);
  const char *bytes = ctx->bytes, *p = bytes, *end = bytes + length;
  while ((p = memmem(p, (size_t)(end - p), name, n)) != NULL) {
    bool whole = (p == bytes || !is_word_char(p[-1])) && (p + n == end || !is_word_char(p[n]));
    uint32_t at = (uint32_t)(p - bytes);
    p += n;
    if (!whole) continue;
    TSNode identifier = identifier_at(ctx, at, (uint32_t)n);
    if (ts_node_is_null(identifier)) continue;
    TSNode parent = ml__parent(ctx, identifier);
    if (ts_node_is_null(parent) || is_member_name(ctx, identifier, parent)) continue;
    if (!each(ctx, identifier, parent, data)) return false;
  }
  return true;
}

struct new_name_scan {
  bool reads; /* some code reads `fastapi_endpoint` */
};

/* A `fastapi_endpoint` in code is harmless when it reads the name or is the imported name of a
 * Modal import (`from modal import fastapi_endpoint [as x]`); anything else defines it. */
static bool harmless_new_name(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  struct new_name_scan *scan = data;
  if (!binds_name(ctx, identifier, parent)) {
    scan->reads = true;
    return true;
  }
  uint32_t start = ts_node_start_byte(identifier);
  for (size_t i = 0; i < ctx->sem.bindings.count; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    if (b->from_import && b->imported_start == start && b->qualname &&
        strcmp(b->qualname, "modal." NEW_NAME) == 0)
      return true;
  }
  return false;
}

/* Whether code may say `fastapi_endpoint` and mean Modal's: nothing defines the name but imports
 * of Modal's (renaming next to one only imports the same thing twice), and what reads the name
 * already reads Modal's. */
static bool new_name_is_free(ml__ctx *ctx) {
  struct new_name_scan scan = {false};
  if (!each_variable(ctx, NEW_NAME, harmless_new_name, &scan)) return false;
  bool bound = false;
  for (size_t i = 0; i < ctx->sem.bindings.count; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    if (!is_binding_name(b, NEW_NAME, (uint32_t)strlen(NEW_NAME))) continue;
    if (!b->qualname || strcmp(b->qualname, "modal." NEW_NAME) != 0) return false;
    bound = true;
  }
  /* A read with no binding gets the name from somewhere modal-lint cannot see (another star
   * import?), which a new import would shadow. */
  return !scan.reads || bound || ctx->sem.star_module;
}

/* --- attribute uses: `modal.web_endpoint`, `modal.partial_function.web_endpoint` ------------ */

static void visit(ml__ctx *ctx, TSNode attribute) {
  TSNode name = ml__child_by_field(ctx, attribute, ctx->syntax->field_attribute);
  if (ts_node_is_null(name) || !ml__node_is_text(ctx->bytes, name, OLD_NAME)) return;
  if (!ml__resolves_to(ctx, attribute, "modal." OLD_NAME)) return;
  ml_diag *diag = ml__report_node(ctx, attribute, "%s", message);
  /* Both `modal` and `modal.partial_function` export the new name. */
  ml_fix *fix =
      ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Rename `" OLD_NAME "` to `" NEW_NAME "`");
  ml__fix_edit(ctx, fix, ts_node_start_byte(name), ts_node_end_byte(name), NEW_NAME);
  ml__fix_end(ctx, diag);
}

/* --- imported names: `from modal import web_endpoint [as we]` --------------------------------- */

/* Every variable spelled like the binding must be its import or one of its recorded uses; any
 * other (a parameter, a `def`, a use before the import) would be left behind by the rename. */
static bool known_occurrence(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  (void)ctx, (void)parent;
  const ml__binding *b = data;
  uint32_t start = ts_node_start_byte(identifier);
  if (start == b->imported_start) return true;
  for (size_t i = 0; i < b->references.count; i++)
    if (*(const uint32_t *)ml__vec_at(&b->references, i) == start) return true;
  return false;
}

static bool can_rename_everywhere(ml__ctx *ctx, const ml__binding *b) {
  for (size_t i = 0; i < ctx->sem.bindings.count; i++) {
    const ml__binding *other = ml__vec_at(&ctx->sem.bindings, i);
    /* Another binding of the name (`try: from modal import fastapi_endpoint as web_endpoint /
     * except: from modal import web_endpoint`, a reassignment) makes which one a use sees depend
     * on the path taken at run time. */
    if (other != b && is_binding_name(other, b->name, b->name_length)) return false;
  }
  char name[64];
  if (b->name_length >= sizeof name) return false;
  memcpy(name, b->name, b->name_length);
  name[b->name_length] = '\0';
  return each_variable(ctx, name, known_occurrence, (void *)b) && new_name_is_free(ctx);
}

/* The fix every finding of `b` carries: identical for all of them, so applying one makes the
 * others no-ops. */
static void add_binding_fix(ml__ctx *ctx, ml_diag *diag, const ml__binding *b, bool whole_file) {
  if (b->aliased) {
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Import `" NEW_NAME "` as `%.*s`",
                                (int)b->name_length, b->name);
    ml__fix_edit(ctx, fix, b->imported_start, b->imported_end, NEW_NAME);
  } else if (whole_file) {
    ml_fix *fix =
        ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                      "Rename `" OLD_NAME "` to `" NEW_NAME "` in the import and every use");
    ml__fix_edit(ctx, fix, b->imported_start, b->imported_end, NEW_NAME);
    for (size_t i = 0; i < b->references.count; i++) {
      uint32_t start = *(const uint32_t *)ml__vec_at(&b->references, i);
      ml__fix_edit(ctx, fix, start, start + b->name_length, NEW_NAME);
    }
  }
  ml__fix_end(ctx, diag);
}

static void check_import(ml__ctx *ctx, const ml__binding *b) {
  bool whole_file = !b->aliased && can_rename_everywhere(ctx, b);
  if (b->references.count == 0) {
    ml_diag *diag = ml__report(ctx, b->imported_start, b->imported_end, "%s", message);
    add_binding_fix(ctx, diag, b, whole_file);
    return;
  }
  for (size_t i = 0; i < b->references.count; i++) {
    uint32_t start = *(const uint32_t *)ml__vec_at(&b->references, i);
    ml_diag *diag = ml__report(ctx, start, start + b->name_length, "%s", message);
    add_binding_fix(ctx, diag, b, whole_file);
  }
}

/* --- `from modal import *` then `web_endpoint` ------------------------------------------------ */

static bool star_use(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  bool *fixable = data;
  ml_diag *diag = ml__report_node(ctx, identifier, "%s", message);
  if (*fixable) {
    ml_fix *fix =
        ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Rename `" OLD_NAME "` to `" NEW_NAME "`");
    ml__fix_edit(ctx, fix, ts_node_start_byte(identifier), ts_node_end_byte(identifier), NEW_NAME);
    ml__fix_end(ctx, diag);
  }
  (void)parent;
  return true;
}

static bool reads_name(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  (void)data;
  return !binds_name(ctx, identifier, parent);
}

/* The star import reaches `web_endpoint` only while nothing in the file binds the name; a file
 * that defines its own `web_endpoint` means its own. */
static void check_star_uses(ml__ctx *ctx) {
  if (!ctx->sem.star_module) return;
  if (ml__semantic_lookup(&ctx->sem, OLD_NAME, (uint32_t)strlen(OLD_NAME))) return;
  char qualname[256];
  size_t length = strlen(ctx->sem.star_module);
  if (length + sizeof "." OLD_NAME > sizeof qualname) return;
  memcpy(qualname, ctx->sem.star_module, length);
  memcpy(qualname + length, "." OLD_NAME, sizeof "." OLD_NAME);
  /* `from modal.partial_function import *` reaches it too. */
  if (strcmp(qualname, "modal." OLD_NAME) != 0 &&
      strcmp(qualname, "modal.partial_function." OLD_NAME) != 0)
    return;
  if (!each_variable(ctx, OLD_NAME, reads_name, NULL)) return;
  bool fixable = new_name_is_free(ctx);
  each_variable(ctx, OLD_NAME, star_use, &fixable);
}

static void finish(ml__ctx *ctx) {
  for (size_t i = 0; i < ctx->sem.bindings.count && !ctx->error; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    if (b->from_import && b->qualname && strcmp(b->qualname, "modal." OLD_NAME) == 0)
      check_import(ctx, b);
  }
  if (!ctx->error) check_star_uses(ctx);
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE};

const ml__rule_impl ml__rule_mdl115 = {
    .info =
        {
            .code = "MDL115",
            .slug = "web-endpoint-rename",
            .title = "`modal.web_endpoint` was renamed to `modal.fastapi_endpoint`",
            .entry = "A-15",
            .guide_section = "Renaming modal.web_endpoint to modal.fastapi_endpoint",
            .fixable = ML_FIXABLE_SAFE,
            .deprecated_in = "0.73.89",
            .removed_in = "1.4.0",
            .doc =
                "## What it does\n"
                "Finds uses of the `web_endpoint` decorator: `@modal.web_endpoint(...)`, "
                "`from modal import web_endpoint` (also under an alias, or from "
                "`modal.partial_function`) then `@web_endpoint(...)`, and `web_endpoint` reached "
                "through `from modal import *`, on functions and on class methods. An import of it "
                "that is never used is reported too.\n\n"
                "## Why\n"
                "Modal renamed the decorator to `fastapi_endpoint` to make its dependency on "
                "FastAPI clear. The old name warns from 0.73.89; from 1.4.0 the name still "
                "imports but decorating with it raises `DeprecationError`. Both take the same "
                "keyword arguments and build the same endpoint.\n\n"
                "## Example\n"
                "```python\n"
                "from modal import web_endpoint\n\n"
                "@app.function()\n"
                "@web_endpoint(method=\"POST\")\n"
                "def hook(body: dict): ...\n"
                "```\n"
                "Use instead:\n"
                "```python\n"
                "from modal import fastapi_endpoint\n\n"
                "@app.function()\n"
                "@fastapi_endpoint(method=\"POST\")\n"
                "def hook(body: dict): ...\n"
                "```\n\n"
                "## Fix safety\n"
                "The rename is safe (`fastapi_endpoint` exists from 0.73.82). `modal.web_endpoint` "
                "is renamed where it stands. An imported name is renamed in the import and in "
                "every use at once, whichever finding's fix is applied, because renaming one "
                "without the others would break the file; `# noqa` on one use therefore does not "
                "keep that use from being renamed by another finding's fix. With an alias "
                "(`from modal import web_endpoint as we`) only the import target changes and `@we` "
                "stays. No fix is offered when the file binds `web_endpoint` more than once, uses "
                "the name where modal-lint cannot follow it (a parameter, a use before the "
                "import), or already uses `fastapi_endpoint` for something else.\n",
        },
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .finish = finish,
};
