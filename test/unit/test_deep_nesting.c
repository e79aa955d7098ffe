/* Hostile nesting: Python code and configuration files nested or chained tens of thousands of
 * levels deep give a clear error or a correct result, never a crash.
 *
 * - The tree-sitter runtime the tests link (subprojects/packagefiles/tree-sitter-runtime/0002-*)
 *   builds nodes with more than 65,535 children; unpatched, it frees a wrong pointer.
 * - The library refuses brackets nested past its walk's limit before parsing (ML_ETOODEEP), and
 *   configurations nested past it (ML_EINVAL), so libmodallint.so, which links the system's
 *   unpatched runtime, is safe from them too (test/cli/deep_nesting.sh runs it).
 * - Configuration keys of 100,000 dotted parts are refused without recursing once per part. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "modallint/config.h"
#include "modallint/error.h"
#include "modallint/lint.h"
#include "modallint/source.h"

const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_toml(void);

/* `prefix`, then `unit` `count` times, then `suffix`; malloc'd, NUL-terminated. */
static char *repeat(const char *prefix, const char *unit, size_t count, const char *suffix) {
  size_t p = strlen(prefix), u = strlen(unit), s = strlen(suffix);
  char *text = malloc(p + u * count + s + 1);
  ck_assert_ptr_nonnull(text);
  memcpy(text, prefix, p);
  for (size_t i = 0; i < count; i++) memcpy(text + p + i * u, unit, u);
  memcpy(text + p + u * count, suffix, s + 1);
  return text;
}

/* ml_lint's result on `text` (the findings are dropped). */
static int lint_text(const char *text) {
  ml_options options;
  ml_options_init(&options);
  ml_linter *linter;
  ck_assert_int_eq(ml_linter_new(&options, &linter), ML_OK);
  ml_source *source;
  ck_assert_int_eq(ml_source_new(text, strlen(text), &source), ML_OK);
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  int err = ml_lint(linter, source, &diags);
  ml_diag_list_clear(&diags);
  ml_source_free(source);
  ml_linter_free(linter);
  return err;
}

/* Every way the library parses Python text: linting, ml_parse (the language server) and counting
 * syntax errors (the fixer). All must agree on `expected`. */
static void check_every_entry(const char *text, int expected) {
  ck_assert_int_eq(lint_text(text), expected);
  ml_options options;
  ml_options_init(&options);
  ml_linter *linter;
  ck_assert_int_eq(ml_linter_new(&options, &linter), ML_OK);
  ml_source *source;
  ck_assert_int_eq(ml_source_new(text, strlen(text), &source), ML_OK);
  TSTree *tree = NULL;
  ck_assert_int_eq(ml_parse(linter, source, NULL, &tree), expected);
  ck_assert(expected == ML_OK ? tree != NULL : tree == NULL);
  if (tree) ts_tree_delete(tree);
  size_t errors = 0;
  ck_assert_int_eq(ml_count_syntax_errors(linter, text, (uint32_t)strlen(text), &errors),
                   expected);
  ml_source_free(source);
  ml_linter_free(linter);
}

/* Parses `text` with the runtime directly (no guard in front) and checks the tree spans it. */
static void parse_directly(const TSLanguage *language, const char *text, bool expect_error) {
  TSParser *parser = ts_parser_new();
  ck_assert(ts_parser_set_language(parser, language));
  TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)strlen(text));
  ck_assert_ptr_nonnull(tree);
  TSNode root = ts_tree_root_node(tree);
  ck_assert_uint_eq(ts_node_end_byte(root), strlen(text));
  ck_assert_int_eq(ts_node_has_error(root), expect_error);
  /* The root's children, visited with a cursor (ts_node_child is linear in the index), reach the
   * end of the text (but for trailing blanks): a truncated count would stop short. */
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  ck_assert(ts_tree_cursor_goto_first_child(&cursor));
  uint32_t visited = 1;
  while (ts_tree_cursor_goto_next_sibling(&cursor)) visited++;
  ck_assert_uint_eq(visited, ts_node_child_count(root));
  ck_assert_uint_ge(ts_node_end_byte(ts_tree_cursor_current_node(&cursor)) + 4, strlen(text));
  ts_tree_cursor_delete(&cursor);
  ts_tree_delete(tree);
  ts_parser_delete(parser);
}

