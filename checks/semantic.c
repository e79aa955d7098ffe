#include "semantic.h"

#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "index_internal.h"
#include "strbuf.h"

/* Chains deeper than this (a.b.c... or f().g().h()...) are not resolved: real code never gets
 * close, and hostile input must not exhaust the stack. */
#define MAX_RESOLVE_DEPTH 64

/* Submodules whose public names are re-exported as `modal.<Name>`; folding them makes every
 * spelling of a class resolve to one name. `modal.gpu`, `modal.runner`, `modal.experimental` and
 * friends are kept: their names only exist there. */
static const char *const folded_submodules[] = {
    "app", "stub", "functions", "_functions", "cls", "image", "mount", "partial_function",
    "_partial_function", "volume", "dict", "queue", "secret", "network_file_system", "sandbox",
    "environments", "schedule", "retries", "proxy", "cloud_bucket_mount",
};

static const struct {
  const char *class_prefix; /* "modal.Function." */
  ml__type type;
} constructors[] = {
    {"modal.Image.", ML_TYPE_IMAGE},
    {"modal.Function.", ML_TYPE_FUNCTION},
    {"modal.Cls.", ML_TYPE_CLS},
    {"modal.Dict.", ML_TYPE_DICT},
    {"modal.Queue.", ML_TYPE_QUEUE},
    {"modal.Volume.", ML_TYPE_VOLUME},
    {"modal.Secret.", ML_TYPE_SECRET},
    {"modal.NetworkFileSystem.", ML_TYPE_NETWORK_FILE_SYSTEM},
    {"modal.Mount.", ML_TYPE_MOUNT},
    {"modal.Sandbox.", ML_TYPE_SANDBOX},
    {"modal.Environment.", ML_TYPE_ENVIRONMENT},
    {"modal.FunctionCall.", ML_TYPE_FUNCTION_CALL},
};

/* Type annotations that name a Modal class. */
static const struct {
  const char *qualname;
  ml__type type;
} annotations[] = {
    {"modal.App", ML_TYPE_APP},         {"modal.Image", ML_TYPE_IMAGE},
    {"modal.Function", ML_TYPE_FUNCTION}, {"modal.Cls", ML_TYPE_CLS},
    {"modal.Dict", ML_TYPE_DICT},       {"modal.Queue", ML_TYPE_QUEUE},
    {"modal.Volume", ML_TYPE_VOLUME},   {"modal.Secret", ML_TYPE_SECRET},
    {"modal.NetworkFileSystem", ML_TYPE_NETWORK_FILE_SYSTEM},
    {"modal.Sandbox", ML_TYPE_SANDBOX},       {"modal.FunctionCall", ML_TYPE_FUNCTION_CALL},
};

void ml__semantic_init(ml__semantic *sem) {
  ml__vec_init(&sem->bindings, sizeof(ml__binding));
  memset(&sem->imports, 0, sizeof sem->imports);
  sem->star_module = NULL;
  sem->record_unbinds = false;
  sem->serial = 0;
  sem->file_serial = 0;
  sem->grpclib_file = 0;
  sem->grpclib_mentioned = false;
  sem->name_index = NULL;
  sem->name_index_capacity = 0;
  sem->name_indexed = 0;
  sem->field_memo = NULL;
  sem->qualname_memo = NULL;
  sem->decorator_memo = NULL;
  sem->keyword_memo = NULL;
}

void ml__semantic_reset(ml__semantic *sem) {
  for (size_t i = 0; i < sem->bindings.count; i++) {
    ml__binding *b = ml__vec_at(&sem->bindings, i);
    free(b->qualname);
    free(b->module_key);
    ml__vec_free(&b->references);
  }
  sem->bindings.count = 0;
  memset(&sem->imports, 0, sizeof sem->imports);
  free(sem->star_module);
  sem->star_module = NULL;
  sem->serial++;
  sem->file_serial++;
  sem->name_indexed = 0;
  if (sem->name_index) memset(sem->name_index, 0, sem->name_index_capacity * sizeof(uint32_t));
}

/* --- memos: answers that stay true until the next binding (or the next file) --------------- */

/* Rules look names up at every reference: a hash of the newest binding per name keeps that
 * constant however many bindings a (20,000-line) file has. Bindings are only ever appended
 * between resets, so the index catches up lazily with whatever was pushed since. */
static uint32_t hash_name(const char *name, uint32_t length) {
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < length; i++) h = (h ^ (unsigned char)name[i]) * 16777619u;
  return h;
}

static void index_insert(ml__semantic *sem, size_t binding) {
  const ml__binding *b = ml__vec_at(&sem->bindings, binding);
  size_t mask = sem->name_index_capacity - 1;
  for (size_t at = hash_name(b->name, b->name_length) & mask;; at = (at + 1) & mask) {
    uint32_t slot = sem->name_index[at];
    const ml__binding *other = slot ? ml__vec_at(&sem->bindings, slot - 1) : NULL;
    if (!other || (other->name_length == b->name_length &&
                   memcmp(other->name, b->name, b->name_length) == 0)) {
      sem->name_index[at] = (uint32_t)binding + 1;
      return;
    }
  }
}

