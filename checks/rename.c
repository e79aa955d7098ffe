#include "rename.h"

#include <string.h>

#include "modallint/source.h"

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

/* Module paths name modules, not variables (`from modal.stub import X`, `import a.b as c`); only
 * `import a.b` binds its first segment. The names a `from` import brings in stay variables. */
static bool is_module_path(ml__ctx *ctx, TSNode identifier, TSNode parent) {
  if (strcmp(ts_node_type(parent), "dotted_name") != 0) return false;
  TSNode holder = ml__parent(ctx, parent);
  if (ts_node_is_null(holder)) return false;
  const char *type = ts_node_type(holder);
  if (strcmp(type, "relative_import") == 0) return true;
  if (strcmp(type, "import_from_statement") == 0)
    return is_field(holder, ctx->syntax->field_module_name, parent);
  if (strcmp(type, "import_statement") == 0)
    return !ts_node_eq(ts_node_named_child(parent, 0), identifier);
  if (strcmp(type, "aliased_import") == 0) {
    TSNode statement = ml__parent(ctx, holder);
    return !ts_node_is_null(statement) && strcmp(ts_node_type(statement), "import_statement") == 0;
  }
  return false;
}

bool ml__identifier_binds(ml__ctx *ctx, TSNode identifier, TSNode parent) {
  static const char *const binding_parents[] = {
      "parameters",         "lambda_parameters",        "typed_parameter",
      "list_splat_pattern", "dictionary_splat_pattern", "pattern_list",
      "tuple_pattern",      "list_pattern",             "as_pattern_target",
      "global_statement",   "nonlocal_statement",       "dotted_name",
      "aliased_import",     "import_from_statement",    "import_statement",
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

bool ml__each_variable(ml__ctx *ctx, const char *name, ml__occurrence_fn each, void *data) {
  size_t n = strlen(name);
  uint32_t length = ml_source_length(ctx->source);
  const char *bytes = ctx->bytes, *p = bytes, *end = bytes + length;
  if (n == 0) return true;
  while ((p = memmem(p, (size_t)(end - p), name, n)) != NULL) {
    bool whole = (p == bytes || !is_word_char(p[-1])) && (p + n == end || !is_word_char(p[n]));
    uint32_t at = (uint32_t)(p - bytes);
    p += n;
    if (!whole) continue;
    TSNode identifier = identifier_at(ctx, at, (uint32_t)n);
    if (ts_node_is_null(identifier)) continue;
    TSNode parent = ml__parent(ctx, identifier);
    if (ts_node_is_null(parent) || is_member_name(ctx, identifier, parent) ||
        is_module_path(ctx, identifier, parent))
      continue;
    if (!each(ctx, identifier, parent, data)) return false;
  }
  return true;
}

static bool is_binding_name(const ml__binding *b, const char *name, uint32_t length) {
  return b->name_length == length && memcmp(b->name, name, length) == 0;
}

static bool known_occurrence(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  (void)ctx, (void)parent;
  const ml__binding *b = data;
  uint32_t start = ts_node_start_byte(identifier);
  if (start == b->imported_start) return true;
  for (size_t i = 0; i < b->references.count; i++)
    if (*(const uint32_t *)ml__vec_at(&b->references, i) == start) return true;
  return false;
}

bool ml__binding_renamable(ml__ctx *ctx, const ml__binding *b) {
  for (size_t i = 0; i < ctx->sem.bindings.count; i++) {
    const ml__binding *other = ml__vec_at(&ctx->sem.bindings, i);
    /* A second binding of the name (`try: ... except ImportError: ...`, a reassignment) makes
     * which one a use sees depend on the path taken at run time. */
    if (other != b && is_binding_name(other, b->name, b->name_length)) return false;
  }
  char name[64];
  if (b->name_length >= sizeof name) return false;
  memcpy(name, b->name, b->name_length);
  name[b->name_length] = '\0';
  return ml__each_variable(ctx, name, known_occurrence, (void *)b);
}

struct new_name_scan {
  const char *qualname;
  bool reads;
};

/* An occurrence of the new name is harmless when it reads the name or is the imported name of
 * an import of the same Modal object; anything else defines it. */
static bool harmless_occurrence(ml__ctx *ctx, TSNode identifier, TSNode parent, void *data) {
  struct new_name_scan *scan = data;
  if (!ml__identifier_binds(ctx, identifier, parent)) {
    scan->reads = true;
    return true;
  }
  uint32_t start = ts_node_start_byte(identifier);
  for (size_t i = 0; i < ctx->sem.bindings.count; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    if (b->from_import && b->imported_start == start && b->qualname &&
        strcmp(b->qualname, scan->qualname) == 0)
      return true;
  }
  return false;
}

bool ml__name_free_for(ml__ctx *ctx, const char *name, const char *qualname) {
  struct new_name_scan scan = {qualname, false};
  if (!ml__each_variable(ctx, name, harmless_occurrence, &scan)) return false;
  bool bound = false;
  uint32_t length = (uint32_t)strlen(name);
  for (size_t i = 0; i < ctx->sem.bindings.count; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    if (!is_binding_name(b, name, length)) continue;
    if (!b->qualname || strcmp(b->qualname, qualname) != 0) return false;
    bound = true;
  }
  /* A read with no binding gets the name from somewhere modal-lint cannot see (another star
   * import?), which a new import would shadow. */
  return !scan.reads || bound || ctx->sem.star_module;
}
