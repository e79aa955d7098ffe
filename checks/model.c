/* The walk and the semantic model's part in it: see model.h. */
#include "model.h"

#include "modallint/error.h"
#include "parse.h"
#include "semantic.h"

static bool is_reference(const ml__syntax *syntax, TSFieldId field, ml__kind parent) {
  if (field == syntax->field_name || field == syntax->field_attribute ||
      field == syntax->field_alias)
    return false;
  if (parent == ML_KIND_ASSIGNMENT && field == syntax->field_left) return false;
  switch (parent) {
    case ML_KIND_PARAMETERS:
    case ML_KIND_LAMBDA_PARAMETERS:
    case ML_KIND_TYPED_PARAMETER:
      return false;
    default:
      return true;
  }
}

/* Does the semantic model's bookkeeping for one node, at `cursor`; returns false when the walk
 * must not go below it (imports: their names are bindings, not uses). */
static bool observe(ml__ctx *ctx, const TSTreeCursor *cursor, TSNode node, ml__kind kind,
                    ml__kind parent, uint32_t depth) {
  switch (kind) {
    case ML_KIND_IMPORT_STATEMENT:
    case ML_KIND_IMPORT_FROM_STATEMENT:
      ml__semantic_on_import(ctx, node, depth == 1);
      return false;
    case ML_KIND_FUTURE_IMPORT_STATEMENT:
      return false;
    case ML_KIND_ASSIGNMENT:
      ml__semantic_on_assignment(ctx, node);
      return true;
    case ML_KIND_DECORATED_DEFINITION:
      ml__semantic_on_decorated(ctx, node);
      return true;
    case ML_KIND_IDENTIFIER:
      /* The field is read here only: finding it costs the cursor a search of the parent's
       * production, for every node it is asked at. */
      if (is_reference(ctx->syntax, ts_tree_cursor_current_field_id(cursor), parent))
        ml__semantic_on_reference(ctx, node);
      return false;
    case ML_KIND_COMMENT:
      return false;
    case ML_KIND_STRING:
      /* Only interpolations inside strings hold code. */
      return ts_node_named_child_count(node) > 0;
    default:
      return true;
  }
}

/* Keeps ctx->path the root-to-`node` path (node at index `depth`) for ml__parent. */
static int record_path(ml__ctx *ctx, uint32_t depth, TSNode node) {
  if (ctx->path.count <= depth) {
    if (ml__vec_push(&ctx->path, &node)) return ML_ENOMEM;
  } else {
    *(TSNode *)ml__vec_at(&ctx->path, depth) = node;
  }
  ctx->path_length = depth + 1;
  return ML_OK;
}

int ml__model_walk(ml__ctx *ctx, ml__vec *parent_kinds, const TSTree *tree, ml__visit_fn visit,
                   const bool *visit_kinds, void *data) {
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
  uint32_t depth = 0;
  int err = ML_OK;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    /* Punctuation and keywords (`(`, `,`, `def`): leaves no rule and no binding is about, and
     * about half the nodes of a file. */
    if (!ts_node_is_named(node) && ts_node_child_count(node) == 0) {
      if (!ml__cursor_step(&cursor, &depth, false)) break;
      continue;
    }
    ml__kind kind = ml__kind_of(ctx->syntax, node);
    ml__kind parent =
        depth ? (ml__kind) * (uint8_t *)ml__vec_at(parent_kinds, depth - 1) : ML_KIND_OTHER;
    bool descend = observe(ctx, &cursor, node, kind, parent, depth);
    if (record_path(ctx, depth, node)) {
      err = ML_ENOMEM;
      break;
    }
    if (visit && visit_kinds[kind]) visit(ctx, node, kind, data);
    if (ctx->error) {
      err = ML_ENOMEM;
      break;
    }
    if (descend && ts_node_child_count(node) > 0) {
      if (depth + 1 >= ML__MAX_TREE_DEPTH) {
        err = ML_ETOODEEP;
        break;
      }
      /* The children's parent kind, read back while they are visited. */
      uint8_t k = (uint8_t)kind;
      if (parent_kinds->count <= depth) {
        if (ml__vec_push(parent_kinds, &k)) {
          err = ML_ENOMEM;
          break;
        }
      } else {
        *(uint8_t *)ml__vec_at(parent_kinds, depth) = k;
      }
    }
    if (!ml__cursor_step(&cursor, &depth, descend)) break;
  }
  ts_tree_cursor_delete(&cursor);
  ctx->path_length = 0; /* finish hooks run after the walk */
  return err;
}