/* Brings the index up to date; false when it cannot (out of memory: lookups then scan). */
static bool index_sync(ml__semantic *sem) {
  size_t count = sem->bindings.count;
  if (count == sem->name_indexed) return true;
  if (count > UINT32_MAX - 1) return false;
  if (count * 2 > sem->name_index_capacity) {
    size_t capacity = sem->name_index_capacity ? sem->name_index_capacity : 64;
    while (count * 2 > capacity) capacity *= 2;
    uint32_t *grown = calloc(capacity, sizeof *grown);
    if (!grown) return false;
    free(sem->name_index);
    sem->name_index = grown;
    sem->name_index_capacity = capacity;
    sem->name_indexed = 0;
  }
  for (size_t i = sem->name_indexed; i < count; i++) index_insert(sem, i);
  sem->name_indexed = count;
  return true;
}

#define FIELD_MEMO_SIZE 512 /* a power of two */
#define QUALNAME_MEMO_SIZE 128
#define QUALNAME_MEMO_TEXT 256
#define DECORATOR_MEMO_SIZE 64

struct ml__field_memo {
  const void *id; /* the node: its subtree, tree and start (id alone may repeat across trees) */
  const TSTree *tree;
  uint32_t start;
  uint32_t file_serial; /* a node's children never change within a file; bindings do not matter */
  TSFieldId field;
  TSNode child;
};

struct ml__qualname_memo {
  const void *id;
  uint32_t start;
  uint32_t serial; /* a new binding may change what a name resolves to */
  bool ok;
  char text[QUALNAME_MEMO_TEXT];
};

struct ml__decorator_memo {
  const void *id;
  uint32_t start;
  uint32_t serial; /* a new binding may change what the decorator's object is */
  ml__app_decorator kind;
  TSNode call;
};

static size_t node_slot(TSNode node, uint32_t salt, size_t size) {
  uintptr_t h = (uintptr_t)node.id >> 4;
  h ^= (uintptr_t)node.context[0] * 2654435761u ^ salt * 40503u;
  return (size_t)(h ^ (h >> 15)) & (size - 1);
}

TSNode ml__child_by_field(ml__ctx *ctx, TSNode node, TSFieldId field) {
  ml__semantic *sem = &ctx->sem;
  if (!sem->field_memo && !(sem->field_memo = calloc(FIELD_MEMO_SIZE, sizeof *sem->field_memo)))
    return ts_node_child_by_field_id(node, field);
  struct ml__field_memo *m = &sem->field_memo[node_slot(node, field, FIELD_MEMO_SIZE)];
  if (m->id == node.id && m->tree == node.tree && m->start == node.context[0] &&
      m->field == field && m->file_serial == sem->file_serial && node.id)
    return m->child;
  m->child = ts_node_child_by_field_id(node, field);
  m->id = node.id;
  m->tree = node.tree;
  m->start = node.context[0];
  m->field = field;
  m->file_serial = sem->file_serial;
  return m->child;
}

void ml__semantic_free(ml__semantic *sem) {
  ml__semantic_reset(sem);
  ml__vec_free(&sem->bindings);
  free(sem->name_index);
  free(sem->field_memo);
  free(sem->qualname_memo);
  free(sem->decorator_memo);
  free(sem->keyword_memo);
  sem->name_index = NULL;
  sem->name_index_capacity = 0;
  sem->field_memo = NULL;
  sem->qualname_memo = NULL;
  sem->decorator_memo = NULL;
  sem->keyword_memo = NULL;
}

bool ml__semantic_reaches_modal(const ml__semantic *sem) {
  if (sem->star_module) return true;
  for (size_t i = 0; i < sem->bindings.count; i++) {
    const ml__binding *b = ml__vec_at(&sem->bindings, i);
    if (b->qualname || b->external) return true;
  }
  return false;
}

ml__binding *ml__semantic_lookup(ml__semantic *sem, const char *name, uint32_t length) {
  if (sem->bindings.count == 0) return NULL;
  if (index_sync(sem)) {
    size_t mask = sem->name_index_capacity - 1;
    for (size_t at = hash_name(name, length) & mask;; at = (at + 1) & mask) {
      uint32_t slot = sem->name_index[at];
      if (!slot) return NULL;
      ml__binding *b = ml__vec_at(&sem->bindings, slot - 1);
      if (b->name_length == length && memcmp(b->name, name, length) == 0) return b;
    }
  }
  for (size_t i = sem->bindings.count; i-- > 0;) {
    ml__binding *b = ml__vec_at(&sem->bindings, i);
    if (b->name_length == length && memcmp(b->name, name, length) == 0) return b;
  }
  return NULL;
}

