/* Configuration files (modallint/config.h): every key, every way TOML can spell the table, every
 * error with its line and key, and how a config layers onto ml_options. */
#include <check.h>
#include <string.h>

#include "modallint/config.h"
#include "modallint/error.h"
#include "modallint/rule.h"

static ml_config parse_ok(const char *text, ml_config_format format, bool expect_found) {
  ml_config config;
  ml_config_error error;
  bool found;
  int err = ml_config_parse(text, strlen(text), format, &config, &found, &error);
  ck_assert_msg(err == ML_OK, "rejected: line %u key '%s': %s", error.line, error.key,
                error.message);
  ck_assert_int_eq(found, expect_found);
  return config;
}

static void parse_bad(const char *text, ml_config_format format, uint32_t line, const char *key,
                      const char *message) {
  ml_config config;
  ml_config_error error;
  bool found;
  int err = ml_config_parse(text, strlen(text), format, &config, &found, &error);
  ck_assert_int_eq(err, ML_EINVAL);
  ck_assert_uint_eq(error.line, line);
  ck_assert_str_eq(error.key, key);
  ck_assert_str_eq(error.message, message);
}

static bool has(const ml_rule_set *set, const char *code) {
  return ml_rule_set_has(set, ml_rule_find(code));
}

START_TEST(test_pyproject_table) {
  ml_config c = parse_ok("[project]\nname = \"x\"\n\n[tool.modal-lint]\nselect = [\"MDL1\"]\n"
                         "ignore = ['MDL112']\ntarget-version = \"0.73\"\nunsafe-fixes = true\n"
                         "output-format = \"concise\"\n\n[tool.ruff]\nselect = [3]\n",
                         ML_CONFIG_PYPROJECT, true);
  ck_assert(c.has_select && has(&c.select, "MDL101") && !has(&c.select, "MDL201"));
  ck_assert(c.has_ignore && has(&c.ignore, "MDL112"));
  ck_assert(c.has_target_version && c.target_version.major == 0 && c.target_version.minor == 73);
  ck_assert(c.has_unsafe_fixes && c.unsafe_fixes);
  ck_assert_str_eq(c.output_format, "concise");
  ck_assert_uint_eq(c.output_format_line, 9);
  ml_config_free(&c);
}
END_TEST

START_TEST(test_pyproject_without_table_is_not_found) {
  ml_config c = parse_ok("[tool.ruff]\nselect = [\"E\"]\n", ML_CONFIG_PYPROJECT, false);
  ml_config_free(&c);
  c = parse_ok("", ML_CONFIG_STANDALONE, true);
  ck_assert(!c.has_select);
  ml_config_free(&c);
  c = parse_ok("[tool.modal-lint]\n", ML_CONFIG_PYPROJECT, true);
  ml_config_free(&c);
}
END_TEST

START_TEST(test_other_spellings_of_the_table) {
  ml_config c = parse_ok("tool.modal-lint.select = [\"MDL2\"]\n", ML_CONFIG_PYPROJECT, true);
  ck_assert(has(&c.select, "MDL201") && !has(&c.select, "MDL101"));
  ml_config_free(&c);
  c = parse_ok("[tool]\nmodal-lint = { extend-select = [\"MDL101\"], \"ignore\" = [] }\n",
               ML_CONFIG_PYPROJECT, true);
  ck_assert(c.has_extend_select && has(&c.extend_select, "MDL101") && c.has_ignore);
  ml_config_free(&c);
}
END_TEST

