/* ml__cursor_borrow / ml__cursor_return (checks/cursor_pool.h): nested walks get distinct
 * cursors, the pool's own are reused without allocating, and past its size borrowers get spares. */
#include <check.h>
#include <string.h>

#include "cursor_pool.h"

const TSLanguage *tree_sitter_python(void);

static TSTree *parse(TSParser *parser, const char *text) {
  ck_assert(ts_parser_set_language(parser, tree_sitter_python()));
  TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)strlen(text));
  ck_assert_ptr_nonnull(tree);
  return tree;
}

START_TEST(test_nested_borrows_are_distinct_and_reused) {
  TSParser *parser = ts_parser_new();
  TSTree *tree = parse(parser, "f(a, b)\ng(c)\n");
  TSNode root = ts_tree_root_node(tree);
  ml__cursor_pool pool;
  memset(&pool, 0, sizeof pool);
  TSTreeCursor spare_outer, spare_inner;
  TSTreeCursor *outer = ml__cursor_borrow(&pool, root, &spare_outer);
  TSTreeCursor *inner = ml__cursor_borrow(&pool, ts_node_named_child(root, 1), &spare_inner);
  ck_assert_ptr_ne(outer, inner);
  ck_assert_ptr_ne(outer, &spare_outer);
  ck_assert_ptr_ne(inner, &spare_inner);
  /* Each walks its own subtree: moving one does not move the other. */
  ck_assert(ts_tree_cursor_goto_first_child(outer));
  ck_assert(ts_tree_cursor_goto_first_child(inner));
  ck_assert_uint_eq(ts_node_start_byte(ts_tree_cursor_current_node(outer)), 0);
  ck_assert_uint_eq(ts_node_start_byte(ts_tree_cursor_current_node(inner)), 8);
  /* Given back out of order, both slots are free again and the first is re-aimed, not remade. */
  ml__cursor_return(&pool, outer, &spare_outer);
  ml__cursor_return(&pool, inner, &spare_inner);
  ck_assert_uint_eq(pool.lent, 0);
  uint8_t made = pool.made;
  TSTreeCursor *again = ml__cursor_borrow(&pool, ts_node_named_child(root, 1), &spare_outer);
  ck_assert_ptr_eq(again, outer);
  ck_assert_uint_eq(pool.made, made);
  ck_assert_uint_eq(ts_node_start_byte(ts_tree_cursor_current_node(again)), 8);
  ml__cursor_return(&pool, again, &spare_outer);
  ml__cursor_pool_free(&pool);
  ck_assert_uint_eq(pool.made, 0);
  ts_tree_delete(tree);
  ts_parser_delete(parser);
}
END_TEST

START_TEST(test_more_walks_than_the_pool_get_spares) {
  TSParser *parser = ts_parser_new();
  TSTree *tree = parse(parser, "x = 1\n");
  TSNode root = ts_tree_root_node(tree);
  ml__cursor_pool pool;
  memset(&pool, 0, sizeof pool);
  enum { WALKS = ML__CURSOR_POOL_SIZE + 3 };
  TSTreeCursor spares[WALKS];
  TSTreeCursor *cursors[WALKS];
  for (int i = 0; i < WALKS; i++) {
    cursors[i] = ml__cursor_borrow(&pool, root, &spares[i]);
    ck_assert_msg((cursors[i] == &spares[i]) == (i >= ML__CURSOR_POOL_SIZE), "walk %d", i);
    ck_assert(ts_tree_cursor_goto_first_child(cursors[i]));
  }
  for (int i = WALKS - 1; i >= 0; i--) ml__cursor_return(&pool, cursors[i], &spares[i]);
  ck_assert_uint_eq(pool.lent, 0);
  ml__cursor_pool_free(&pool);
  ts_tree_delete(tree);
  ts_parser_delete(parser);
}
END_TEST

Suite *cursor_pool_suite(void) {
  Suite *s = suite_create("cursor_pool");
  TCase *tc = tcase_create("cursor_pool");
  tcase_add_test(tc, test_nested_borrows_are_distinct_and_reused);
  tcase_add_test(tc, test_more_walks_than_the_pool_get_spares);
  suite_add_tcase(s, tc);
  return s;
}