static ml__binding *lookup_node(ml__ctx *ctx, TSNode identifier) {
  uint32_t start = ts_node_start_byte(identifier);
  return ml__semantic_lookup(&ctx->sem, ctx->bytes + start, ts_node_end_byte(identifier) - start);
}

/* Adds a binding of `name` (which must outlive the file's lint: it points into the source or into
 * the project index) that shadows any earlier one. `qualname` is taken over. */
static ml__binding *bind_name(ml__ctx *ctx, const char *name, uint32_t length, char *qualname,
                              ml__type type) {
  ml__binding b;
  memset(&b, 0, sizeof b);
  b.name = name;
  b.name_length = length;
  b.qualname = qualname;
  b.type = type;
  ml__vec_init(&b.references, sizeof(uint32_t));
  if (ml__vec_push(&ctx->sem.bindings, &b)) {
    free(qualname);
    ctx->error = -1;
    return NULL;
  }
  ctx->sem.serial++;
  return ml__vec_at(&ctx->sem.bindings, ctx->sem.bindings.count - 1);
}

static ml__binding *bind(ml__ctx *ctx, TSNode name_node, char *qualname, ml__type type) {
  return bind_name(ctx, ctx->bytes + ts_node_start_byte(name_node),
                   ts_node_end_byte(name_node) - ts_node_start_byte(name_node), qualname, type);
}

/* A name rebound to something that is not Modal's hides what it held before. `modal` itself is
 * always recorded: the import helper must know it cannot add `import modal` to such a file. */
static void unbind(ml__ctx *ctx, TSNode name_node) {
  if (ctx->sem.record_unbinds || lookup_node(ctx, name_node) ||
      ml__node_is_text(ctx->bytes, name_node, "modal"))
    bind(ctx, name_node, NULL, ML_TYPE_UNKNOWN);
}

static void fold_submodule(char *qualname) {
  if (strncmp(qualname, "modal.", 6) != 0) return;
  char *segment = qualname + 6;
  char *dot = strchr(segment, '.');
  if (!dot) return;
  size_t length = (size_t)(dot - segment);
  for (size_t i = 0; i < sizeof folded_submodules / sizeof folded_submodules[0]; i++) {
    const char *sub = folded_submodules[i];
    if (strlen(sub) == length && memcmp(segment, sub, length) == 0) {
      memmove(segment, dot + 1, strlen(dot + 1) + 1);
      return;
    }
  }
}

static bool append(char *buffer, size_t size, size_t *used, const char *bytes, size_t length) {
  if (*used + length + 1 > size) return false;
  memcpy(buffer + *used, bytes, length);
  *used += length;
  buffer[*used] = '\0';
  return true;
}

static bool qualname_at(ml__ctx *ctx, TSNode node, char *buffer, size_t size, size_t *used,
                        int depth) {
  if (depth > MAX_RESOLVE_DEPTH) return false;
  switch (ml__kind_of(ctx->syntax, node)) {
    case ML_KIND_IDENTIFIER: {
      const ml__binding *b = lookup_node(ctx, node);
      if (b) return b->qualname && append(buffer, size, used, b->qualname, strlen(b->qualname));
      if (!ctx->sem.star_module) return false;
      uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
      return append(buffer, size, used, ctx->sem.star_module, strlen(ctx->sem.star_module)) &&
             append(buffer, size, used, ".", 1) &&
             append(buffer, size, used, ctx->bytes + start, end - start);
    }
    case ML_KIND_ATTRIBUTE: {
      TSNode object = ml__child_by_field(ctx, node, ctx->syntax->field_object);
      TSNode attribute = ml__child_by_field(ctx, node, ctx->syntax->field_attribute);
      if (ts_node_is_null(object) || ts_node_is_null(attribute)) return false;
      if (!qualname_at(ctx, object, buffer, size, used, depth + 1)) return false;
      uint32_t start = ts_node_start_byte(attribute), end = ts_node_end_byte(attribute);
      return append(buffer, size, used, ".", 1) &&
             append(buffer, size, used, ctx->bytes + start, end - start);
    }
    default:
      return false;
  }
}

static bool qualname_uncached(ml__ctx *ctx, TSNode node, char *buffer, size_t size) {
  size_t used = 0;
  if (size == 0) return false;
  buffer[0] = '\0';
  if (!qualname_at(ctx, node, buffer, size, &used, 0)) return false;
  fold_submodule(buffer);
  return strcmp(buffer, "modal") == 0 || strncmp(buffer, "modal.", 6) == 0;
}

/* Remembered per node until the next binding: for a call, a dozen rules ask the same question.
 * Only the common buffer size is memoised, so a smaller buffer still fails exactly as before. */
