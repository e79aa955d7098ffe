/* The project index: the Modal objects a project's own modules define at module level, so names
 * imported from them keep their type in the files that import them (modallint/index.h). */
#include "modallint/index.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "index_internal.h"
#include "model.h"
#include "modallint/error.h"
#include "parse.h"
#include "pystring.h"
#include "strbuf.h"

/* Re-export chains longer than this (a imports from b imports from c ...) are not followed: each
 * level holds a parser, and real projects re-export once or twice. */
#define MAX_DEPTH 16
/* Longest dotted key the index builds while resolving an import. */
#define MAX_KEY 512
/* An import statement longer than this (parenthesised lists) is read only this far. */
#define MAX_STATEMENT 8192

typedef struct export {
  char *name;
  ml__type type;
} export;

typedef enum state { UNRESOLVED = 0, IN_PROGRESS, RESOLVED } state;

typedef struct module {
  char *name;
  bool is_package;
  bool opaque;
  char *bytes;
  uint32_t length;
  state state;
  unsigned level;  /* while IN_PROGRESS: how many resolutions were under way below it */
  bool partial;    /* resolved inside an import cycle, with the cycle's other modules unknown */
  export *exports; /* in name order */
  size_t export_count;
  char **all; /* the names `__all__` lists, when has_all */
  size_t all_count;
  bool has_all;
  bool all_unknown; /* `__all__` is computed: a star import of the module binds nothing */
} module;

/* What one level of resolution parses and walks with: resolving a module resolves the modules it
 * imports one level down, while this level's semantic model still holds its own file. */
typedef struct level {
  TSParser *parser;
  ml__ctx ctx;
  ml__vec parent_kinds; /* the walk's scratch */
} level;

struct ml_index {
  module **modules; /* sorted by name, so a look-up is a binary search */
  size_t count;
  size_t capacity;
  bool frozen;
  unsigned depth;      /* how many resolutions are under way (each uses its own level) */
  unsigned cycle_level; /* the lowest level of a module found IN_PROGRESS during the current
                           resolutions; UINT_MAX when none */
  ml__syntax syntax; /* the levels' node kinds and fields, once the first module is resolved */
  bool has_syntax;
  level *levels[MAX_DEPTH];
};

/* --- modules ------------------------------------------------------------------------------ */

static void forget_resolution(module *m) {
  for (size_t i = 0; i < m->export_count; i++) free(m->exports[i].name);
  free(m->exports);
  m->exports = NULL;
  m->export_count = 0;
  for (size_t i = 0; i < m->all_count; i++) free(m->all[i]);
  free(m->all);
  m->all = NULL;
  m->all_count = 0;
  m->has_all = m->all_unknown = m->partial = false;
  m->state = UNRESOLVED;
}

static void module_free(module *m) {
  if (!m) return;
  forget_resolution(m);
  free(m->name);
  free(m->bytes);
  free(m);
}

/* strcmp of a length-delimited key against a NUL-terminated name. */
static int compare_key(const char *key, size_t length, const char *name) {
  int c = strncmp(key, name, length);
  if (c != 0) return c;
  return name[length] == '\0' ? 0 : -1;
}

static size_t search(const ml_index *index, const char *key, size_t length, bool *found) {
  size_t low = 0, high = index->count;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    int c = compare_key(key, length, index->modules[mid]->name);
    if (c == 0) {
      *found = true;
      return mid;
    }
    if (c < 0) high = mid;
    else low = mid + 1;
  }
  *found = false;
  return low;
}

static module *find(const ml_index *index, const char *key, size_t length) {
  bool found;
  if (!index || length == 0) return NULL;
  size_t at = search(index, key, length, &found);
  return found ? index->modules[at] : NULL;
}

static bool is_name_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c >= 0x80;
}

/* Dotted, no empty component. Components are not required to be identifiers: a front end may key
 * a script folder by its name ("my-app.worker"), which only ever resolves through a prefix. */
static bool valid_key(const char *name) {
  if (!name || !name[0] || name[0] == '.') return false;
  for (const char *p = name; *p; p++) {
    if (*p == '.' && (p[1] == '.' || p[1] == '\0')) return false;
    if ((unsigned char)*p <= ' ' || *p == '/') return false;
  }
  return true;
}