enum { HOSTILE = 70000 };

/* 70,000 unclosed brackets of each kind: the parser used to abort (munmap_chunk(): invalid
 * pointer) or crash; now the library refuses them before parsing. */
START_TEST(test_unclosed_brackets_are_refused) {
  static const char *const units[] = {"(", "[", "{", "f\"{", "f'{", "f\"\"\"{", "rf'{"};
  for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
    char *text = repeat("import modal\nx = ", units[i], HOSTILE, "\n");
    check_every_entry(text, ML_ETOODEEP);
    free(text);
  }
  /* Closed, the same depth is refused too (the walk would stop at 5,000 levels anyway). */
  char *open = repeat("import modal\nx = ", "(", HOSTILE, "1");
  char *closed = repeat(open, ")", HOSTILE, "\n");
  check_every_entry(closed, ML_ETOODEEP);
  free(closed);
  free(open);
}
END_TEST

/* The limit is the walk's: 5,000 levels are checked, 5,001 are not. */
START_TEST(test_limit_is_the_walks) {
  char *text = repeat("import modal\nx = ", "[", 5001, "\n");
  check_every_entry(text, ML_ETOODEEP);
  free(text);
  text = repeat("import modal\nx = ", "[", 4990, "\n");
  check_every_entry(text, ML_OK);
  free(text);
}
END_TEST

/* Brackets the scan must not count: in comments, strings of every kind, and an f-string's doubled
 * braces. Each text holds 6,000 of them, more than the limit, and lints normally. */
START_TEST(test_brackets_in_strings_and_comments_do_not_count) {
  static const char *const wrappers[][3] = {
      /* opening text, closing text, what repeats between them */
      {"# ", "\n", "([{"},
      {"s = '", "'\n", "([{"},
      {"s = \"", "\"\n", "([{"},
      {"s = '''\n", "\n'''\n", "([{\n"},
      {"s = \"\"\"", "\"\"\"\n", "([{"},
      {"s = b'", "'\n", "([{"},
      {"s = rb\"", "\"\n", "([{"},
      {"s = f'", "'\n", "([{{"},       /* `{{` is a literal brace */
      {"s = f'{x!r:>10}", "'\n", "(["}, /* after an interpolation, text again */
      {"s = '\\'", "'\n", "("},         /* an escaped quote does not end the string */
  };
  for (size_t i = 0; i < sizeof wrappers / sizeof *wrappers; i++) {
    char *head = repeat("import modal\n", wrappers[i][0], 1, "");
    char *text = repeat(head, wrappers[i][2], 6000, wrappers[i][1]);
    ck_assert_msg(lint_text(text) == ML_OK, "wrapper %zu refused", i);
    free(text);
    free(head);
  }
  /* A name ending in f, r or b before a quote is not a string prefix. */
  char *text = repeat("import modal\nif_ = elif_'", "{", 6000, "'\n");
  ck_assert_int_eq(lint_text(text), ML_OK);
  free(text);
}
END_TEST

/* The patched runtime on its own: what made a node of more than 65,535 children, each parsed
 * without the library's guard. Unpatched, every one of these aborted or crashed. */