bool ml__qualname(ml__ctx *ctx, TSNode node, char *buffer, size_t size) {
  ml__semantic *sem = &ctx->sem;
  if (size != QUALNAME_MEMO_TEXT || ts_node_is_null(node) ||
      (!sem->qualname_memo &&
       !(sem->qualname_memo = calloc(QUALNAME_MEMO_SIZE, sizeof *sem->qualname_memo))))
    return qualname_uncached(ctx, node, buffer, size);
  struct ml__qualname_memo *m = &sem->qualname_memo[node_slot(node, 0, QUALNAME_MEMO_SIZE)];
  if (m->id != node.id || m->start != node.context[0] || m->serial != sem->serial) {
    m->ok = qualname_uncached(ctx, node, m->text, sizeof m->text);
    m->id = node.id;
    m->start = node.context[0];
    m->serial = sem->serial;
  }
  memcpy(buffer, m->text, strlen(m->text) + 1);
  return m->ok;
}

bool ml__resolves_to(ml__ctx *ctx, TSNode node, const char *qualname) {
  char buffer[256];
  return ml__qualname(ctx, node, buffer, sizeof buffer) && strcmp(buffer, qualname) == 0;
}

TSNode ml__strip_aio(ml__ctx *ctx, TSNode callee, bool *is_aio) {
  *is_aio = false;
  if (ml__kind_of(ctx->syntax, callee) != ML_KIND_ATTRIBUTE) return callee;
  TSNode attribute = ml__child_by_field(ctx, callee, ctx->syntax->field_attribute);
  if (ts_node_is_null(attribute) || !ml__node_is_text(ctx->bytes, attribute, "aio")) return callee;
  *is_aio = true;
  return ml__child_by_field(ctx, callee, ctx->syntax->field_object);
}

static ml__type constructor_type(const char *qualname) {
  if (strcmp(qualname, "modal.App") == 0 || strcmp(qualname, "modal.Stub") == 0)
    return ML_TYPE_APP;
  for (size_t i = 0; i < sizeof constructors / sizeof constructors[0]; i++) {
    size_t n = strlen(constructors[i].class_prefix);
    if (strncmp(qualname, constructors[i].class_prefix, n) == 0 && !strchr(qualname + n, '.'))
      return constructors[i].type;
  }
  return ML_TYPE_UNKNOWN;
}

static ml__type type_at(ml__ctx *ctx, TSNode node, int depth);

/* The type a call returns, from what it calls. */
static ml__type call_type(ml__ctx *ctx, TSNode call, int depth) {
  bool is_aio;
  TSNode callee = ml__strip_aio(ctx, ml__child_by_field(ctx, call, ctx->syntax->field_function),
                                &is_aio);
  if (ts_node_is_null(callee)) return ML_TYPE_UNKNOWN;
  char qualname[256];
  if (ml__qualname(ctx, callee, qualname, sizeof qualname)) return constructor_type(qualname);
  ml__kind kind = ml__kind_of(ctx->syntax, callee);
  if (kind == ML_KIND_IDENTIFIER) {
    /* Instantiating a Modal class: `MyCls()` or `Model = modal.Cls.from_name(...); Model()`. */
    return type_at(ctx, callee, depth + 1) == ML_TYPE_CLS ? ML_TYPE_CLS_INSTANCE : ML_TYPE_UNKNOWN;
  }
  if (kind != ML_KIND_ATTRIBUTE) {
    return type_at(ctx, callee, depth + 1) == ML_TYPE_CLS ? ML_TYPE_CLS_INSTANCE : ML_TYPE_UNKNOWN;
  }
  TSNode receiver = ml__child_by_field(ctx, callee, ctx->syntax->field_object);
  TSNode method = ml__child_by_field(ctx, callee, ctx->syntax->field_attribute);
  ml__type receiver_type = type_at(ctx, receiver, depth + 1);
  if (receiver_type == ML_TYPE_IMAGE) return ML_TYPE_IMAGE; /* every Image method builds an Image */
  if (receiver_type == ML_TYPE_UNKNOWN) return ML_TYPE_UNKNOWN;
  if (ml__node_is_text(ctx->bytes, method, "hydrate")) return receiver_type;
  /* A Mount grows by chaining: `Mount.from_local_dir(...).add_local_file(...)` is a Mount. */
  if (receiver_type == ML_TYPE_MOUNT && (ml__node_is_text(ctx->bytes, method, "add_local_dir") ||
                                         ml__node_is_text(ctx->bytes, method, "add_local_file")))
    return ML_TYPE_MOUNT;
  if ((receiver_type == ML_TYPE_CLS || receiver_type == ML_TYPE_FUNCTION) &&
      (ml__node_is_text(ctx->bytes, method, "with_options") ||
       ml__node_is_text(ctx->bytes, method, "with_concurrency") ||
       ml__node_is_text(ctx->bytes, method, "with_batching")))
    return receiver_type;
  if (receiver_type == ML_TYPE_FUNCTION && ml__node_is_text(ctx->bytes, method, "spawn"))
    return ML_TYPE_FUNCTION_CALL;
  if (receiver_type == ML_TYPE_FUNCTION && ml__node_is_text(ctx->bytes, method, "get_current_stats"))
    return ML_TYPE_FUNCTION_STATS;
  if (receiver_type == ML_TYPE_SANDBOX && ml__node_is_text(ctx->bytes, method, "open"))
    return ML_TYPE_FILE_IO;
  if (receiver_type == ML_TYPE_SANDBOX && ml__node_is_text(ctx->bytes, method, "exec"))
    return ML_TYPE_CONTAINER_PROCESS;
  return ML_TYPE_UNKNOWN;
}

