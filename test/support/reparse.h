/* Helpers for the programs that check tree-sitter's incremental re-parse: the unit test
 * (test/unit/test_incremental_parse.c), the fuzz harness (test/fuzz/fuzz_reparse.c) and the
 * benchmark's floor (bench/bare_reparse.c). Header-only: the three are built by different tools
 * (meson, test/fuzz/run.sh with clang, bench/run.sh). */
#ifndef MODALLINT_TEST_REPARSE_H
#define MODALLINT_TEST_REPARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

/* The row and byte column of `offset` in `text`. */
static inline TSPoint reparse_point_at(const char *text, uint32_t offset) {
  TSPoint point = {0, 0};
  uint32_t line_start = 0;
  for (uint32_t i = 0; i < offset; i++) {
    if (text[i] == '\n') {
      point.row++;
      line_start = i + 1;
    }
  }
  point.column = offset - line_start;
  return point;
}

/* `text` (`length` bytes) with bytes [at, at + removed) replaced by `added` bytes of `inserted`,
 * in a new NUL-terminated buffer whose length goes to `*edited_length`; the change is described to
 * `tree` with ts_tree_edit. NULL when out of memory (then `tree` is untouched). */
static inline char *reparse_edit(const char *text, uint32_t length, TSTree *tree, uint32_t at,
                                 uint32_t removed, const char *inserted, uint32_t added,
                                 uint32_t *edited_length) {
  char *edited = malloc((size_t)length - removed + added + 1);
  if (!edited) return NULL;
  memcpy(edited, text, at);
  memcpy(edited + at, inserted, added);
  memcpy(edited + at + added, text + at + removed, length - at - removed);
  *edited_length = length - removed + added;
  edited[*edited_length] = '\0';
  TSInputEdit edit = {at,
                      at + removed,
                      at + added,
                      reparse_point_at(text, at),
                      reparse_point_at(text, at + removed),
                      reparse_point_at(edited, at + added)};
  ts_tree_edit(tree, &edit);
  return edited;
}

/* Whether the trees below `a` and `b` have the same nodes in the same places: kind, byte range,
 * missing flag and shape. */
static inline bool reparse_same_nodes(TSNode a, TSNode b) {
  TSTreeCursor x = ts_tree_cursor_new(a), y = ts_tree_cursor_new(b);
  bool same = true;
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&x), m = ts_tree_cursor_current_node(&y);
    if (ts_node_symbol(n) != ts_node_symbol(m) || ts_node_start_byte(n) != ts_node_start_byte(m) ||
        ts_node_end_byte(n) != ts_node_end_byte(m) || ts_node_is_missing(n) != ts_node_is_missing(m)) {
      same = false;
      break;
    }
    bool down = ts_tree_cursor_goto_first_child(&x);
    if (down != ts_tree_cursor_goto_first_child(&y)) {
      same = false;
      break;
    }
    if (down) continue;
    bool moved = false;
    for (;;) {
      bool next = ts_tree_cursor_goto_next_sibling(&x);
      if (next != ts_tree_cursor_goto_next_sibling(&y)) {
        same = false;
        break;
      }
      if (next) {
        moved = true;
        break;
      }
      if (!ts_tree_cursor_goto_parent(&x)) break;
      ts_tree_cursor_goto_parent(&y);
    }
    if (!same || !moved) break;
  }
  ts_tree_cursor_delete(&x);
  ts_tree_cursor_delete(&y);
  return same;
}

#endif
