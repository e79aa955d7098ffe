/* What a front end tells the library about a file (modallint/file.h, modallint/project.h): the kind
 * a path names, the project's modules, and linting and fixing through ml_lint_file/ml_fix_file. */
#include <check.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/file.h"
#include "modallint/fix.h"
#include "modallint/lint.h"
#include "modallint/project.h"

static ml_file_kind kind_of(const char *path, bool *known) {
  ml_file_kind kind;
  *known = ml_file_kind_for_path(path, &kind);
  return kind;
}

static void assert_kind(const char *path, ml_file_kind expected) {
  bool known;
  ml_file_kind kind = kind_of(path, &known);
  ck_assert_msg(known, "%s: not recognised", path);
  ck_assert_msg(kind == expected, "%s: %s, expected %s", path, ml_file_kind_name(kind),
                ml_file_kind_name(expected));
}

static void assert_unknown(const char *path) {
  bool known;
  ml_file_kind kind = kind_of(path, &known);
  ck_assert_msg(!known, "%s: recognised as %s", path, ml_file_kind_name(kind));
  ck_assert_int_eq(kind, ML_FILE_PYTHON);
}

START_TEST(test_kind_for_path) {
  assert_kind("app.py", ML_FILE_PYTHON);
  assert_kind("pkg/stubs.pyi", ML_FILE_PYTHON);
  assert_kind("noxfile.py", ML_FILE_PYTHON);
  assert_kind("scripts/deploy.sh", ML_FILE_SHELL);
  assert_kind("x.bash", ML_FILE_SHELL);
  assert_kind("justfile", ML_FILE_SHELL);
  assert_kind("Makefile", ML_FILE_MAKEFILE);
  assert_kind("sub/GNUmakefile", ML_FILE_MAKEFILE);
  assert_kind("rules.mk", ML_FILE_MAKEFILE);
  assert_kind("Dockerfile", ML_FILE_DOCKERFILE);
  assert_kind("docker/Dockerfile.gpu", ML_FILE_DOCKERFILE);
  assert_kind("web.Dockerfile", ML_FILE_DOCKERFILE);
  assert_kind("Containerfile", ML_FILE_DOCKERFILE);
  assert_kind(".github/workflows/ci.yml", ML_FILE_CI_YAML);
  assert_kind("repo/.github/workflows/deploy.yaml", ML_FILE_CI_YAML);
  assert_kind(".gitlab-ci.yml", ML_FILE_CI_YAML);
  assert_kind("tox.ini", ML_FILE_TOX_INI);
  assert_kind("README.md", ML_FILE_MARKDOWN);
  assert_kind("docs/guide.MD", ML_FILE_MARKDOWN);
  assert_kind("docs/usage.rst", ML_FILE_RST);
  assert_unknown("notes.txt");
  assert_unknown("config.yaml");
  assert_unknown("ci.yml");
  assert_unknown("x.github/workflows/ci.yml");
  assert_unknown(".github/workflows/sub/ci.yml");
  assert_unknown(".github/ci.yml");
  assert_unknown("setup.cfg");
  assert_unknown("Makefile.am");
}
END_TEST

START_TEST(test_project_modules) {
  ml_project *project = NULL;
  ck_assert_int_eq(ml_project_new(&project), ML_OK);
  ck_assert_int_eq(ml_project_add_module(project, "helpers"), ML_OK);
  ck_assert_int_eq(ml_project_add_module(project, "app_utils"), ML_OK);
  ck_assert_int_eq(ml_project_add_module(project, "helpers"), ML_OK);
  ck_assert_int_eq(ml_project_add_module(project, "a.b"), ML_EINVAL);
  ck_assert_int_eq(ml_project_add_module(project, "1x"), ML_EINVAL);
  ck_assert_int_eq(ml_project_add_module(project, ""), ML_EINVAL);
  ck_assert_int_eq(ml_project_module_count(project), 2);
  ck_assert_str_eq(ml_project_module_at(project, 0), "app_utils");
  ck_assert_str_eq(ml_project_module_at(project, 1), "helpers");
  ck_assert_ptr_null(ml_project_module_at(project, 2));
  ck_assert(ml_project_has_module(project, "helpers.sub", 7));
  ck_assert(!ml_project_has_module(project, "help", 4));
  ck_assert(!ml_project_has_module(project, "helpersx", 8));
  ck_assert(!ml_project_has_module(NULL, "helpers", 7));
  ml_project_free(project);
}
END_TEST

static ml_linter *new_linter(void) {
  ml_options options;
  ml_options_init(&options);
  ml_linter *linter = NULL;
  ck_assert_int_eq(ml_linter_new(&options, &linter), ML_OK);
  return linter;
}

static size_t count_findings(ml_linter *linter, const char *text, const ml_file_info *info) {
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new(text, strlen(text), &source), ML_OK);
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  ck_assert_int_eq(ml_lint_file(linter, source, info, &diags), ML_OK);
  size_t count = diags.count;
  for (size_t i = 0; i < diags.count; i++) ck_assert_str_eq(diags.items[i].rule->code, "MDL123");
  ml_diag_list_clear(&diags);
  ml_source_free(source);
  return count;
}

/* A text file runs only text rules, on the bytes as written; `# noqa` anywhere on the line of a
 * finding suppresses it. */