/* The index key of the first-party module `node` names: `common` after `import common`, or
 * `pkg.common` after `import pkg.common` (a key that need not be indexed itself). */
static bool module_path(ml__ctx *ctx, TSNode node, char *buffer, size_t size, size_t *used,
                        int depth) {
  if (depth > MAX_RESOLVE_DEPTH) return false;
  switch (ml__kind_of(ctx->syntax, node)) {
    case ML_KIND_IDENTIFIER: {
      const ml__binding *b = lookup_node(ctx, node);
      return b && b->module_key && append(buffer, size, used, b->module_key, strlen(b->module_key));
    }
    case ML_KIND_ATTRIBUTE: {
      TSNode object = ml__child_by_field(ctx, node, ctx->syntax->field_object);
      TSNode attribute = ml__child_by_field(ctx, node, ctx->syntax->field_attribute);
      if (ts_node_is_null(object) || ts_node_is_null(attribute)) return false;
      uint32_t start = ts_node_start_byte(attribute), end = ts_node_end_byte(attribute);
      return module_path(ctx, object, buffer, size, used, depth + 1) &&
             append(buffer, size, used, ".", 1) &&
             append(buffer, size, used, ctx->bytes + start, end - start);
    }
    default:
      return false;
  }
}

/* `common.app` after `import common`: what the index says `app` of that module holds. */
static ml__type module_attribute_type(ml__ctx *ctx, TSNode attribute_node, int depth) {
  if (!ctx->file || !ctx->file->index) return ML_TYPE_UNKNOWN;
  TSNode object = ml__child_by_field(ctx, attribute_node, ctx->syntax->field_object);
  TSNode attribute = ml__child_by_field(ctx, attribute_node, ctx->syntax->field_attribute);
  char key[512];
  size_t used = 0;
  key[0] = '\0';
  if (ts_node_is_null(object) || ts_node_is_null(attribute) ||
      !module_path(ctx, object, key, sizeof key, &used, depth + 1))
    return ML_TYPE_UNKNOWN;
  uint32_t start = ts_node_start_byte(attribute);
  return ml__index_export_type(ctx->file->index, key, ctx->bytes + start,
                               ts_node_end_byte(attribute) - start);
}

static ml__type type_at(ml__ctx *ctx, TSNode node, int depth) {
  if (depth > MAX_RESOLVE_DEPTH || ts_node_is_null(node)) return ML_TYPE_UNKNOWN;
  switch (ml__kind_of(ctx->syntax, node)) {
    case ML_KIND_IDENTIFIER: {
      const ml__binding *b = lookup_node(ctx, node);
      return b && !b->qualname ? b->type : ML_TYPE_UNKNOWN;
    }
    case ML_KIND_ATTRIBUTE:
      return module_attribute_type(ctx, node, depth);
    case ML_KIND_PARENTHESIZED_EXPRESSION:
    case ML_KIND_AWAIT:
      return type_at(ctx, ts_node_named_child(node, 0), depth + 1);
    case ML_KIND_CALL:
      return call_type(ctx, node, depth);
    default:
      return ML_TYPE_UNKNOWN;
  }
}

ml__type ml__type_of(ml__ctx *ctx, TSNode node) { return type_at(ctx, node, 0); }

static ml__app_decorator classify_app_decorator(ml__ctx *ctx, TSNode expression, TSNode *call) {
  TSNode callee = expression;
  TSNode null_node = {{0}, 0, 0};
  *call = null_node;
  if (ml__kind_of(ctx->syntax, expression) == ML_KIND_CALL) {
    *call = expression;
    callee = ml__child_by_field(ctx, expression, ctx->syntax->field_function);
  }
  if (ts_node_is_null(callee) || ml__kind_of(ctx->syntax, callee) != ML_KIND_ATTRIBUTE)
    return ML_APP_DECORATOR_NONE;
  TSNode object = ml__child_by_field(ctx, callee, ctx->syntax->field_object);
  TSNode method = ml__child_by_field(ctx, callee, ctx->syntax->field_attribute);
  if (ml__type_of(ctx, object) != ML_TYPE_APP) return ML_APP_DECORATOR_NONE;
  if (ml__node_is_text(ctx->bytes, method, "function")) return ML_APP_DECORATOR_FUNCTION;
  if (ml__node_is_text(ctx->bytes, method, "cls")) return ML_APP_DECORATOR_CLS;
  return ML_APP_DECORATOR_NONE;
}

/* Remembered per node until the next binding: each decorator is classified by the semantic
 * model and by a dozen rules. */
