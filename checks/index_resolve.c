/* The project index's resolver (index_store.h): a module's exports are what the semantic model
 * records walking it. The constructor of the index lives here, as it installs this resolver in the
 * store. */
#include "modallint/index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index_store.h"
#include "model.h"
#include "modallint/error.h"
#include "parse.h"
#include "pystring.h"
#include "strbuf.h"

/* What one level of resolution parses and walks with: resolving a module resolves the modules it
 * imports one level down, while this level's semantic model still holds its own file. */
typedef struct level {
  TSParser *parser;
  ml__ctx ctx;
  ml__vec parent_kinds; /* the walk's scratch */
} level;

typedef struct resolver {
  ml__syntax syntax; /* the levels' node kinds and fields, once the first module is resolved */
  bool has_syntax;
  level *levels[ML__INDEX_MAX_DEPTH];
} resolver;

static int compare_bindings(const void *a, const void *b) {
  const ml__binding *x = *(const ml__binding *const *)a, *y = *(const ml__binding *const *)b;
  uint32_t n = x->name_length < y->name_length ? x->name_length : y->name_length;
  int c = memcmp(x->name, y->name, n);
  if (c != 0) return c;
  if (x->name_length != y->name_length) return x->name_length < y->name_length ? -1 : 1;
  return x < y ? -1 : x > y; /* document order: bindings sit in one array */
}

static bool same_name(const ml__binding *a, const ml__binding *b) {
  return a->name_length == b->name_length && memcmp(a->name, b->name, a->name_length) == 0;
}

/* Whether a plain (undecorated) `def name` or `class name` at module level rebinds the name. */
static bool defined_otherwise(ml__ctx *ctx, const char *name, uint32_t length) {
  ml__children statements;
  ml__children_begin(&statements, &ctx->cursors, ts_tree_root_node(ctx->tree));
  TSNode statement;
  bool found = false;
  while (!found && ml__children_next(&statements, &statement)) {
    ml__kind kind = ml__kind_of(ctx->syntax, statement);
    if (kind != ML_KIND_FUNCTION_DEFINITION && kind != ML_KIND_CLASS_DEFINITION) continue;
    TSNode defined = ts_node_child_by_field_id(statement, ctx->syntax->field_name);
    if (ts_node_is_null(defined)) continue;
    uint32_t start = ts_node_start_byte(defined);
    found = ts_node_end_byte(defined) - start == length &&
            memcmp(ctx->bytes + start, name, length) == 0;
  }
  ml__children_end(&statements);
  return found;
}

static int add_all_name(ml__module_exports *m, const char *name, size_t length) {
  char **all = realloc(m->all, (m->all_count + 1) * sizeof *all);
  if (!all) return ML_ENOMEM;
  m->all = all;
  m->all[m->all_count] = ml__strndup(name, length);
  if (!m->all[m->all_count]) return ML_ENOMEM;
  m->all_count++;
  return ML_OK;
}

/* `__all__ = [...]`, `= (...)` and `+= [...]` of string literals; any other form makes it unknown. */
static int read_all(ml__ctx *ctx, ml__module_exports *m) {
  ml__children statements;
  ml__children_begin(&statements, &ctx->cursors, ts_tree_root_node(ctx->tree));
  TSNode statement;
  int err = ML_OK;
  while (!err && ml__children_next(&statements, &statement)) {
    if (ml__kind_of(ctx->syntax, statement) != ML_KIND_EXPRESSION_STATEMENT) continue;
    TSNode assignment = ts_node_named_child(statement, 0);
    const char *type = ts_node_type(assignment);
    bool augmented = strcmp(type, "augmented_assignment") == 0;
    if (!augmented && ml__kind_of(ctx->syntax, assignment) != ML_KIND_ASSIGNMENT) continue;
    TSNode left = ts_node_child_by_field_id(assignment, ctx->syntax->field_left);
    if (!ml__node_is_text(ctx->bytes, left, "__all__")) continue;
    m->has_all = true;
    if (!augmented) {
      for (size_t k = 0; k < m->all_count; k++) free(m->all[k]);
      m->all_count = 0;
    }
    TSNode right = ts_node_child_by_field_id(assignment, ctx->syntax->field_right);
    const char *right_type = ts_node_is_null(right) ? "" : ts_node_type(right);
    if (strcmp(right_type, "list") != 0 && strcmp(right_type, "tuple") != 0) {
      m->all_unknown = true;
      continue;
    }
    uint32_t items = ts_node_named_child_count(right);
    for (uint32_t k = 0; k < items; k++) {
      TSNode item = ts_node_named_child(right, k);
      if (ml__kind_of(ctx->syntax, item) == ML_KIND_COMMENT) continue;
      char value[256];
      size_t length;
      if (ml__kind_of(ctx->syntax, item) != ML_KIND_STRING ||
          !ml__pystring_value(ctx->syntax, ctx->bytes, item, value, sizeof value, &length)) {
        m->all_unknown = true;
        continue;
      }
      if (add_all_name(m, value, length)) {
        err = ML_ENOMEM;
        break;
      }
    }
  }
  ml__children_end(&statements);
  return err;
}

/* A name is exported when every binding the file gives it (at any depth: a function rebinding it
 * with `global` counts, and a local of the same name makes it unknown too) holds the same kind of
 * Modal object. Names of Modal classes (`from modal import App`) are not: a fix renaming them in
 * the importing file would have to edit this one too. */
