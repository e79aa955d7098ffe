#include "semantic.h"

#include <stdlib.h>
#include <string.h>

#include "context.h"
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
}

void ml__semantic_reset(ml__semantic *sem) {
  for (size_t i = 0; i < sem->bindings.count; i++) {
    ml__binding *b = ml__vec_at(&sem->bindings, i);
    free(b->qualname);
    ml__vec_free(&b->references);
  }
  sem->bindings.count = 0;
  memset(&sem->imports, 0, sizeof sem->imports);
  free(sem->star_module);
  sem->star_module = NULL;
}

void ml__semantic_free(ml__semantic *sem) {
  ml__semantic_reset(sem);
  ml__vec_free(&sem->bindings);
}

ml__binding *ml__semantic_lookup(ml__semantic *sem, const char *name, uint32_t length) {
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

/* Adds a binding that shadows any earlier one of the same name. `qualname` is taken over. */
static ml__binding *bind(ml__ctx *ctx, TSNode name_node, char *qualname, ml__type type) {
  ml__binding b;
  memset(&b, 0, sizeof b);
  b.name = ctx->bytes + ts_node_start_byte(name_node);
  b.name_length = ts_node_end_byte(name_node) - ts_node_start_byte(name_node);
  b.qualname = qualname;
  b.type = type;
  ml__vec_init(&b.references, sizeof(uint32_t));
  if (ml__vec_push(&ctx->sem.bindings, &b)) {
    free(qualname);
    ctx->error = -1;
    return NULL;
  }
  return ml__vec_at(&ctx->sem.bindings, ctx->sem.bindings.count - 1);
}

/* A name rebound to something that is not Modal's hides what it held before. `modal` itself is
 * always recorded: the import helper must know it cannot add `import modal` to such a file. */
static void unbind(ml__ctx *ctx, TSNode name_node) {
  if (lookup_node(ctx, name_node) || ml__node_is_text(ctx->bytes, name_node, "modal"))
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
      TSNode object = ts_node_child_by_field_id(node, ctx->syntax->field_object);
      TSNode attribute = ts_node_child_by_field_id(node, ctx->syntax->field_attribute);
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

bool ml__qualname(ml__ctx *ctx, TSNode node, char *buffer, size_t size) {
  size_t used = 0;
  if (size == 0) return false;
  buffer[0] = '\0';
  if (!qualname_at(ctx, node, buffer, size, &used, 0)) return false;
  fold_submodule(buffer);
  return strcmp(buffer, "modal") == 0 || strncmp(buffer, "modal.", 6) == 0;
}

bool ml__resolves_to(ml__ctx *ctx, TSNode node, const char *qualname) {
  char buffer[256];
  return ml__qualname(ctx, node, buffer, sizeof buffer) && strcmp(buffer, qualname) == 0;
}

TSNode ml__strip_aio(ml__ctx *ctx, TSNode callee, bool *is_aio) {
  *is_aio = false;
  if (ml__kind_of(ctx->syntax, callee) != ML_KIND_ATTRIBUTE) return callee;
  TSNode attribute = ts_node_child_by_field_id(callee, ctx->syntax->field_attribute);
  if (ts_node_is_null(attribute) || !ml__node_is_text(ctx->bytes, attribute, "aio")) return callee;
  *is_aio = true;
  return ts_node_child_by_field_id(callee, ctx->syntax->field_object);
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
  TSNode callee = ml__strip_aio(ctx, ts_node_child_by_field_id(call, ctx->syntax->field_function),
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
  TSNode receiver = ts_node_child_by_field_id(callee, ctx->syntax->field_object);
  TSNode method = ts_node_child_by_field_id(callee, ctx->syntax->field_attribute);
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

static ml__type type_at(ml__ctx *ctx, TSNode node, int depth) {
  if (depth > MAX_RESOLVE_DEPTH || ts_node_is_null(node)) return ML_TYPE_UNKNOWN;
  switch (ml__kind_of(ctx->syntax, node)) {
    case ML_KIND_IDENTIFIER: {
      const ml__binding *b = lookup_node(ctx, node);
      return b && !b->qualname ? b->type : ML_TYPE_UNKNOWN;
    }
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

ml__app_decorator ml__classify_app_decorator(ml__ctx *ctx, TSNode expression, TSNode *call) {
  TSNode callee = expression;
  TSNode null_node = {{0}, 0, 0};
  *call = null_node;
  if (ml__kind_of(ctx->syntax, expression) == ML_KIND_CALL) {
    *call = expression;
    callee = ts_node_child_by_field_id(expression, ctx->syntax->field_function);
  }
  if (ts_node_is_null(callee) || ml__kind_of(ctx->syntax, callee) != ML_KIND_ATTRIBUTE)
    return ML_APP_DECORATOR_NONE;
  TSNode object = ts_node_child_by_field_id(callee, ctx->syntax->field_object);
  TSNode method = ts_node_child_by_field_id(callee, ctx->syntax->field_attribute);
  if (ml__type_of(ctx, object) != ML_TYPE_APP) return ML_APP_DECORATOR_NONE;
  if (ml__node_is_text(ctx->bytes, method, "function")) return ML_APP_DECORATOR_FUNCTION;
  if (ml__node_is_text(ctx->bytes, method, "cls")) return ML_APP_DECORATOR_CLS;
  return ML_APP_DECORATOR_NONE;
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

/* `import a.b.c` binds `a`; `import a.b.c as x` binds `x` to a.b.c. */
static void on_import_statement(ml__ctx *ctx, TSNode statement, bool module_level) {
  uint32_t count = ts_node_named_child_count(statement);
  for (uint32_t i = 0; i < count; i++) {
    TSNode item = ts_node_named_child(statement, i);
    TSNode dotted = item, alias = {{0}, 0, 0};
    if (ml__kind_of(ctx->syntax, item) == ML_KIND_ALIASED_IMPORT) {
      dotted = ts_node_child_by_field_id(item, ctx->syntax->field_name);
      alias = ts_node_child_by_field_id(item, ctx->syntax->field_alias);
    }
    if (ts_node_is_null(dotted) || ml__kind_of(ctx->syntax, dotted) != ML_KIND_DOTTED_NAME) continue;
    TSNode first = ts_node_named_child(dotted, 0);
    uint32_t length;
    if (!is_modal_module(ctx->bytes, dotted, &length)) {
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
  TSNode module = ts_node_child_by_field_id(statement, ctx->syntax->field_module_name);
  if (ts_node_is_null(module)) return;
  uint32_t module_length;
  bool modal = ml__kind_of(ctx->syntax, module) == ML_KIND_DOTTED_NAME &&
               is_modal_module(ctx->bytes, module, &module_length);
  const char *module_text = ctx->bytes + ts_node_start_byte(module);
  uint32_t count = ts_node_named_child_count(statement);
  TSNode last_name = {{0}, 0, 0};
  for (uint32_t i = 0; i < count; i++) {
    TSNode item = ts_node_named_child(statement, i);
    ml__kind kind = ml__kind_of(ctx->syntax, item);
    if (ts_node_eq(item, module) || kind == ML_KIND_COMMENT) continue;
    if (kind == ML_KIND_WILDCARD_IMPORT) {
      if (modal && !ctx->sem.star_module) {
        ctx->sem.star_module = ml__strndup(module_text, module_length);
        if (!ctx->sem.star_module) ctx->error = -1;
      }
      continue;
    }
    TSNode imported = item, local = item;
    if (kind == ML_KIND_ALIASED_IMPORT) {
      imported = ts_node_child_by_field_id(item, ctx->syntax->field_name);
      local = ts_node_child_by_field_id(item, ctx->syntax->field_alias);
    }
    if (ts_node_is_null(imported) || ts_node_is_null(local)) continue;
    last_name = item;
    if (!modal) {
      unbind(ctx, local);
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
  TSNode left = ts_node_child_by_field_id(assignment, ctx->syntax->field_left);
  if (ts_node_is_null(left) || ml__kind_of(ctx->syntax, left) != ML_KIND_IDENTIFIER) return;
  TSNode right = ts_node_child_by_field_id(assignment, ctx->syntax->field_right);
  TSNode annotation = ts_node_child_by_field_id(assignment, ctx->syntax->field_type);
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
  TSNode definition = ts_node_child_by_field_id(decorated, ctx->syntax->field_definition);
  if (ts_node_is_null(definition)) return;
  TSNode name = ts_node_child_by_field_id(definition, ctx->syntax->field_name);
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