ml__app_decorator ml__classify_app_decorator(ml__ctx *ctx, TSNode expression, TSNode *call) {
  ml__semantic *sem = &ctx->sem;
  if (ts_node_is_null(expression) ||
      (!sem->decorator_memo &&
       !(sem->decorator_memo = calloc(DECORATOR_MEMO_SIZE, sizeof *sem->decorator_memo))))
    return classify_app_decorator(ctx, expression, call);
  struct ml__decorator_memo *m =
      &sem->decorator_memo[node_slot(expression, 0, DECORATOR_MEMO_SIZE)];
  if (m->id != expression.id || m->start != expression.context[0] || m->serial != sem->serial) {
    m->kind = classify_app_decorator(ctx, expression, &m->call);
    m->id = expression.id;
    m->start = expression.context[0];
    m->serial = sem->serial;
  }
  *call = m->call;
  return m->kind;
}

/* --- hooks ------------------------------------------------------------------------------------ */

static bool is_modal_module(const char *bytes, TSNode dotted_name, uint32_t *length) {
  uint32_t start = ts_node_start_byte(dotted_name), end = ts_node_end_byte(dotted_name);
  *length = end - start;
  if (*length < 5 || memcmp(bytes + start, "modal", 5) != 0) return false;
  return *length == 5 || bytes[start + 5] == '.';
}

static void note_first_import(ml__ctx *ctx, TSNode statement) {
  ml__import_sites *sites = &ctx->sem.imports;
  if (sites->have_first_import) return;
  uint32_t start = ts_node_start_byte(statement);
  sites->have_first_import = true;
  sites->first_import_line_start =
      ml_source_line_start(ctx->source, ml_source_position(ctx->source, start, ML_COLUMN_UTF8).line);
}

/* --- imports of first-party modules, through the project index ------------------------------ */

/* Marks a binding as standing for an object defined in another file of the project. */
static ml__binding *bind_external(ml__ctx *ctx, ml__binding *b, const char *module_key) {
  if (!b) return NULL;
  b->external = true;
  if (module_key && !(b->module_key = ml__strndup(module_key, strlen(module_key)))) ctx->error = -1;
  return b;
}

/* `import common` binds `common` to the module; `import pkg.common` binds `pkg` to the key prefix
 * of pkg.common (so `pkg.common.app` resolves); `import pkg.common as c` binds `c`. Only modules
 * that export Modal objects are worth a binding. False when the module is not indexed. */
static bool bind_first_party_module(ml__ctx *ctx, TSNode dotted, TSNode first, TSNode alias) {
  if (!ctx->file || !ctx->file->index) return false;
  uint32_t start = ts_node_start_byte(dotted), length = ts_node_end_byte(dotted) - start;
  ml_import_ref ref = {0, ctx->bytes + start, length, "", 0};
  const char *key = ml__index_find_module(ctx->file->index, ctx->file, &ref, false);
  if (!key || !ml_index_exports_modal(ctx->file->index, key)) return false;
  if (!ts_node_is_null(alias)) return bind_external(ctx, bind(ctx, alias, NULL, ML_TYPE_UNKNOWN), key);
  /* The key ends with the dotted text; the first name stands for what precedes the rest. */
  size_t rest = length - (ts_node_end_byte(first) - start);
  size_t key_length = strlen(key);
  if (rest > key_length) return false;
  char *prefix = ml__strndup(key, key_length - rest);
  if (!prefix) {
    ctx->error = -1;
    return true;
  }
  bool ok = bind_external(ctx, bind(ctx, first, NULL, ML_TYPE_UNKNOWN), prefix) != NULL;
  free(prefix);
  return ok;
}

/* The module of a `from` import that is not Modal's, as an import reference (relative or not). */
static bool first_party_ref(ml__ctx *ctx, TSNode module, ml_import_ref *ref) {
  memset(ref, 0, sizeof *ref);
  ref->module = ref->name = "";
  if (!ctx->file || !ctx->file->index) return false;
  TSNode dotted = module;
  if (strcmp(ts_node_type(module), "relative_import") == 0) {
    TSNode prefix = ts_node_named_child(module, 0);
    if (ts_node_is_null(prefix)) return false;
    for (uint32_t i = ts_node_start_byte(prefix); i < ts_node_end_byte(prefix); i++)
      ref->level += ctx->bytes[i] == '.';
    dotted = ts_node_named_child(module, 1);
    if (ts_node_is_null(dotted)) return ref->level > 0;
  }
  if (ml__kind_of(ctx->syntax, dotted) != ML_KIND_DOTTED_NAME) return false;
  ref->module = ctx->bytes + ts_node_start_byte(dotted);
  ref->module_length = ts_node_end_byte(dotted) - ts_node_start_byte(dotted);
  return true;
}

/* `from common import app [as a]`: the local name gets the type `app` has in common (or stands
 * for the submodule common.app). False when the index knows no Modal object of that name. */
