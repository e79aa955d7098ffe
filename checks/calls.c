#include "calls.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "syntax.h"

/* Calls with more keywords than this are scanned each time (no real call comes near). */
#define KEYWORDS_PER_CALL 24
/* Sets of the memo: a decorator's call and the calls nested in the one being visited alternate
 * with it. A power of two. */
#define CALL_MEMO_SETS 64
/* Ways of a set: two, so that a rule holding one record may ask about one other call. */
#define CALL_MEMO_WAYS 2

typedef struct keyword {
  uint32_t name_start;
  uint32_t name_length;
  TSNode argument;
} keyword;

typedef struct entry {
  ml__call call;
  /* The node's shape (callee, receiver, method, arguments) holds for the whole file; what the
   * names resolve to only until the next binding. */
  const TSTree *tree;
  uint32_t file_serial;
  uint32_t serial;
  bool known, resolved, typed, keywords_read, keywords_fit;
  ml__type receiver_type; /* once `typed` */
  uint32_t keyword_count; /* keywords of the call, in order */
  keyword keywords[KEYWORDS_PER_CALL];
} entry;

struct ml__call_memo {
  entry way[CALL_MEMO_WAYS];
  unsigned newest; /* the way asked about last: the other one is replaced first */
};

static TSNode null_node(void) {
  TSNode node = {{0}, 0, 0};
  return node;
}

static void read_shape(ml__ctx *ctx, TSNode node, ml__call *call) {
  memset(call, 0, sizeof *call);
  call->node = node;
  call->function = ml__child_by_field(ctx, node, ctx->syntax->field_function);
  call->callee = ml__strip_aio(ctx, call->function, &call->is_aio);
  call->arguments = ml__child_by_field(ctx, node, ctx->syntax->field_arguments);
  if (ts_node_is_null(call->callee) || ml__kind_of(ctx->syntax, call->callee) != ML_KIND_ATTRIBUTE)
    return;
  TSNode receiver = ml__child_by_field(ctx, call->callee, ctx->syntax->field_object);
  TSNode method = ml__child_by_field(ctx, call->callee, ctx->syntax->field_attribute);
  if (ts_node_is_null(receiver) || ts_node_is_null(method)) return;
  call->receiver = receiver;
  call->method = method;
}

static void resolve(ml__ctx *ctx, ml__call *call) {
  call->resolves = !ts_node_is_null(call->callee) &&
                   ml__qualname(ctx, call->callee, call->qualname, sizeof call->qualname);
  if (!call->resolves) call->qualname[0] = '\0';
}

static size_t set_of(TSNode call) {
  uintptr_t h = (uintptr_t)call.id >> 4;
  h ^= (uintptr_t)call.context[0] * 2654435761u;
  return (size_t)(h ^ (h >> 15)) & (CALL_MEMO_SETS - 1);
}

static bool holds(const ml__semantic *sem, const entry *e, TSNode node) {
  return e->known && e->call.node.id == node.id && e->tree == node.tree &&
         e->call.node.context[0] == node.context[0] && e->file_serial == sem->file_serial;
}

/* The memo's entry of the call `node` with its shape read, or NULL when out of memory. */
static entry *entry_of(ml__ctx *ctx, TSNode node) {
  ml__semantic *sem = &ctx->sem;
  if (!sem->keyword_memo &&
      !(sem->keyword_memo = calloc(CALL_MEMO_SETS, sizeof *sem->keyword_memo)))
    return NULL;
  struct ml__call_memo *set = &sem->keyword_memo[set_of(node)];
  for (unsigned w = 0; w < CALL_MEMO_WAYS; w++) {
    if (holds(sem, &set->way[w], node)) {
      set->newest = w;
      return &set->way[w];
    }
  }
  set->newest = (set->newest + 1) % CALL_MEMO_WAYS;
  entry *e = &set->way[set->newest];
  read_shape(ctx, node, &e->call);
  e->tree = node.tree;
  e->file_serial = sem->file_serial;
  e->known = node.id != NULL;
  e->resolved = false;
  e->keywords_read = false;
  return e;
}

const ml__call *ml__call_of(ml__ctx *ctx, TSNode node) {
  if (ts_node_is_null(node) || ml__kind_of(ctx->syntax, node) != ML_KIND_CALL) return NULL;
  entry *e = entry_of(ctx, node);
  if (!e) {
    ctx->error = -1;
    return NULL;
  }
  if (!e->resolved || e->serial != ctx->sem.serial) {
    resolve(ctx, &e->call);
    e->resolved = true;
    e->typed = false;
    e->serial = ctx->sem.serial;
  }
  return &e->call;
}