START_TEST(test_runtime_counts_many_children) {
  static const struct {
    const char *prefix, *unit, *suffix;
    bool error;
  } cases[] = {
      {"x = ", "(", "", true},           /* unclosed brackets: the reported crash */
      {"x = ", "f\"{", "", true},        /* unclosed f-string interpolations */
      {"x = ", "-", "", true},           /* unary operators left open at the end */
      {"x = ", "not ", "", true},
      {"a = ", "a = ", "", true},        /* a chained assignment cut short */
      {"x = (\n", "# c\n", "1)\n", false}, /* valid: comments inside parentheses */
      {"", "# c\n", "x = 1\n", false},    /* valid: a long comment block before a statement */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *text = repeat(cases[i].prefix, cases[i].unit, HOSTILE, cases[i].suffix);
    parse_directly(tree_sitter_python(), text, cases[i].error);
    free(text);
  }
  char *toml = repeat("a = ", "[", HOSTILE, "");
  parse_directly(tree_sitter_toml(), toml, true);
  free(toml);
}
END_TEST

/* Long comment blocks and operator chains are linted (they are not brackets). */
START_TEST(test_long_flat_input_lints) {
  char *text = repeat("import modal\nx = (\n", "# c\n", HOSTILE, "1)\n");
  ck_assert_int_eq(lint_text(text), ML_OK);
  free(text);
  text = repeat("import modal\nx = ", "-", HOSTILE, "");
  ck_assert_int_eq(lint_text(text), ML_OK);
  free(text);
}
END_TEST

/* Rules that look below the node they visit: MDL251 searched the data written for the file's
 * name recursively, and `a.b.b.b...` 300,000 levels deep overflowed the stack before the walk
 * reached its depth limit; MDL117 climbs a value's attribute chain. The walk then refuses the
 * file. */
START_TEST(test_rules_look_down_deep_chains) {
  static const char *const prefixes[] = {
      "import modal\napp = modal.App.lookup(\"f\")\nsb = modal.Sandbox.create(app=app)\n"
      "with sb.open(\"/o\", \"w\") as f:\n    f.write(a",
      "import modal\nC = modal.Cls.from_name(\"a\", \"b\")\n"
      "C.with_options(allow_concurrent_inputs=a",
  };
  for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
    char *text = repeat(prefixes[i], ".b", 300000, ")\n");
    ck_assert_int_eq(lint_text(text), ML_ETOODEEP);
    free(text);
  }
}
END_TEST

static int parse_config(const char *text, ml_config_format format, ml_config_error *error) {
  ml_config config;
  bool found;
  int err = ml_config_parse(text, strlen(text), format, &config, &found, error);
  if (err == ML_OK) ml_config_free(&config);
  return err;
}

/* A table header and a key of 100,000 dotted parts: collect_key recursed once per part and
 * overflowed the stack. */
START_TEST(test_config_long_dotted_keys) {
  ml_config_error error;
  char *header = repeat("[tool.modal-lint", ".a", 100000, "]\nselect = [\"MDL1\"]\n");
  ck_assert_int_eq(parse_config(header, ML_CONFIG_PYPROJECT, &error), ML_EINVAL);
  ck_assert_uint_eq(error.line, 1);
  ck_assert_str_eq(error.message, "key has more than 8 dotted parts");
  free(header);
  char *key = repeat("[tool.modal-lint]\nx", ".a", 100000, " = 1\n");
  ck_assert_int_eq(parse_config(key, ML_CONFIG_PYPROJECT, &error), ML_EINVAL);
  ck_assert_uint_eq(error.line, 2);
  ck_assert_str_eq(error.message, "key has more than 8 dotted parts");
  free(key);
  key = repeat("tool = { modal-lint = { x", ".a", 100000, " = 1 } }\n");
  ck_assert_int_eq(parse_config(key, ML_CONFIG_PYPROJECT, &error), ML_EINVAL);
  ck_assert_str_eq(error.message, "key has more than 8 dotted parts");
  free(key);
  /* The limit itself, with quoted parts, is still read in order. */
  ml_config config;
  bool found;
  const char *ok = "[tool.modal-lint]\n\"per-file-ignores\".'a.py' = [\"MDL112\"]\n";
  ck_assert_int_eq(ml_config_parse(ok, strlen(ok), ML_CONFIG_PYPROJECT, &config, &found, &error),
                   ML_OK);
  ck_assert_uint_eq(config.per_file_ignore_count, 1);
  ck_assert_str_eq(config.per_file_ignores[0].glob, "a.py");
  ml_config_free(&config);
  const char *eight = "[a.b.c.d.e.f.g.h]\n";
  ck_assert_int_eq(parse_config(eight, ML_CONFIG_PYPROJECT, &error), ML_OK);
  const char *nine = "[a.b.c.d.e.f.g.h.i]\n";
  ck_assert_int_eq(parse_config(nine, ML_CONFIG_PYPROJECT, &error), ML_EINVAL);
  ck_assert_str_eq(error.message, "key has more than 8 dotted parts");
}
END_TEST