static bool bind_from_first_party(ml__ctx *ctx, ml_import_ref *ref, const char *key,
                                  TSNode imported, TSNode local) {
  ml_index *index = ctx->file->index;
  ref->name = ctx->bytes + ts_node_start_byte(imported);
  ref->name_length = ts_node_end_byte(imported) - ts_node_start_byte(imported);
  const char *submodule = ml__index_find_module(index, ctx->file, ref, true);
  if (submodule && ml_index_exports_modal(index, submodule))
    return bind_external(ctx, bind(ctx, local, NULL, ML_TYPE_UNKNOWN), submodule) != NULL;
  if (!key) return false;
  ml__type type = ml__index_export_type(index, key, ref->name, (uint32_t)ref->name_length);
  if (type == ML_TYPE_UNKNOWN) return false;
  return bind_external(ctx, bind(ctx, local, NULL, type), NULL) != NULL;
}

static bool bind_star_export(const char *name, ml__type type, void *data) {
  ml__ctx *ctx = data;
  bind_external(ctx, bind_name(ctx, name, (uint32_t)strlen(name), NULL, type), NULL);
  return !ctx->error;
}

/* --- hooks, continued ------------------------------------------------------------------------ */

/* `import a.b.c` binds `a`; `import a.b.c as x` binds `x` to a.b.c. */
static void on_import_statement(ml__ctx *ctx, TSNode statement, bool module_level) {
  uint32_t count = ts_node_named_child_count(statement);
  for (uint32_t i = 0; i < count; i++) {
    TSNode item = ts_node_named_child(statement, i);
    TSNode dotted = item, alias = {{0}, 0, 0};
    if (ml__kind_of(ctx->syntax, item) == ML_KIND_ALIASED_IMPORT) {
      dotted = ml__child_by_field(ctx, item, ctx->syntax->field_name);
      alias = ml__child_by_field(ctx, item, ctx->syntax->field_alias);
    }
    if (ts_node_is_null(dotted) || ml__kind_of(ctx->syntax, dotted) != ML_KIND_DOTTED_NAME) continue;
    TSNode first = ts_node_named_child(dotted, 0);
    uint32_t length;
    if (!is_modal_module(ctx->bytes, dotted, &length)) {
      if (!bind_first_party_module(ctx, dotted, first, alias))
        unbind(ctx, ts_node_is_null(alias) ? first : alias);
      continue;
    }
    ml__binding *b;
    if (ts_node_is_null(alias)) {
      b = bind(ctx, first, ml__strndup("modal", 5), ML_TYPE_UNKNOWN);
    } else {
      char *qualname = ml__strndup(ctx->bytes + ts_node_start_byte(dotted), length);
      if (!qualname) {
        ctx->error = -1;
        return;
      }
      b = bind(ctx, alias, qualname, ML_TYPE_UNKNOWN);
    }
    if (!b) return;
    if (module_level && b->qualname && strcmp(b->qualname, "modal") == 0 &&
        !ctx->sem.imports.have_modal_module) {
      ctx->sem.imports.have_modal_module = true;
      ctx->sem.imports.modal_module = ctx->sem.bindings.count - 1;
    }
  }
}

static void on_import_from(ml__ctx *ctx, TSNode statement, bool module_level) {
  TSNode module = ml__child_by_field(ctx, statement, ctx->syntax->field_module_name);
  if (ts_node_is_null(module)) return;
  uint32_t module_length = 0;
  bool modal = ml__kind_of(ctx->syntax, module) == ML_KIND_DOTTED_NAME &&
               is_modal_module(ctx->bytes, module, &module_length);
  const char *module_text = ctx->bytes + ts_node_start_byte(module);
  ml_import_ref ref;
  bool first_party = !modal && first_party_ref(ctx, module, &ref);
  const char *key = first_party ? ml__index_find_module(ctx->file->index, ctx->file, &ref, false)
                                : NULL;
  uint32_t count = ts_node_named_child_count(statement);
  TSNode last_name = {{0}, 0, 0};
  for (uint32_t i = 0; i < count; i++) {
    TSNode item = ts_node_named_child(statement, i);
    ml__kind kind = ml__kind_of(ctx->syntax, item);
    if (ts_node_eq(item, module) || kind == ML_KIND_COMMENT) continue;
    if (kind == ML_KIND_WILDCARD_IMPORT) {
      if (key) ml__index_each_star_export(ctx->file->index, key, bind_star_export, ctx);
      if (modal && !ctx->sem.star_module) {
        ctx->sem.star_module = ml__strndup(module_text, module_length);
        if (!ctx->sem.star_module) ctx->error = -1;
      }
      continue;
    }
    TSNode imported = item, local = item;
    if (kind == ML_KIND_ALIASED_IMPORT) {
      imported = ml__child_by_field(ctx, item, ctx->syntax->field_name);
      local = ml__child_by_field(ctx, item, ctx->syntax->field_alias);
    }
    if (ts_node_is_null(imported) || ts_node_is_null(local)) continue;
    last_name = item;
    if (!modal) {
      if (!first_party || !bind_from_first_party(ctx, &ref, key, imported, local)) unbind(ctx, local);
      continue;
    }
    ml__strbuf qualname;
    ml__strbuf_init(&qualname);
    ml__strbuf_append(&qualname, module_text, module_length);
    ml__strbuf_append(&qualname, ".", 1);
    ml__strbuf_append(&qualname, ctx->bytes + ts_node_start_byte(imported),
                      ts_node_end_byte(imported) - ts_node_start_byte(imported));
    char *text = ml__strbuf_take(&qualname);
    if (!text) {
      ctx->error = -1;
      return;
    }
    fold_submodule(text);
    ml__binding *b = bind(ctx, local, text, ML_TYPE_UNKNOWN);
    if (!b) return;
    b->from_import = true;
    b->aliased = kind == ML_KIND_ALIASED_IMPORT;
    b->imported_start = ts_node_start_byte(imported);
    b->imported_end = ts_node_end_byte(imported);
  }
  if (modal && module_length == 5 && module_level && !ts_node_is_null(last_name) &&
      !ctx->sem.imports.have_from_modal) {
    ctx->sem.imports.have_from_modal = true;
    ctx->sem.imports.from_modal_insert = ts_node_end_byte(last_name);
  }
}