START_TEST(test_per_file_ignores_and_globs) {
  ml_config c = parse_ok("exclude = [\"gen/\", 'old_*.py']\nextend-exclude = [\"\"\"x\"\"\"]\n"
                         "[per-file-ignores]\n\"tests/*.py\" = [\"ALL\"]\n"
                         "'scripts/**' = [\"MDL112\", \"autoscaler-param-rename\"]\n",
                         ML_CONFIG_STANDALONE, true);
  ck_assert(c.has_exclude);
  ck_assert_uint_eq(c.exclude_count, 2);
  ck_assert_str_eq(c.exclude[1], "old_*.py");
  ck_assert_uint_eq(c.extend_exclude_count, 1);
  ck_assert_str_eq(c.extend_exclude[0], "x");
  ck_assert_uint_eq(c.per_file_ignore_count, 2);
  ck_assert_str_eq(c.per_file_ignores[0].glob, "tests/*.py");
  ck_assert(has(&c.per_file_ignores[1].rules, "MDL112"));

  ml_options o;
  ml_config_options_for(&c, "tests/test_a.py", &o);
  ck_assert(!has(&o.rules, "MDL101"));
  ml_config_options_for(&c, "scripts/deep/run.py", &o);
  ck_assert(!has(&o.rules, "MDL112") && has(&o.rules, "MDL101"));
  ml_config_options_for(&c, "src/app.py", &o);
  ck_assert(has(&o.rules, "MDL112"));

  static const char *const defaults[] = {"venv/"};
  ck_assert(ml_config_excludes(&c, "a/gen", true, defaults, 1));
  ck_assert(!ml_config_excludes(&c, "a/gen", false, defaults, 1));
  ck_assert(ml_config_excludes(&c, "old_x.py", false, defaults, 1));
  ck_assert(ml_config_excludes(&c, "x", false, defaults, 1));
  ck_assert(!ml_config_excludes(&c, "venv", true, defaults, 1)); /* exclude replaces defaults */
  ck_assert(ml_config_excludes(NULL, "venv", true, defaults, 1));
  ml_config_free(&c);

  c = parse_ok("per-file-ignores = { \"a.py\" = [\"MDL1\"] }\n", ML_CONFIG_STANDALONE, true);
  ck_assert_uint_eq(c.per_file_ignore_count, 1);
  ml_config_free(&c);
}
END_TEST

START_TEST(test_strings_and_comments) {
  ml_config c = parse_ok("# comment\nselect = [ # why\n  \"MDL1\\u0030\\u0031\", # first\n]\n"
                         "output-format = \"\"\"\nj\\\n   son\"\"\"\n",
                         ML_CONFIG_STANDALONE, true);
  ck_assert(has(&c.select, "MDL101") && !has(&c.select, "MDL102"));
  ck_assert_str_eq(c.output_format, "json");
  ml_config_free(&c);
}
END_TEST

/* max-file-size is kept as written, for the front end to parse like --max-file-size. */
START_TEST(test_max_file_size_as_written) {
  ml_config c = parse_ok("[tool.modal-lint]\n\nmax-file-size = 1048576\n", ML_CONFIG_PYPROJECT,
                         true);
  ck_assert_str_eq(c.max_file_size, "1048576");
  ck_assert_uint_eq(c.max_file_size_line, 3);
  ml_config_free(&c);
  c = parse_ok("max-file-size = \"16MiB\"\n", ML_CONFIG_STANDALONE, true);
  ck_assert_str_eq(c.max_file_size, "16MiB");
  ml_config_free(&c);
  c = parse_ok("max-file-size = -1\n", ML_CONFIG_STANDALONE, true);
  ck_assert_str_eq(c.max_file_size, "-1");
  ml_config_free(&c);
  c = parse_ok("max-file-size = 8_388_608\n", ML_CONFIG_STANDALONE, true);
  ck_assert_str_eq(c.max_file_size, "8388608");
  ml_config_free(&c);
  c = parse_ok("select = []\n", ML_CONFIG_STANDALONE, true);
  ck_assert_ptr_null(c.max_file_size);
  ml_config_free(&c);
}
END_TEST

START_TEST(test_apply_layers) {
  ml_options o;
  ml_options_init(&o);
  ml_config c = parse_ok("extend-select = [\"MDL101\"]\nselect = [\"MDL2\"]\nignore = [\"MDL201\"]\n"
                         "target-version = \"0.64\"\n",
                         ML_CONFIG_STANDALONE, true);
  ml_config_apply(&c, &o);
  ck_assert(has(&o.rules, "MDL101") && has(&o.rules, "MDL202"));
  ck_assert(!has(&o.rules, "MDL201") && !has(&o.rules, "MDL102"));
  ck_assert_int_eq(o.target.minor, 64);
  ml_config_free(&c);
  ml_config_options_for(NULL, "x.py", &o);
  ck_assert(has(&o.rules, "MDL102"));
}
END_TEST

