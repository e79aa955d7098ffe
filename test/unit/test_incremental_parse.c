/* The incremental re-parse the language server relies on, with the tree-sitter runtime the
 * executables link (subprojects/setup.sh builds it from Debian's source with the patches in
 * subprojects/packagefiles/tree-sitter-runtime/):
 * - after an edit that changes the external scanner's state at a token (removing a space at the
 *   end of a line does, in tree-sitter-python), the rest of the file is reused, not re-lexed;
 * - incremental trees are the trees of their text: edits and their reversals, at positions and
 *   with characters chosen by a seeded generator, give the same nodes as fresh parses;
 * - a parser gives a text the same tree whatever it parsed before (the grammar's patch in
 *   subprojects/packagefiles/tree-sitter-python/). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "reparse.h"

const TSLanguage *tree_sitter_python(void);

/* A Modal-like module: imports, decorated functions, classes, strings, comments, brackets. */
static char *module_text(int blocks, size_t *length) {
  size_t capacity = 128 + (size_t)blocks * 512;
  char *text = malloc(capacity);
  ck_assert_ptr_nonnull(text);
  size_t n = (size_t)snprintf(text, capacity, "import modal\n\napp = modal.App(\"bench\")\n\n\n");
  for (int i = 0; i < blocks; i++) {
    n += (size_t)snprintf(text + n, capacity - n,
                          "@app.function(gpu=\"T4\", timeout=%d)  # a comment\n"
                          "def f_%d(x, *args, **kwargs):\n"
                          "    if x:\n"
                          "        return [y for y in (x, %d) if y]\n"
                          "    return {\"k\": f\"v{x!r}\", 'n': %d}\n"
                          "\n"
                          "\n"
                          "class C_%d:\n"
                          "    \"\"\"Docstring.\"\"\"\n"
                          "\n"
                          "    def m(self):\n"
                          "        return (1 +\n"
                          "                2)\n"
                          "\n"
                          "\n",
                          i, i, i, i, i);
  }
  *length = n;
  return text;
}

/* Replaces bytes [at, at + removed) of `*text` with `inserted` and describes it to `tree`. */
static void edit(char **text, size_t *length, TSTree *tree, uint32_t at, uint32_t removed,
                 const char *inserted) {
  uint32_t edited_length;
  char *edited = reparse_edit(*text, (uint32_t)*length, tree, at, removed, inserted,
                              (uint32_t)strlen(inserted), &edited_length);
  ck_assert_ptr_nonnull(edited);
  free(*text);
  *text = edited;
  *length = edited_length;
}

static TSTree *reparse(TSParser *parser, TSTree *old, const char *text, size_t length) {
  TSTree *tree = ts_parser_parse_string(parser, old, text, (uint32_t)length);
  ck_assert_ptr_nonnull(tree);
  ts_tree_delete(old);
  return tree;
}

static long lexed_tokens;

static void count_lexed(void *payload, TSLogType type, const char *message) {
  (void)payload;
  (void)type;
  if (strncmp(message, "lexed_lookahead", 15) == 0) lexed_tokens++;
}

START_TEST(test_trailing_space_removal_reuses_the_rest) {
  size_t length;
  char *text = module_text(300, &length);
  TSParser *parser = ts_parser_new();
  ck_assert(ts_parser_set_language(parser, tree_sitter_python()));
  TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)length);
  uint32_t at = (uint32_t)(strstr(text, "def f_0(x, *args, **kwargs):") - text) +
                (uint32_t)strlen("def f_0(x, *args, **kwargs):");
  ts_parser_set_logger(parser, (TSLogger){NULL, count_lexed});

  edit(&text, &length, tree, at, 0, " ");
  lexed_tokens = 0;
  tree = reparse(parser, tree, text, length);
  long after_adding = lexed_tokens;

  edit(&text, &length, tree, at, 1, "");
  lexed_tokens = 0;
  tree = reparse(parser, tree, text, length);
  long after_removing = lexed_tokens;

  /* The file has about 14,000 tokens after the edit; tree-sitter 0.20.7 unpatched re-lexes them
   * all when the space is removed. */
  ck_assert_msg(after_adding < 50, "adding the space re-lexed %ld tokens", after_adding);
  ck_assert_msg(after_removing < 50, "removing the space re-lexed %ld tokens", after_removing);
  ts_parser_set_logger(parser, (TSLogger){NULL, NULL});
  ts_tree_delete(tree);
  ts_parser_delete(parser);
  free(text);
}
END_TEST

