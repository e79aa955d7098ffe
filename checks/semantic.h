/* The semantic model of one file: which names reach Modal, and which hold Modal objects.
 *
 * It is filled during the single tree walk, in document order (the order Python binds names), by
 * the walker's hooks; rules query it for the node they are looking at. Names are file-global: the
 * model does not track function scopes, which is what Modal code needs (apps, images and functions
 * are module-level) and keeps every look-up cheap. */
#ifndef ML_SEMANTIC_H
#define ML_SEMANTIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "vec.h"

typedef struct ml__ctx ml__ctx;

/* What a name or an expression holds, as far as the model can tell. */
typedef enum ml__type {
  ML_TYPE_UNKNOWN = 0,
  ML_TYPE_APP,
  ML_TYPE_IMAGE,
  ML_TYPE_FUNCTION,
  ML_TYPE_CLS,
  ML_TYPE_CLS_INSTANCE,
  ML_TYPE_DICT,
  ML_TYPE_QUEUE,
  ML_TYPE_VOLUME,
  ML_TYPE_SECRET,
  ML_TYPE_NETWORK_FILE_SYSTEM,
  ML_TYPE_MOUNT,
  ML_TYPE_SANDBOX,
  ML_TYPE_ENVIRONMENT,
  ML_TYPE_FUNCTION_CALL, /* modal.FunctionCall: `f.spawn(...)`, `FunctionCall.from_id(...)` */
  ML_TYPE_FILE_IO,           /* modal.file_io.FileIO: `sb.open(...)` */
  ML_TYPE_CONTAINER_PROCESS, /* modal.container_process.ContainerProcess: `sb.exec(...)` */
  ML_TYPE_FUNCTION_STATS     /* modal.FunctionStats: `f.get_current_stats()` */
} ml__type;

typedef struct ml__binding {
  const char *name; /* points into the source */
  uint32_t name_length;
  char *qualname;   /* what an imported name stands for ("modal.gpu.A100"); NULL for values */
  ml__type type;    /* what a value holds */
  /* For names bound by `from modal... import X [as Y]`: where X is written in the import. */
  bool from_import;
  bool aliased;
  uint32_t imported_start, imported_end;
  ml__vec references; /* uint32_t start offsets of every later use of the name */
  /* Bound by an import of a first-party module through the project index: the object is defined
   * in another file, so a fix that would have to edit its definition (or the name there) must not
   * be offered; findings and local edits are fine. */
  bool external;
  char *module_key; /* the name stands for an indexed module itself (`import common`), or NULL */
} ml__binding;

/* Where the file imports Modal, for fixes that need a Modal name (imports.h). */
typedef struct ml__import_sites {
  bool have_modal_module;           /* a module-level `import modal [as m]` ... */
  size_t modal_module;              /* ... and the index of its binding */
  bool have_from_modal;             /* a module-level `from modal import a, b` */
  uint32_t from_modal_insert;       /* offset just after its last imported name */
  bool have_first_import;
  uint32_t first_import_line_start; /* start of the line of the first module-level import */
} ml__import_sites;

typedef struct ml__semantic {
  ml__vec bindings; /* ml__binding */
  ml__import_sites imports;
  char *star_module; /* "modal" after `from modal import *`: unbound names resolve into it */
  /* Set by the project index while it reads a module's exports: a name rebound to something that
   * is not Modal's is recorded even when it was not bound before, so the index can tell a name
   * that always holds one kind of object from one that sometimes does. Kept across resets. */
  bool record_unbinds;
  /* Memos for the questions many rules ask about the same node (semantic.c): they make the walk's
   * cost grow with the nodes, not with nodes times rules, and are allocated once per linter. */
  uint32_t serial;            /* bumped by every reset and every new binding */
  uint32_t *name_index;       /* open addressing: 1 + index of the newest binding of a name */
  size_t name_index_capacity; /* a power of two, or 0 */
  size_t name_indexed;        /* bindings [0, name_indexed) are in name_index */
  uint32_t file_serial;       /* bumped by every reset: tells files apart for per-file memos */
  uint32_t grpclib_file;      /* MDL248: file_serial when grpclib_mentioned was computed */
  bool grpclib_mentioned;
  struct ml__field_memo *field_memo;
  struct ml__qualname_memo *qualname_memo;
  struct ml__decorator_memo *decorator_memo;
  struct ml__call_memo *keyword_memo; /* calls.c: resolved calls, their keywords included */
} ml__semantic;

void ml__semantic_init(ml__semantic *sem);
/* Forgets the previous file (keeps allocations for reuse). */
void ml__semantic_reset(ml__semantic *sem);
void ml__semantic_free(ml__semantic *sem);

/* Walker hooks. `module_level` is true for statements directly under the module. */
void ml__semantic_on_import(ml__ctx *ctx, TSNode statement, bool module_level);
void ml__semantic_on_assignment(ml__ctx *ctx, TSNode assignment);
void ml__semantic_on_decorated(ml__ctx *ctx, TSNode decorated_definition);
/* An identifier in an expression (not an attribute name, keyword or parameter). */
void ml__semantic_on_reference(ml__ctx *ctx, TSNode identifier);

/* Whether the file reaches Modal at all: it imports Modal, or names a Modal object through the
 * project index. Rules that stay silent in files without Modal ask this. */
bool ml__semantic_reaches_modal(const ml__semantic *sem);

/* ts_node_child_by_field_id, remembered: rules ask for the same child of the same node over and
 * over (a call's `function`, an attribute's `object`), and tree-sitter finds it by a scan. */
TSNode ml__child_by_field(ml__ctx *ctx, TSNode node, TSFieldId field);

/* The binding a name currently has, or NULL. */
ml__binding *ml__semantic_lookup(ml__semantic *sem, const char *name, uint32_t length);

/* Writes the canonical qualified name `node` stands for ("modal.gpu.A100") into `buffer`.
 * Submodules that only hold re-exported classes are folded (`modal.functions.Function` is
 * `modal.Function`). Returns false when the node does not resolve into Modal. */
bool ml__qualname(ml__ctx *ctx, TSNode node, char *buffer, size_t size);

/* True when `node` resolves to exactly `qualname`. */
bool ml__resolves_to(ml__ctx *ctx, TSNode node, const char *qualname);

/* The Modal type of an expression, or ML_TYPE_UNKNOWN. */
ml__type ml__type_of(ml__ctx *ctx, TSNode node);

/* For `x.aio`, the node `x` (and *is_aio set); any other node is returned unchanged. */
TSNode ml__strip_aio(ml__ctx *ctx, TSNode callee, bool *is_aio);

typedef enum ml__app_decorator {
  ML_APP_DECORATOR_NONE = 0,
  ML_APP_DECORATOR_FUNCTION, /* @app.function / @app.function(...) */
  ML_APP_DECORATOR_CLS       /* @app.cls / @app.cls(...) */
} ml__app_decorator;

/* Classifies a decorator's expression; *call is set to the call node when it has arguments. */
ml__app_decorator ml__classify_app_decorator(ml__ctx *ctx, TSNode expression, TSNode *call);

#endif