void ml__semantic_on_import(ml__ctx *ctx, TSNode statement, bool module_level) {
  if (module_level) note_first_import(ctx, statement);
  if (ml__kind_of(ctx->syntax, statement) == ML_KIND_IMPORT_STATEMENT)
    on_import_statement(ctx, statement, module_level);
  else
    on_import_from(ctx, statement, module_level);
}

void ml__semantic_on_assignment(ml__ctx *ctx, TSNode assignment) {
  TSNode left = ml__child_by_field(ctx, assignment, ctx->syntax->field_left);
  if (ts_node_is_null(left) || ml__kind_of(ctx->syntax, left) != ML_KIND_IDENTIFIER) return;
  TSNode right = ml__child_by_field(ctx, assignment, ctx->syntax->field_right);
  TSNode annotation = ml__child_by_field(ctx, assignment, ctx->syntax->field_type);
  ml__type type = ts_node_is_null(right) ? ML_TYPE_UNKNOWN : ml__type_of(ctx, right);
  if (type == ML_TYPE_UNKNOWN && !ts_node_is_null(annotation)) {
    char qualname[256];
    TSNode annotated = ts_node_named_child(annotation, 0);
    if (!ts_node_is_null(annotated) && ml__qualname(ctx, annotated, qualname, sizeof qualname)) {
      for (size_t i = 0; i < sizeof annotations / sizeof annotations[0]; i++)
        if (strcmp(qualname, annotations[i].qualname) == 0) type = annotations[i].type;
    }
  }
  if (type != ML_TYPE_UNKNOWN) {
    bind(ctx, left, NULL, type);
    return;
  }
  /* An alias of a Modal name: `A100 = modal.gpu.A100`. */
  char qualname[256];
  if (!ts_node_is_null(right) && ml__kind_of(ctx->syntax, right) != ML_KIND_CALL &&
      ml__qualname(ctx, right, qualname, sizeof qualname)) {
    char *copy = ml__strndup(qualname, strlen(qualname));
    if (!copy) {
      ctx->error = -1;
      return;
    }
    bind(ctx, left, copy, ML_TYPE_UNKNOWN);
    return;
  }
  unbind(ctx, left);
}

void ml__semantic_on_decorated(ml__ctx *ctx, TSNode decorated) {
  TSNode definition = ml__child_by_field(ctx, decorated, ctx->syntax->field_definition);
  if (ts_node_is_null(definition)) return;
  TSNode name = ml__child_by_field(ctx, definition, ctx->syntax->field_name);
  if (ts_node_is_null(name)) return;
  uint32_t count = ts_node_named_child_count(decorated);
  for (uint32_t i = 0; i < count; i++) {
    TSNode decorator = ts_node_named_child(decorated, i);
    if (ml__kind_of(ctx->syntax, decorator) != ML_KIND_DECORATOR) continue;
    TSNode call;
    ml__app_decorator kind =
        ml__classify_app_decorator(ctx, ml__decorator_expression(decorator), &call);
    if (kind == ML_APP_DECORATOR_FUNCTION) {
      bind(ctx, name, NULL, ML_TYPE_FUNCTION);
      return;
    }
    if (kind == ML_APP_DECORATOR_CLS) {
      bind(ctx, name, NULL, ML_TYPE_CLS);
      return;
    }
  }
  unbind(ctx, name);
}

void ml__semantic_on_reference(ml__ctx *ctx, TSNode identifier) {
  ml__binding *b = lookup_node(ctx, identifier);
  if (!b || !b->from_import) return;
  uint32_t start = ts_node_start_byte(identifier);
  if (ml__vec_push(&b->references, &start)) ctx->error = -1;
}