/* Arrays and inline tables nested 100,000 deep, closed or not, in and out of our table. */
START_TEST(test_config_deep_values) {
  static const char *const cases[][3] = {
      {"[tool.other]\na = ", "[", ""},
      {"[tool.modal-lint]\nselect = ", "[", ""},
      {"[tool.other]\na = ", "{b = ", ""},
      {"x = 1\n\n[tool.other]\na = ", "[ # c\n", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    ml_config_error error;
    char *open = repeat(cases[i][0], cases[i][1], 100000, "1");
    ck_assert_int_eq(parse_config(open, ML_CONFIG_PYPROJECT, &error), ML_EINVAL);
    ck_assert_str_eq(error.message, "arrays and inline tables nested more than 5000 levels deep");
    ck_assert_uint_eq(error.line, i == 3 ? 5004 : 2);
    char *closed = repeat(open, strcmp(cases[i][1], "[") == 0 ? "]" : "}", 100000, "\n");
    ck_assert_int_eq(parse_config(closed, ML_CONFIG_PYPROJECT, &error), ML_EINVAL);
    free(closed);
    free(open);
  }
  /* Brackets in strings and comments do not count; nesting below the limit parses. */
  ml_config_error error;
  char *text = repeat("# ", "[", 6000, "\n[tool.modal-lint]\nselect = [\"MDL1\"]\n");
  ck_assert_int_eq(parse_config(text, ML_CONFIG_PYPROJECT, &error), ML_OK);
  free(text);
  text = repeat("[tool.other]\na = \"\\\"", "[", 6000, "\"\nb = '''\n{{{'''\n");
  ck_assert_int_eq(parse_config(text, ML_CONFIG_PYPROJECT, &error), ML_OK);
  free(text);
  char *open = repeat("[tool.other]\na = ", "[", 4000, "1");
  char *closed = repeat(open, "]", 4000, "\n");
  ck_assert_int_eq(parse_config(closed, ML_CONFIG_PYPROJECT, &error), ML_OK);
  free(closed);
  free(open);
}
END_TEST

/* A long run of errors: tree-sitter's recovery is quadratic in it (180 KB of this took six
 * minutes); the parse is cut short and the file reported invalid. */
START_TEST(test_config_long_error_run) {
  char *head = repeat("[", "$", 80, "tool.modal-lint.");
  char *text = repeat(head, "a~", 90000, "]\nselect = []\n");
  ml_config_error error;
  ck_assert_int_eq(parse_config(text, ML_CONFIG_PYPROJECT, &error), ML_EINVAL);
  ck_assert(strncmp(error.message, "invalid TOML", 12) == 0);
  free(text);
  free(head);
}
END_TEST

Suite *deep_nesting_suite(void) {
  Suite *s = suite_create("deep_nesting");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_unclosed_brackets_are_refused);
  tcase_add_test(tc, test_limit_is_the_walks);
  tcase_add_test(tc, test_brackets_in_strings_and_comments_do_not_count);
  tcase_add_test(tc, test_runtime_counts_many_children);
  tcase_add_test(tc, test_long_flat_input_lints);
  tcase_add_test(tc, test_rules_look_down_deep_chains);
  tcase_add_test(tc, test_config_long_dotted_keys);
  tcase_add_test(tc, test_config_deep_values);
  tcase_add_test(tc, test_config_long_error_run);
  suite_add_tcase(s, tc);
  return s;
}