START_TEST(test_errors) {
  const ml_config_format S = ML_CONFIG_STANDALONE, P = ML_CONFIG_PYPROJECT;
  parse_bad("select = \"MDL1\"\n", S, 1, "select",
            "expected an array of rule codes or names, found a string");
  parse_bad("[tool.modal-lint]\n\nignore = [\n  \"MDL1\",\n  \"MDL999\",\n]\n", P, 5, "ignore",
            "unknown rule selector 'MDL999' (expected a code like MDL112, a prefix like MDL1, a "
            "rule name, or ALL)");
  parse_bad("extend-select = [1]\n", S, 1, "extend-select",
            "expected rule codes or names (strings) in the array, found an integer");
  parse_bad("selct = []\n", S, 1, "selct",
            "unknown key (expected one of select, extend-select, ignore, per-file-ignores, "
            "exclude, extend-exclude, target-version, unsafe-fixes, output-format, "
            "max-file-size)");
  parse_bad("[tool.modal-lint]\nfoo.bar = 1\n", P, 2, "foo",
            "unknown key (expected one of select, extend-select, ignore, per-file-ignores, "
            "exclude, extend-exclude, target-version, unsafe-fixes, output-format, "
            "max-file-size)");
  parse_bad("target-version = \"one\"\n", S, 1, "target-version",
            "expected a Modal version string such as \"1.0\" or \"1.0.2\", found \"one\"");
  parse_bad("target-version = 1.0\n", S, 1, "target-version",
            "expected a Modal version string such as \"1.0\" or \"1.0.2\", found a float");
  parse_bad("unsafe-fixes = \"yes\"\n", S, 1, "unsafe-fixes", "expected true or false, found a string");
  parse_bad("output-format = []\n", S, 1, "output-format",
            "expected a format name string, found an array");
  parse_bad("\nmax-file-size = 8.5\n", S, 2, "max-file-size",
            "expected a number of bytes, or a string such as \"8MiB\", found a float");
  parse_bad("exclude = \"gen\"\n", S, 1, "exclude", "expected an array of glob strings, found a string");
  parse_bad("extend-exclude = [\"\"]\n", S, 1, "extend-exclude",
            "expected a glob, found an empty string");
  parse_bad("per-file-ignores = [\"a\"]\n", S, 1, "per-file-ignores",
            "expected a table of glob = [rule codes or names], found an array");
  parse_bad("[per-file-ignores]\n\"a.py\" = \"MDL1\"\n", S, 2, "per-file-ignores",
            "expected an array of rule codes or names, found a string");
  parse_bad("[per-file-ignores]\n\"a.py\" = []\n'a.py' = []\n", S, 3, "per-file-ignores",
            "duplicate glob 'a.py'");
  parse_bad("select = []\nselect = []\n", S, 2, "select",
            "duplicate key (TOML allows a key once per table)");
  parse_bad("[tool.modal-lint]\n[tool.modal-lint]\n", P, 2, "tool.modal-lint",
            "duplicate table (TOML allows a table once)");
  parse_bad("[select]\n", S, 1, "select", "expected an array of rule codes or names, found a table");
  parse_bad("select = { a = 1 }\n", S, 1, "select",
            "expected an array of rule codes or names, found a table");
  parse_bad("[[tool.modal-lint]]\n", P, 1, "tool.modal-lint",
            "expected a table, found an array of tables");
  parse_bad("tool.modal-lint = 3\n", P, 1, "tool.modal-lint", "expected a table, found an integer");
  parse_bad("a = 1\nselect = [\n", S, 2, "", "invalid TOML syntax");
  parse_bad("select = [\"\\q\"]\n", S, 1, "", "invalid TOML syntax");
  parse_bad("select = [\"\\uD800\"]\n", S, 1, "select", "invalid escape sequence in a string");
}
END_TEST

START_TEST(test_nul_byte) {
  ml_config c;
  ml_config_error e;
  bool found;
  ck_assert_int_eq(ml_config_parse("a = 1\n\0", 7, ML_CONFIG_STANDALONE, &c, &found, &e), ML_EINVAL);
  ck_assert_uint_eq(e.line, 2);
}
END_TEST

Suite *config_suite(void) {
  Suite *s = suite_create("config");
  TCase *tc = tcase_create("parse");
  tcase_add_test(tc, test_pyproject_table);
  tcase_add_test(tc, test_pyproject_without_table_is_not_found);
  tcase_add_test(tc, test_other_spellings_of_the_table);
  tcase_add_test(tc, test_per_file_ignores_and_globs);
  tcase_add_test(tc, test_strings_and_comments);
  tcase_add_test(tc, test_max_file_size_as_written);
  tcase_add_test(tc, test_apply_layers);
  tcase_add_test(tc, test_errors);
  tcase_add_test(tc, test_nul_byte);
  suite_add_tcase(s, tc);
  return s;
}
