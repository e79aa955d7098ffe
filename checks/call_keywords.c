#include "call_keywords.h"

#include <stdlib.h>
#include <string.h>

/* Calls with more keywords than this are scanned each time (no real call comes near). */
#define KEYWORDS_PER_CALL 24
/* Slots for the calls asked about recently: a decorator's call and the calls nested in the one
 * being visited alternate with it. A power of two. */
#define KEYWORD_MEMO_SLOTS 64

typedef struct keyword {
  uint32_t name_start;
  uint32_t name_length;
  TSNode argument;
} keyword;

struct ml__keyword_memo {
  const void *id;      /* the call node (id, tree, start byte), in file `file_serial` */
  const TSTree *tree;
  uint32_t start;
  uint32_t file_serial;
  uint32_t count;      /* keywords of the call, in order */
  keyword keywords[KEYWORDS_PER_CALL];
};

static TSNode null_node(void) {
  TSNode node = {{0}, 0, 0};
  return node;
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

/* Lists the call's keyword arguments into `m`; false when they do not fit. */
static bool read_keywords(ml__ctx *ctx, TSNode call, struct ml__keyword_memo *m) {
  m->count = 0;
  TSNode args = ts_node_child_by_field_id(call, ctx->syntax->field_arguments);
  if (ts_node_is_null(args)) return true;
  ml__children it;
  ml__children_begin(&it, &ctx->cursors, args);
  bool fits = true;
  TSNode arg, key;
  while (next_keyword(&it, ctx->syntax, &arg, &key)) {
    if (m->count == KEYWORDS_PER_CALL) {
      fits = false;
      break;
    }
    keyword *k = &m->keywords[m->count++];
    k->name_start = ts_node_start_byte(key);
    k->name_length = ts_node_end_byte(key) - k->name_start;
    k->argument = arg;
  }
  ml__children_end(&it);
  return fits;
}

/* The keyword argument `name` of a call with too many to remember, found by reading them all. */
static TSNode scan_for_keyword(ml__ctx *ctx, TSNode call, const char *name) {
  TSNode args = ts_node_child_by_field_id(call, ctx->syntax->field_arguments);
  TSNode found = null_node();
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

static TSNode find_in(const ml__ctx *ctx, const struct ml__keyword_memo *m, const char *name) {
  size_t length = strlen(name);
  for (uint32_t i = 0; i < m->count; i++) {
    const keyword *k = &m->keywords[i];
    if (k->name_length == length && memcmp(ctx->bytes + k->name_start, name, length) == 0)
      return k->argument;
  }
  return null_node();
}

static size_t slot_of(TSNode call) {
  uintptr_t h = (uintptr_t)call.id >> 4;
  h ^= (uintptr_t)call.context[0] * 2654435761u;
  return (size_t)(h ^ (h >> 15)) & (KEYWORD_MEMO_SLOTS - 1);
}

TSNode ml__call_keyword(ml__ctx *ctx, TSNode call, const char *name) {
  ml__semantic *sem = &ctx->sem;
  if (!sem->keyword_memo)
    sem->keyword_memo = calloc(KEYWORD_MEMO_SLOTS, sizeof *sem->keyword_memo);
  struct ml__keyword_memo scratch;
  struct ml__keyword_memo *m = sem->keyword_memo ? &sem->keyword_memo[slot_of(call)] : &scratch;
  bool known = m != &scratch && call.id && m->id == call.id && m->tree == call.tree &&
               m->start == call.context[0] && m->file_serial == sem->file_serial;
  if (!known) {
    m->id = NULL;
    if (!read_keywords(ctx, call, m)) return scan_for_keyword(ctx, call, name);
    m->id = call.id;
    m->tree = call.tree;
    m->start = call.context[0];
    m->file_serial = sem->file_serial;
  }
  return find_in(ctx, m, name);
}