ml__type ml__call_receiver_type(ml__ctx *ctx, const ml__call *call) {
  /* Records live only in the memo's entries, whose first member they are. */
  entry *e = (entry *)(uintptr_t)call;
  if (!e->typed) {
    e->receiver_type =
        ts_node_is_null(call->receiver) ? ML_TYPE_UNKNOWN : ml__type_of(ctx, call->receiver);
    e->typed = true;
  }
  return e->receiver_type;
}

bool ml__call_method_is(const ml__ctx *ctx, const ml__call *call, const char *name) {
  return !ts_node_is_null(call->method) && ml__node_is_text(ctx->bytes, call->method, name);
}

static bool matches(ml__ctx *ctx, const ml__call *call, const ml__call_match *entry) {
  if (entry->sync_only && call->is_aio) return false;
  if (entry->qualname) return call->resolves && strcmp(call->qualname, entry->qualname) == 0;
  return ml__call_method_is(ctx, call, entry->method) &&
         ml__call_receiver_type(ctx, call) == entry->receiver;
}

bool ml__call_dispatch(ml__ctx *ctx, TSNode node, const ml__call_match *table, size_t count) {
  const ml__call *call = ml__call_of(ctx, node);
  for (size_t i = 0; call && i < count; i++) {
    if (!matches(ctx, call, &table[i])) continue;
    table[i].handle(ctx, call, &table[i]);
    return true;
  }
  return false;
}

/* Advances `it` to the next keyword argument that has a name: `*arg`, named `*key`. */
static bool next_keyword(ml__children *it, const ml__syntax *syntax, TSNode *arg, TSNode *key) {
  while (ml__children_next(it, arg)) {
    if (ml__kind_of(syntax, *arg) != ML_KIND_KEYWORD_ARGUMENT) continue;
    *key = ts_node_child_by_field_id(*arg, syntax->field_name);
    if (!ts_node_is_null(*key)) return true;
  }
  return false;
}

/* Lists the call's keyword arguments into `e`; false when they do not fit. */
static bool read_keywords(ml__ctx *ctx, TSNode args, entry *e) {
  e->keyword_count = 0;
  if (ts_node_is_null(args)) return true;
  ml__children it;
  ml__children_begin(&it, &ctx->cursors, args);
  bool fits = true;
  TSNode arg, key;
  while (next_keyword(&it, ctx->syntax, &arg, &key)) {
    if (e->keyword_count == KEYWORDS_PER_CALL) {
      fits = false;
      break;
    }
    keyword *k = &e->keywords[e->keyword_count++];
    k->name_start = ts_node_start_byte(key);
    k->name_length = ts_node_end_byte(key) - k->name_start;
    k->argument = arg;
  }
  ml__children_end(&it);
  return fits;
}

/* The keyword argument `name` among `args`, found by reading them all. */
static TSNode scan_for_keyword(ml__ctx *ctx, TSNode args, const char *name) {
  TSNode found = null_node();
  if (ts_node_is_null(args)) return found;
  ml__children it;
  ml__children_begin(&it, &ctx->cursors, args);
  TSNode arg, key;
  while (next_keyword(&it, ctx->syntax, &arg, &key)) {
    if (ml__node_is_text(ctx->bytes, key, name)) {
      found = arg;
      break;
    }
  }
  ml__children_end(&it);
  return found;
}

TSNode ml__call_keyword(ml__ctx *ctx, TSNode call, const char *name) {
  entry *e = entry_of(ctx, call);
  if (!e) return scan_for_keyword(ctx, ts_node_child_by_field_id(call, ctx->syntax->field_arguments),
                                  name);
  if (!e->keywords_read) {
    e->keywords_fit = read_keywords(ctx, e->call.arguments, e);
    e->keywords_read = true;
  }
  if (!e->keywords_fit) return scan_for_keyword(ctx, e->call.arguments, name);
  size_t length = strlen(name);
  for (uint32_t i = 0; i < e->keyword_count; i++) {
    const keyword *k = &e->keywords[i];
    if (k->name_length == length && memcmp(ctx->bytes + k->name_start, name, length) == 0)
      return k->argument;
  }
  return null_node();
}
