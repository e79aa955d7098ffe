/* Tree cursors lent out for short walks, so that walking doesn't allocate.
 *
 * ts_tree_cursor_new allocates the cursor's stack, and rules start a walk below many of the nodes
 * they visit (a call's arguments, a statement's subtree): about a thousand allocations per file.
 * A pool keeps a few cursors per linter and re-aims them with ts_tree_cursor_reset, which keeps
 * the stack's memory. Walks may nest and end in any order; past the pool's size a borrower gets a
 * cursor of its own, so nothing fails. */
#ifndef ML_CURSOR_POOL_H
#define ML_CURSOR_POOL_H

#include <stdint.h>
#include <tree_sitter/api.h>

#define ML__CURSOR_POOL_SIZE 8

typedef struct ml__cursor_pool {
  TSTreeCursor cursors[ML__CURSOR_POOL_SIZE];
  uint8_t made; /* bit i: cursors[i] has been created */
  uint8_t lent; /* bit i: cursors[i] is in use */
} ml__cursor_pool;

/* A cursor at `node`: one of the pool's, or `spare` made anew when all are in use. Give it back
 * with ml__cursor_return, with the same `spare`. */
TSTreeCursor *ml__cursor_borrow(ml__cursor_pool *pool, TSNode node, TSTreeCursor *spare);
void ml__cursor_return(ml__cursor_pool *pool, TSTreeCursor *cursor, TSTreeCursor *spare);

/* Deletes the pool's cursors; none may be lent. The pool is empty and reusable after. */
void ml__cursor_pool_free(ml__cursor_pool *pool);

#endif