/* Every change can alter what other modules re-export: all resolutions are forgotten. */
static void thaw(ml_index *index) {
  index->frozen = false;
  for (size_t i = 0; i < index->count; i++) forget_resolution(index->modules[i]);
}

static int insert(ml_index *index, module *m) {
  bool found;
  size_t at = search(index, m->name, strlen(m->name), &found);
  if (found) {
    module_free(index->modules[at]);
    index->modules[at] = m;
    thaw(index);
    return ML_OK;
  }
  if (index->count == index->capacity) {
    size_t capacity = index->capacity ? index->capacity * 2 : 16;
    module **modules = realloc(index->modules, capacity * sizeof *modules);
    if (!modules) return ML_ENOMEM;
    index->modules = modules;
    index->capacity = capacity;
  }
  memmove(&index->modules[at + 1], &index->modules[at], (index->count - at) * sizeof *index->modules);
  index->modules[at] = m;
  index->count++;
  thaw(index);
  return ML_OK;
}

/* --- reading a module's exports -------------------------------------------------------------- */

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

static int add_all_name(module *m, const char *name, size_t length) {
  char **all = realloc(m->all, (m->all_count + 1) * sizeof *all);
  if (!all) return ML_ENOMEM;
  m->all = all;
  m->all[m->all_count] = ml__strndup(name, length);
  if (!m->all[m->all_count]) return ML_ENOMEM;
  m->all_count++;
  return ML_OK;
}