START_TEST(test_lint_text) {
  ml_linter *linter = new_linter();
  ml_file_info shell = {.kind = ML_FILE_SHELL};
  ck_assert_uint_eq(count_findings(linter, "modal deploy pkg.app\n", &shell), 1);
  ck_assert_uint_eq(count_findings(linter, "modal deploy pkg.app  # noqa\n", &shell), 0);
  ck_assert_uint_eq(count_findings(linter, "modal deploy pkg.app # noqa: MDL123\n", &shell), 0);
  ck_assert_uint_eq(count_findings(linter, "modal deploy pkg.app # noqa: MDL101\n", &shell), 1);
  ck_assert_uint_eq(count_findings(linter, "modal deploy pkg.app # noqa: cli-module-mode\n",
                                   &shell),
                    0);
  /* As Python, a shell line is a syntax error with no string in it. */
  ck_assert_uint_eq(count_findings(linter, "modal deploy pkg.app\n", NULL), 0);
  ml_file_info markdown = {.kind = ML_FILE_MARKDOWN};
  ck_assert_uint_eq(count_findings(linter, "modal deploy pkg.app\n", &markdown), 0);
  ck_assert_uint_eq(count_findings(linter, "```\nmodal deploy pkg.app\n```\n", &markdown), 1);
  ml_file_info rst = {.kind = ML_FILE_RST};
  ck_assert_uint_eq(count_findings(linter, "Run::\n\n  modal deploy pkg.app\n", &rst), 1);
  ml_linter_free(linter);
}
END_TEST

START_TEST(test_lint_tree_needs_python) {
  ml_linter *linter = new_linter();
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new("x = 1\n", 6, &source), ML_OK);
  TSTree *tree = NULL;
  ck_assert_int_eq(ml_parse(linter, source, NULL, &tree), ML_OK);
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  ml_file_info shell = {.kind = ML_FILE_SHELL};
  ck_assert_int_eq(ml_lint_tree_file(linter, source, tree, &shell, &diags), ML_EINVAL);
  ck_assert_int_eq(ml_lint_tree_file(linter, source, tree, NULL, &diags), ML_OK);
  ck_assert_uint_eq(diags.count, 0);
  ts_tree_delete(tree);
  ml_source_free(source);
  ml_linter_free(linter);
}
END_TEST

/* Fixing a text file is not refused for "syntax errors" (a shell script is not Python). */
START_TEST(test_fix_text) {
  ml_linter *linter = new_linter();
  const char *text = "#!/bin/sh\r\nmodal run pkg.a && modal deploy pkg.b::app\r\n";
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new(text, strlen(text), &source), ML_OK);
  ml_file_info shell = {.kind = ML_FILE_SHELL};
  ml_fix_result result;
  ck_assert_int_eq(ml_fix_file(linter, source, &shell, false, &result), ML_OK);
  ck_assert_uint_eq(result.applied, 2);
  ck_assert_uint_eq(result.rejected_count, 0);
  ck_assert_uint_eq(result.remaining.count, 0);
  ck_assert_str_eq(ml_source_bytes(result.fixed),
                   "#!/bin/sh\r\nmodal run -m pkg.a && modal deploy -m pkg.b::app\r\n");
  ml_fix_result_clear(&result);
  ml_source_free(source);
  ml_linter_free(linter);
}
END_TEST

/* MDL111 needs the project: the same file yields nothing alone and a finding inside it. */
START_TEST(test_project_rule) {
  ml_linter *linter = new_linter();
  const char *text = "import modal\nimport helpers\nimport app\n\n"
                     "image = modal.Image.debian_slim()\napp = modal.App(image=image)\n";
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new(text, strlen(text), &source), ML_OK);
  ml_project *project = NULL;
  ck_assert_int_eq(ml_project_new(&project), ML_OK);
  ck_assert_int_eq(ml_project_add_module(project, "helpers"), ML_OK);
  ck_assert_int_eq(ml_project_add_module(project, "app"), ML_OK);
  ml_file_info info = {.kind = ML_FILE_PYTHON, .project = project, .module = "app"};

  ml_diag_list diags;
  ml_diag_list_init(&diags);
  ck_assert_int_eq(ml_lint(linter, source, &diags), ML_OK);
  ck_assert_uint_eq(diags.count, 0);
  ck_assert_int_eq(ml_lint_file(linter, source, &info, &diags), ML_OK);
  ck_assert_uint_eq(diags.count, 1);
  ck_assert_str_eq(diags.items[0].rule->code, "MDL111");
  ck_assert_uint_eq(diags.items[0].start, 20); /* `helpers`; `app` is the file's own module */
  ck_assert_ptr_nonnull(diags.items[0].fix);
  ck_assert_int_eq(diags.items[0].fix->applicability, ML_APPLICABILITY_UNSAFE);
  ml_diag_list_clear(&diags);

  ml_fix_result result;
  ck_assert_int_eq(ml_fix_file(linter, source, &info, true, &result), ML_OK);
  ck_assert_uint_eq(result.applied, 1);
  ck_assert_uint_eq(result.remaining.count, 0);
  ck_assert_ptr_nonnull(strstr(ml_source_bytes(result.fixed),
                               "image = modal.Image.debian_slim().add_local_python_source("
                               "\"helpers\")\n"));
  ml_fix_result_clear(&result);
  ml_project_free(project);
  ml_source_free(source);
  ml_linter_free(linter);
}
END_TEST

Suite *file_suite(void) {
  Suite *suite = suite_create("file");
  TCase *tc = tcase_create("file");
  tcase_add_test(tc, test_kind_for_path);
  tcase_add_test(tc, test_project_modules);
  tcase_add_test(tc, test_lint_text);
  tcase_add_test(tc, test_lint_tree_needs_python);
  tcase_add_test(tc, test_fix_text);
  tcase_add_test(tc, test_project_rule);
  suite_add_tcase(suite, tc);
  return suite;
}