static void collect_exports(ml__ctx *ctx, ml__module_exports *m) {
  size_t count = ctx->sem.bindings.count;
  if (read_all(ctx, m)) {
    ctx->error = -1;
    return;
  }
  if (count == 0) return;
  const ml__binding **sorted = malloc(count * sizeof *sorted);
  m->exports = calloc(count, sizeof *m->exports);
  if (!sorted || !m->exports) {
    free(sorted);
    ctx->error = -1;
    return;
  }
  for (size_t i = 0; i < count; i++) sorted[i] = ml__vec_at(&ctx->sem.bindings, i);
  qsort(sorted, count, sizeof *sorted, compare_bindings);
  for (size_t i = 0; i < count;) {
    size_t j = i + 1;
    ml__type type = sorted[i]->type;
    bool agree = type != ML_TYPE_UNKNOWN;
    for (; j < count && same_name(sorted[i], sorted[j]); j++)
      if (sorted[j]->type != type) agree = false;
    for (size_t k = i; k < j; k++)
      if (sorted[k]->qualname || sorted[k]->module_key) agree = false;
    if (agree && !defined_otherwise(ctx, sorted[i]->name, sorted[i]->name_length)) {
      ml__export *e = &m->exports[m->export_count];
      e->name = ml__strndup(sorted[i]->name, sorted[i]->name_length);
      e->type = type;
      if (!e->name) {
        ctx->error = -1;
        break;
      }
      m->export_count++;
    }
    i = j;
  }
  free(sorted);
}

static void level_free(level *l) {
  if (!l) return;
  ml__vec_free(&l->ctx.marks);
  ml__vec_free(&l->ctx.path);
  ml__vec_free(&l->parent_kinds);
  ml__semantic_free(&l->ctx.sem);
  ml__cursor_pool_free(&l->ctx.cursors);
  if (l->parser) ts_parser_delete(l->parser);
  free(l);
}

static level *level_at(resolver *r, unsigned depth) {
  if (r->levels[depth]) return r->levels[depth];
  if (!r->has_syntax) {
    if (ml__syntax_init(&r->syntax)) return NULL;
    r->has_syntax = true;
  }
  level *l = calloc(1, sizeof *l);
  if (!l) return NULL;
  ml__vec_init(&l->ctx.marks, sizeof(ml__mark));
  ml__vec_init(&l->ctx.path, sizeof(TSNode));
  ml__vec_init(&l->parent_kinds, sizeof(uint8_t));
  ml__semantic_init(&l->ctx.sem);
  l->ctx.syntax = &r->syntax;
  if (ml__parser_new(&r->syntax, &l->parser)) {
    level_free(l);
    return NULL;
  }
  r->levels[depth] = l;
  return l;
}

/* Parses `source` at level `l`, walks it so the semantic model fills in (recording every binding
 * a name gets, unbinding ones included), and reads the module's exports while the model still
 * holds them. Returns 0, ML_EPARSE, ML_ETOODEEP or ML_ENOMEM. */
static int collect_at(level *l, const ml_source *source, const ml_file_info *file,
                      ml__module_exports *m) {
  TSTree *tree;
  int err = ml__parse(l->parser, NULL, ml_source_bytes(source), ml_source_length(source), &tree);
  if (err) return err;
  ml__ctx *ctx = &l->ctx;
  ml_diag_list found; /* nothing reports into it: no rule runs */
  ml_diag_list_init(&found);
  ml__semantic_reset(&ctx->sem);
  ctx->source = source;
  ctx->bytes = ml_source_bytes(source);
  ctx->tree = tree;
  ctx->options = NULL;
  ctx->file = file;
  ctx->rule = NULL;
  ctx->out = &found;
  ctx->error = 0;
  ctx->marks.count = 0;
  ctx->sem.record_unbinds = true;
  err = ml__model_walk(ctx, &l->parent_kinds, tree, NULL, NULL, NULL);
  if (!err) {
    collect_exports(ctx, m);
    if (ctx->error) err = ML_ENOMEM;
  }
  ctx->sem.record_unbinds = false;
  ml__semantic_reset(&ctx->sem);
  ctx->tree = NULL;
  ctx->file = NULL;
  ctx->out = NULL;
  ts_tree_delete(tree);
  return err;
}

static int collect(void *data, unsigned depth, const ml_file_info *file, const char *bytes,
                   uint32_t length, ml__module_exports *out) {
  level *l = level_at(data, depth);
  ml_source *source = NULL;
  int err = l ? ml_source_new(bytes, length, &source) : ML_ENOMEM;
  if (!err) err = collect_at(l, source, file, out);
  ml_source_free(source);
  return err;
}

static void resolver_free(void *data) {
  resolver *r = data;
  for (size_t i = 0; i < ML__INDEX_MAX_DEPTH; i++) level_free(r->levels[i]);
  if (r->has_syntax) ml__syntax_free(&r->syntax);
  free(r);
}

int ml_index_new(ml_index **out) {
  resolver *r = calloc(1, sizeof *r);
  if (!r) return ML_ENOMEM;
  ml__index_resolver hook = {r, collect, resolver_free};
  return ml__index_new_with_resolver(&hook, out);
}
