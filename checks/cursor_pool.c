#include "cursor_pool.h"

TSTreeCursor *ml__cursor_borrow(ml__cursor_pool *pool, TSNode node, TSTreeCursor *spare) {
  for (unsigned i = 0; i < ML__CURSOR_POOL_SIZE; i++) {
    uint8_t bit = (uint8_t)(1u << i);
    if (pool->lent & bit) continue;
    if (pool->made & bit) {
      ts_tree_cursor_reset(&pool->cursors[i], node);
    } else {
      pool->cursors[i] = ts_tree_cursor_new(node);
      pool->made |= bit;
    }
    pool->lent |= bit;
    return &pool->cursors[i];
  }
  *spare = ts_tree_cursor_new(node);
  return spare;
}

void ml__cursor_return(ml__cursor_pool *pool, TSTreeCursor *cursor, TSTreeCursor *spare) {
  if (cursor == spare) {
    ts_tree_cursor_delete(spare);
    return;
  }
  unsigned i = (unsigned)(cursor - pool->cursors);
  pool->lent &= (uint8_t) ~(1u << i);
}

void ml__cursor_pool_free(ml__cursor_pool *pool) {
  for (unsigned i = 0; i < ML__CURSOR_POOL_SIZE; i++)
    if (pool->made & (1u << i)) ts_tree_cursor_delete(&pool->cursors[i]);
  pool->made = 0;
  pool->lent = 0;
}
