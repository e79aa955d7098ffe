/* Gitignore-style globs (modallint/glob.h), as configuration and .gitignore files write them. */
#include <check.h>

#include "modallint/glob.h"

#define MATCH(p, s, d) ck_assert_msg(ml_glob_match(p, s, d), "'%s' should match '%s'", p, s)
#define NO_MATCH(p, s, d) ck_assert_msg(!ml_glob_match(p, s, d), "'%s' should not match '%s'", p, s)

START_TEST(test_unanchored_matches_last_component) {
  MATCH("app.py", "app.py", false);
  MATCH("app.py", "src/pkg/app.py", false);
  MATCH("*.py", "src/pkg/app.py", false);
  NO_MATCH("*.py", "src/pkg/app.pyi", false);
  MATCH("test_*", "tests/test_app.py", false);
  NO_MATCH("pkg", "src/pkg/app.py", false); /* only the path itself: see match_file */
}
END_TEST

START_TEST(test_anchored) {
  MATCH("src/*.py", "src/app.py", false);
  NO_MATCH("src/*.py", "src/pkg/app.py", false);
  NO_MATCH("src/*.py", "lib/src/app.py", false);
  MATCH("/app.py", "app.py", false);
  NO_MATCH("/app.py", "src/app.py", false);
  MATCH("a/b", "a/b", true);
}
END_TEST

START_TEST(test_double_star) {
  MATCH("**/gen", "gen", true);
  MATCH("**/gen", "a/b/gen", true);
  MATCH("a/**", "a/x", false);
  MATCH("a/**", "a/x/y.py", false);
  NO_MATCH("a/**", "a", true);
  MATCH("a/**/b", "a/b", true);
  MATCH("a/**/b", "a/x/y/b", true);
  NO_MATCH("a/**/b", "a/xb", true);
  MATCH("tests/**/*.py", "tests/unit/deep/t.py", false);
  MATCH("a**b", "axxb", false); /* not a whole component: a plain star */
  NO_MATCH("a**b", "ax/xb", false);
}
END_TEST

START_TEST(test_classes_and_escapes) {
  MATCH("file?.py", "file1.py", false);
  NO_MATCH("file?.py", "file.py", false);
  MATCH("[abc].py", "b.py", false);
  NO_MATCH("[abc].py", "d.py", false);
  MATCH("[a-c]x", "bx", false);
  MATCH("[!a-c]x", "dx", false);
  NO_MATCH("[!a-c]x", "ax", false);
  MATCH("[^a]x", "bx", false);
  MATCH("[]]x", "]x", false);
  MATCH("[x", "[x", false); /* an unclosed class is literal */
  MATCH("\\*.py", "*.py", false);
  NO_MATCH("\\*.py", "a.py", false);
  NO_MATCH("a?b", "a/b", false);
}
END_TEST

START_TEST(test_directory_only) {
  MATCH("build/", "build", true);
  NO_MATCH("build/", "build", false);
  MATCH("build/", "src/build", true);
  NO_MATCH("", "x", false);
  NO_MATCH("/", "x", true);
}
END_TEST

START_TEST(test_match_file_through_directories) {
  ck_assert(ml_glob_match_file("tests", "tests/unit/a.py"));
  ck_assert(ml_glob_match_file("tests/", "src/tests/a.py"));
  ck_assert(ml_glob_match_file("src/gen", "src/gen/x/a.py"));
  ck_assert(!ml_glob_match_file("src/gen", "lib/src/gen/a.py"));
  ck_assert(!ml_glob_match_file("a.py/", "a.py"));
  ck_assert(ml_glob_match_file("*.py", "a/b.py"));
}
END_TEST

START_TEST(test_hostile_pattern_terminates) {
  NO_MATCH("*a*a*a*a*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false);
}
END_TEST

Suite *glob_suite(void) {
  Suite *s = suite_create("glob");
  TCase *tc = tcase_create("match");
  tcase_add_test(tc, test_unanchored_matches_last_component);
  tcase_add_test(tc, test_anchored);
  tcase_add_test(tc, test_double_star);
  tcase_add_test(tc, test_classes_and_escapes);
  tcase_add_test(tc, test_directory_only);
  tcase_add_test(tc, test_match_file_through_directories);
  tcase_add_test(tc, test_hostile_pattern_terminates);
  suite_add_tcase(s, tc);
  return s;
}