/* `__all__ = [...]`, `= (...)` and `+= [...]` of string literals; any other form makes it unknown. */
static int read_all(ml__ctx *ctx, module *m) {
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
static void collect_exports(ml__ctx *ctx, module *m) {
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
      export *e = &m->exports[m->export_count];
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

static level *level_at(ml_index *index, unsigned depth) {
  if (index->levels[depth]) return index->levels[depth];
  if (!index->has_syntax) {
    if (ml__syntax_init(&index->syntax)) return NULL;
    index->has_syntax = true;
  }
  level *l = calloc(1, sizeof *l);
  if (!l) return NULL;
  ml__vec_init(&l->ctx.marks, sizeof(ml__mark));
  ml__vec_init(&l->ctx.path, sizeof(TSNode));
  ml__vec_init(&l->parent_kinds, sizeof(uint8_t));
  ml__semantic_init(&l->ctx.sem);
  l->ctx.syntax = &index->syntax;
  if (ml__parser_new(&index->syntax, &l->parser)) {
    level_free(l);
    return NULL;
  }
  index->levels[depth] = l;
  return l;
}

/* Parses `source` at level `l`, walks it so the semantic model fills in (recording every binding
 * a name gets, unbinding ones included), and reads the module's exports while the model still
 * holds them. Returns 0, ML_EPARSE, ML_ETOODEEP or ML_ENOMEM. */
static int collect(level *l, const ml_source *source, const ml_file_info *file, module *m) {
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

/* The prefixes an absolute import inside module `name` is tried under: each package above it,
 * nearest first, then the root ("a.b.c" tries "a.b", "a", ""). A superset of what Python would
 * search, which matters only when two indexed modules differ just by such a prefix. */
static char **prefixes_of(const char *name) {
  size_t dots = 0;
  for (const char *p = name; *p; p++) dots += *p == '.';
  char **prefixes = calloc(dots + 2, sizeof *prefixes);
  if (!prefixes) return NULL;
  size_t n = 0;
  for (const char *p = name + strlen(name); p > name; p--) {
    if (p[-1] != '.') continue;
    if (!(prefixes[n++] = ml__strndup(name, (size_t)(p - 1 - name)))) break;
  }
  if (n == dots) prefixes[n] = ml__strndup("", 0);
  if (!prefixes[dots]) {
    for (size_t i = 0; i <= dots; i++) free(prefixes[i]);
    free(prefixes);
    return NULL;
  }
  return prefixes;
}

static void free_prefixes(char **prefixes) {
  for (size_t i = 0; prefixes && prefixes[i]; i++) free(prefixes[i]);
  free(prefixes);
}

static int resolve(ml_index *index, module *m) {
  if (m->state != UNRESOLVED || m->opaque || index->frozen) return ML_OK;
  /* Too deep to follow: the module stays unresolved and exports nothing to this import. */
  if (index->depth >= MAX_DEPTH) return ML_OK;
  level *l = level_at(index, index->depth);
  char **prefixes = prefixes_of(m->name);
  ml_source *source = NULL;
  int err = l && prefixes ? ml_source_new(m->bytes, m->length, &source) : ML_ENOMEM;
  if (err) {
    free_prefixes(prefixes);
    return err;
  }
  ml_file_info info;
  memset(&info, 0, sizeof info);
  info.kind = ML_FILE_PYTHON;
  info.index = index;
  info.module_name = m->name;
  info.is_package = m->is_package;
  info.import_prefixes = (const char *const *)prefixes;
  /* Imports of a module being resolved (a cycle) find it IN_PROGRESS: they bind nothing, and
   * every module resolved meanwhile above it is partial: a later query, outside any resolution,
   * resolves it again with the whole cycle known. */
  if (index->depth == 0) index->cycle_level = UINT_MAX;
  m->state = IN_PROGRESS;
  m->level = index->depth;
  index->depth++;
  err = collect(l, source, &info, m);
  index->depth--;
  ml_source_free(source);
  free_prefixes(prefixes);
  if (err) {
    /* A file that does not parse or nests too deep exports nothing; only memory is an error. */
    forget_resolution(m);
    m->state = RESOLVED;
    return err == ML_ENOMEM ? ML_ENOMEM : ML_OK;
  }
  m->state = RESOLVED;
  m->partial = index->cycle_level < m->level;
  return ML_OK;
}

static const export *find_export(const module *m, const char *name, size_t length) {
  for (size_t i = 0; i < m->export_count; i++)
    if (compare_key(name, length, m->exports[i].name) == 0) return &m->exports[i];
  return NULL;
}

static module *resolved(ml_index *index, const char *key, size_t length) {
  module *m = find(index, key, length);
  if (!m || m->opaque) return NULL;
  if (m->state == IN_PROGRESS && m->level < index->cycle_level) index->cycle_level = m->level;
  if (m->state == RESOLVED && m->partial && index->depth == 0 && !index->frozen)
    forget_resolution(m);
  if (m->state == UNRESOLVED && resolve(index, m) != ML_OK) return NULL;
  return m->state == RESOLVED ? m : NULL;
}

/* --- public: building ------------------------------------------------------------------------ */

int ml_index_new(ml_index **out) {
  ml_index *index = calloc(1, sizeof *index);
  if (!index) return ML_ENOMEM;
  *out = index;
  return ML_OK;
}

void ml_index_free(ml_index *index) {
  if (!index) return;
  for (size_t i = 0; i < index->count; i++) module_free(index->modules[i]);
  free(index->modules);
  for (size_t i = 0; i < MAX_DEPTH; i++) level_free(index->levels[i]);
  if (index->has_syntax) ml__syntax_free(&index->syntax);
  free(index);
}

static int add(ml_index *index, const char *name, bool is_package, bool opaque, const char *bytes,
               size_t length) {
  if (!index || !valid_key(name)) return ML_EINVAL;
  if (length >= UINT32_MAX) return ML_ETOOBIG;
  module *m = calloc(1, sizeof *m);
  if (!m) return ML_ENOMEM;
  m->name = ml__strndup(name, strlen(name));
  m->bytes = malloc(length + 1);
  if (!m->name || !m->bytes) {
    module_free(m);
    return ML_ENOMEM;
  }
  if (length) memcpy(m->bytes, bytes, length);
  m->bytes[length] = '\0';
  m->length = (uint32_t)length;
  m->is_package = is_package;
  m->opaque = opaque;
  int err = insert(index, m);
  if (err) module_free(m);
  return err;
}

int ml_index_add_module(ml_index *index, const char *name, bool is_package, const char *bytes,
                        size_t length) {
  if (!bytes && length) return ML_EINVAL;
  return add(index, name, is_package, false, bytes, length);
}

int ml_index_add_opaque(ml_index *index, const char *name) {
  return add(index, name, false, true, NULL, 0);
}

int ml_index_remove_module(ml_index *index, const char *name) {
  bool found;
  if (!index || !name) return ML_OK;
  size_t at = search(index, name, strlen(name), &found);
  if (!found) return ML_OK;
  module_free(index->modules[at]);
  memmove(&index->modules[at], &index->modules[at + 1],
          (index->count - at - 1) * sizeof *index->modules);
  index->count--;
  thaw(index);
  return ML_OK;
}

bool ml_index_has_module(const ml_index *index, const char *name) {
  return name && find(index, name, strlen(name)) != NULL;
}

size_t ml_index_module_count(const ml_index *index) { return index ? index->count : 0; }

int ml_index_resolve(ml_index *index, const char *name) {
  module *m = name ? find(index, name, strlen(name)) : NULL;
  return m ? resolve(index, m) : ML_OK;
}

int ml_index_freeze(ml_index *index) {
  int err = ML_OK;
  /* A module left partial by a cycle is resolved again once the rest of its cycle is known. */
  for (int pass = 0; pass < 2 && index; pass++) {
    for (size_t i = 0; !err && i < index->count; i++) {
      module *m = index->modules[i];
      if (m->state == RESOLVED && m->partial) forget_resolution(m);
      err = resolve(index, m);
    }
  }
  if (index) index->frozen = true;
  return err;
}

/* --- public: queries ------------------------------------------------------------------------- */

static const struct {
  ml__type type;
  ml_export_kind kind;
} export_kinds[] = {
    {ML_TYPE_APP, ML_EXPORT_APP},       {ML_TYPE_IMAGE, ML_EXPORT_IMAGE},
    {ML_TYPE_FUNCTION, ML_EXPORT_FUNCTION}, {ML_TYPE_CLS, ML_EXPORT_CLS},
    {ML_TYPE_VOLUME, ML_EXPORT_VOLUME}, {ML_TYPE_SECRET, ML_EXPORT_SECRET},
    {ML_TYPE_MOUNT, ML_EXPORT_MOUNT},
};

const char *ml_export_kind_name(ml_export_kind kind) {
  static const char *const names[] = {"none",   "app",    "image", "function", "cls",
                                      "volume", "secret", "mount", "other"};
  return (size_t)kind < sizeof names / sizeof names[0] ? names[kind] : "none";
}

ml_export_kind ml_index_lookup(ml_index *index, const char *module_name, const char *name) {
  if (!module_name || !name) return ML_EXPORT_NONE;
  ml__type type = ml__index_export_type(index, module_name, name, strlen(name));
  if (type == ML_TYPE_UNKNOWN) return ML_EXPORT_NONE;
  for (size_t i = 0; i < sizeof export_kinds / sizeof export_kinds[0]; i++)
    if (export_kinds[i].type == type) return export_kinds[i].kind;
  return ML_EXPORT_OTHER;
}

bool ml_index_exports_modal(ml_index *index, const char *module_name) {
  const module *m = module_name ? resolved(index, module_name, strlen(module_name)) : NULL;
  return m && m->export_count > 0;
}

/* --- internal queries ------------------------------------------------------------------------ */

ml__type ml__index_export_type(ml_index *index, const char *module_name, const char *name,
                               size_t length) {
  const module *m = resolved(index, module_name, strlen(module_name));
  const export *e = m ? find_export(m, name, length) : NULL;
  return e ? e->type : ML_TYPE_UNKNOWN;
}

static bool listed_in_all(const module *m, const char *name) {
  for (size_t i = 0; i < m->all_count; i++)
    if (strcmp(m->all[i], name) == 0) return true;
  return false;
}

void ml__index_each_star_export(ml_index *index, const char *module_name, ml__export_fn each,
                                void *data) {
  const module *m = resolved(index, module_name, strlen(module_name));
  if (!m || m->all_unknown) return;
  for (size_t i = 0; i < m->export_count; i++) {
    const export *e = &m->exports[i];
    bool visible = m->has_all ? listed_in_all(m, e->name) : e->name[0] != '_';
    if (visible && !each(e->name, e->type, data)) return;
  }
}

const char *ml__index_find_module(ml_index *index, const ml_file_info *file,
                                  const ml_import_ref *ref, bool with_name) {
  char key[MAX_KEY];
  for (size_t candidate = 0; ml_import_key(file, ref, with_name, candidate, key, sizeof key);
       candidate++) {
    const module *m = find(index, key, strlen(key));
    if (m) return m->opaque ? NULL : m->name;
  }
  return NULL;
}

typedef struct importer_scan {
  const char *target; /* the module whose name is looked for */
  const char *name;
  ml_file_info info; /* the importing module */
  bool found;
} importer_scan;

static bool scan_importer(const ml_import_ref *ref, void *data) {
  importer_scan *s = data;
  char key[MAX_KEY];
  bool star = ref->name_length == 1 && ref->name[0] == '*';
  bool same = ref->name_length == strlen(s->name) && memcmp(ref->name, s->name, ref->name_length) == 0;
  for (size_t candidate = 0; ml_import_key(&s->info, ref, false, candidate, key, sizeof key);
       candidate++) {
    /* The module itself (`import common`: `common.stub` may follow), the name, or everything. */
    if (strcmp(key, s->target) == 0 && (ref->name_length == 0 || star || same)) s->found = true;
    if (ml_import_key(&s->info, ref, true, candidate, key, sizeof key) &&
        strcmp(key, s->target) == 0)
      s->found = true;
  }
  return !s->found;
}

bool ml__index_name_imported(ml_index *index, const ml_file_info *file, const char *name) {
  if (!index || !file || !file->module_name) return false;
  for (size_t i = 0; i < index->count; i++) {
    const module *m = index->modules[i];
    if (m->opaque || strcmp(m->name, file->module_name) == 0) continue;
    char **prefixes = prefixes_of(m->name);
    if (!prefixes) return true; /* out of memory: assume the worst */
    importer_scan s = {file->module_name, name, {0}, false};
    s.info.module_name = m->name;
    s.info.is_package = m->is_package;
    s.info.import_prefixes = (const char *const *)prefixes;
    ml_scan_imports(m->bytes, m->length, scan_importer, &s);
    free_prefixes(prefixes);
    if (s.found) return true;
  }
  return false;
}

typedef struct gate {
  ml_index *index;
  const ml_file_info *file;
  bool found;
} gate;

static bool gate_import(const ml_import_ref *ref, void *data) {
  gate *g = data;
  bool named = ref->name_length > 0 && !(ref->name_length == 1 && ref->name[0] == '*');
  if (named) {
    const char *submodule = ml__index_find_module(g->index, g->file, ref, true);
    if (submodule && ml_index_exports_modal(g->index, submodule)) g->found = true;
  }
  const char *key = ml__index_find_module(g->index, g->file, ref, false);
  if (key && (named ? ml__index_export_type(g->index, key, ref->name, ref->name_length) !=
                          ML_TYPE_UNKNOWN
                    : ml_index_exports_modal(g->index, key)))
    g->found = true;
  return !g->found;
}

bool ml__index_file_imports_modal(ml_index *index, const ml_file_info *file, const char *bytes,
                                  size_t length) {
  if (ml_index_module_count(index) == 0) return false;
  gate g = {index, file, false};
  ml_scan_imports(bytes, length, gate_import, &g);
  return g.found;
}

/* --- keys ------------------------------------------------------------------------------------ */

static bool put(char *out, size_t size, size_t *used, const char *text, size_t length) {
  if (*used + length + 1 > size) return false;
  memcpy(out + *used, text, length);
  *used += length;
  out[*used] = '\0';
  return true;
}

static bool put_part(char *out, size_t size, size_t *used, const char *text, size_t length) {
  if (length == 0) return true;
  return (*used == 0 || put(out, size, used, ".", 1)) && put(out, size, used, text, length);
}

/* The package a relative import of `level` dots starts from; false when it climbs past the top. */
static bool relative_base(const ml_file_info *file, unsigned level, const char **base,
                          size_t *length) {
  if (!file->module_name) return false;
  size_t n = strlen(file->module_name);
  unsigned climbs = file->is_package ? level - 1 : level;
  for (unsigned i = 0; i < climbs; i++) {
    if (n == 0) return false;
    while (n > 0 && file->module_name[n - 1] != '.') n--;
    if (n > 0) n--; /* the dot */
  }
  *base = file->module_name;
  *length = n;
  return true;
}

bool ml_import_key(const ml_file_info *file, const ml_import_ref *ref, bool with_name,
                   size_t candidate, char *out, size_t size) {
  static const char *const root_only[] = {"", NULL};
  const char *base;
  size_t base_length, used = 0;
  if (!file || size == 0) return false;
  out[0] = '\0';
  if (ref->level > 0) {
    if (candidate > 0 || !relative_base(file, ref->level, &base, &base_length)) return false;
  } else {
    const char *const *prefixes = file->import_prefixes ? file->import_prefixes : root_only;
    for (size_t i = 0; i < candidate; i++)
      if (!prefixes[i]) return false;
    if (!prefixes[candidate]) return false;
    base = prefixes[candidate];
    base_length = strlen(base);
    if (ref->module_length == 0) return false;
  }
  if (!put_part(out, size, &used, base, base_length) ||
      !put_part(out, size, &used, ref->module, ref->module_length))
    return false;
  bool named = ref->name_length > 0 && !(ref->name_length == 1 && ref->name[0] == '*');
  if (with_name && named && !put_part(out, size, &used, ref->name, ref->name_length)) return false;
  return used > 0;
}

/* --- the import scan ------------------------------------------------------------------------- */

typedef struct scanner {
  const char *p, *end;
  int parens;
} scanner;

/* Skips blanks, comments, backslash continuations, and line breaks inside parentheses. */
static void skip_space(scanner *s) {
  while (s->p < s->end) {
    char c = *s->p;
    if (c == ' ' || c == '\t' || c == '\f') s->p++;
    else if (c == '\\' && s->p + 2 < s->end && s->p[1] == '\r' && s->p[2] == '\n') s->p += 3;
    else if (c == '\\' && s->p + 1 < s->end && (s->p[1] == '\n' || s->p[1] == '\r')) s->p += 2;
    else if ((c == '\n' || c == '\r') && s->parens > 0) s->p++;
    else if (c == '#' && s->parens > 0) {
      while (s->p < s->end && *s->p != '\n') s->p++;
    } else break;
  }
}

static size_t word(scanner *s, const char **start) {
  skip_space(s);
  *start = s->p;
  while (s->p < s->end && is_name_byte((unsigned char)*s->p)) s->p++;
  return (size_t)(s->p - *start);
}

static bool is_keyword(const char *text, size_t length, const char *keyword) {
  return strlen(keyword) == length && memcmp(text, keyword, length) == 0;
}

static bool take(scanner *s, char c) {
  skip_space(s);
  if (s->p < s->end && *s->p == c) {
    s->p++;
    if (c == '(') s->parens++;
    if (c == ')') s->parens--;
    return true;
  }
  return false;
}

/* A dotted name; its text is [*start, s->p). */
static size_t dotted(scanner *s, const char **start) {
  const char *first;
  size_t length = word(s, &first);
  *start = first;
  if (length == 0) return 0;
  while (s->p + 1 < s->end && *s->p == '.' && is_name_byte((unsigned char)s->p[1])) {
    s->p++;
    while (s->p < s->end && is_name_byte((unsigned char)*s->p)) s->p++;
  }
  return (size_t)(s->p - first);
}

/* Skips an `as alias`. */
static void skip_alias(scanner *s) {
  const char *save = s->p, *text;
  size_t length = word(s, &text);
  if (is_keyword(text, length, "as")) word(s, &text);
  else s->p = save;
}

/* `import a.b [as c], d`: false when the callback stopped. */
static bool scan_import(scanner *s, ml_import_fn each, void *data) {
  do {
    ml_import_ref ref = {0, NULL, 0, "", 0};
    ref.module_length = dotted(s, &ref.module);
    if (ref.module_length == 0) return true;
    skip_alias(s);
    if (!each(&ref, data)) return false;
  } while (take(s, ','));
  return true;
}

/* `from ..a.b import (x as y, z)` or `from . import *`. */
static bool scan_from(scanner *s, ml_import_fn each, void *data) {
  ml_import_ref ref = {0, "", 0, "", 0};
  skip_space(s);
  while (s->p < s->end && *s->p == '.') {
    ref.level++;
    s->p++;
    skip_space(s);
  }
  const char *save = s->p, *text;
  size_t length = word(s, &text);
  if (is_keyword(text, length, "import")) {
    ref.module = text;
  } else {
    s->p = save;
    ref.module_length = dotted(s, &ref.module);
    length = word(s, &text);
    if (!is_keyword(text, length, "import")) return true;
  }
  if (ref.level == 0 && ref.module_length == 0) return true;
  bool parenthesised = take(s, '(');
  if (take(s, '*')) {
    ref.name = "*";
    ref.name_length = 1;
    return each(&ref, data);
  }
  do {
    ref.name_length = word(s, &ref.name);
    if (ref.name_length == 0) break;
    skip_alias(s);
    if (!each(&ref, data)) return false;
  } while (take(s, ','));
  if (parenthesised) take(s, ')');
  return true;
}

/* Parses the statement that starts at `line`, if it is an import; returns where scanning goes on
 * (after what the statement spanned), or NULL when the callback stopped. */
static const char *scan_line(const char *line, const char *end, ml_import_fn each, void *data) {
  scanner s = {line, end, 0};
  skip_space(&s);
  const char *keyword;
  size_t n = word(&s, &keyword);
  if (!is_keyword(keyword, n, "import") && !is_keyword(keyword, n, "from")) return line;
  /* A statement never reaches further than this; a huge parenthesised list is cut short. */
  if ((size_t)(end - s.p) > MAX_STATEMENT) s.end = s.p + MAX_STATEMENT;
  bool go_on = keyword[0] == 'i' ? scan_import(&s, each, data) : scan_from(&s, each, data);
  return go_on ? s.p : NULL;
}

void ml_scan_imports(const char *bytes, size_t length, ml_import_fn each, void *data) {
  /* Every import statement holds the word "import": jumping from one to the next skips the lines
   * that cannot be imports without looking at them, which is most of a file. */
  const char *end = bytes + length;
  if (length >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) bytes += 3; /* a UTF-8 BOM */
  const char *done = bytes;
  for (const char *hit = bytes; hit < end;) {
    hit = ml__find(hit, (size_t)(end - hit), "import", 6);
    if (!hit) return;
    const char *line = hit;
    for (;;) {
      /* Lines end in "\n", "\r\n" or a lone "\r" (as Python reads them). */
      while (line > bytes && line[-1] != '\n' && line[-1] != '\r') line--;
      /* A line continued with a backslash: the statement starts on the line before. */
      const char *prev_end = line - 1; /* the '\n' or '\r' */
      if (prev_end > bytes && prev_end[0] == '\n' && prev_end[-1] == '\r') prev_end--;
      if (line > bytes && prev_end > bytes && prev_end[-1] == '\\') line = prev_end - 1;
      else break;
    }
    if (line >= done) {
      const char *after = scan_line(line, end, each, data);
      if (!after) return;
      /* A parenthesised list spans lines: its own "import" words are already read. */
      if (after > hit) done = after;
    }
    hit += 6;
  }
}

bool ml_import_names_modal(const ml_import_ref *ref) {
  if (ref->level != 0 || ref->module_length < 5 || memcmp(ref->module, "modal", 5) != 0) return false;
  return ref->module_length == 5 || ref->module[5] == '.';
}

static bool stop_at_modal(const ml_import_ref *ref, void *data) {
  bool *found = data;
  *found = ml_import_names_modal(ref);
  return !*found;
}

bool ml_imports_modal(const char *bytes, size_t length) {
  bool found = false;
  ml_scan_imports(bytes, length, stop_at_modal, &found);
  return found;
}