/* A small linear congruential generator: the same edits on every run and machine. */
static uint32_t next_random(uint32_t *state) {
  *state = *state * 1103515245u + 12345u;
  return (*state >> 8) & 0xffffff;
}

START_TEST(test_incremental_trees_match_fresh_parses) {
  static const char *const insertions[] = {" ", "\n", "\n    ", "\t", ":", "(", ")", "[", "]",
                                           "{", "}", "\"", "'", "#", "\\", "x", "1", "=", ",",
                                           ".", "@", "f\"", "\"\"\"", "def ", "    "};
  size_t length;
  char *text = module_text(12, &length);
  TSParser *parser = ts_parser_new();
  ck_assert(ts_parser_set_language(parser, tree_sitter_python()));
  TSTree *original = ts_parser_parse_string(parser, NULL, text, (uint32_t)length);
  ck_assert(!ts_node_has_error(ts_tree_root_node(original)));
  TSTree *tree = ts_tree_copy(original);
  uint32_t seed = 20261127;
  int compared_edited = 0;
  for (int round = 0; round < 800; round++) {
    uint32_t at = next_random(&seed) % (uint32_t)(length + 1);
    bool remove = next_random(&seed) % 3 == 0 && at < length;
    const char *inserted =
        remove ? "" : insertions[next_random(&seed) % (sizeof insertions / sizeof insertions[0])];
    char removed[2] = {remove ? text[at] : '\0', '\0'};

    edit(&text, &length, tree, at, remove ? 1 : 0, inserted);
    tree = reparse(parser, tree, text, length);
    /* With syntax errors, tree-sitter's error recovery may legitimately differ between an
     * incremental and a fresh parse; without them the trees must be the same. */
    TSTree *fresh = ts_parser_parse_string(parser, NULL, text, (uint32_t)length);
    if (!ts_node_has_error(ts_tree_root_node(fresh))) {
      ck_assert_msg(reparse_same_nodes(ts_tree_root_node(tree), ts_tree_root_node(fresh)), "round %d: the tree after the edit at %u differs",
                    round, at);
      compared_edited++;
    }
    ts_tree_delete(fresh);

    edit(&text, &length, tree, at, (uint32_t)strlen(inserted), removed);
    tree = reparse(parser, tree, text, length);
    ck_assert_msg(reparse_same_nodes(ts_tree_root_node(tree), ts_tree_root_node(original)),
                  "round %d: undoing the edit at %u did not give the original tree back", round,
                  at);
  }
  /* The generator must have produced valid programs too, or half the test checked nothing. */
  ck_assert_int_gt(compared_edited, 200);
  ts_tree_delete(tree);
  ts_tree_delete(original);
  ts_parser_delete(parser);
  free(text);
}
END_TEST

/* A text ending inside an f-string left tree-sitter-python's scanner "inside an f-string" for the
 * parser's next text, which then lost the dedent before `app = ...`. */
START_TEST(test_a_parse_does_not_depend_on_the_text_before) {
  static const char before[] = "import modal\nx = f\"\n";
  static const char text[] = "import modal\n"
                             "\n"
                             "if TYPE_CHECKING:\n"
                             "    from modal.gpu import T4\n"
                             "\n"
                             "app = modal.App()\n";
  TSParser *reused = ts_parser_new(), *fresh = ts_parser_new();
  ck_assert(ts_parser_set_language(reused, tree_sitter_python()));
  ck_assert(ts_parser_set_language(fresh, tree_sitter_python()));
  TSTree *first = ts_parser_parse_string(reused, NULL, before, (uint32_t)strlen(before));
  TSTree *after = ts_parser_parse_string(reused, NULL, text, (uint32_t)strlen(text));
  TSTree *alone = ts_parser_parse_string(fresh, NULL, text, (uint32_t)strlen(text));
  ck_assert(!ts_node_has_error(ts_tree_root_node(alone)));
  ck_assert(reparse_same_nodes(ts_tree_root_node(after), ts_tree_root_node(alone)));
  ts_tree_delete(first);
  ts_tree_delete(after);
  ts_tree_delete(alone);
  ts_parser_delete(reused);
  ts_parser_delete(fresh);
}
END_TEST

Suite *incremental_parse_suite(void) {
  Suite *suite = suite_create("incremental-parse");
  TCase *tc = tcase_create("incremental-parse");
  tcase_add_test(tc, test_trailing_space_removal_reuses_the_rest);
  tcase_add_test(tc, test_incremental_trees_match_fresh_parses);
  tcase_add_test(tc, test_a_parse_does_not_depend_on_the_text_before);
  tcase_set_timeout(tc, 120);
  suite_add_tcase(suite, tc);
  return suite;
}
