/* The rule registry, rule selection, versions and noqa suppression. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/lint.h"
#include "modallint/rule.h"
#include "modallint/version.h"
#include "rule_impl.h"

START_TEST(test_codes_are_ordered_unique_and_complete) {
  ck_assert_uint_gt(ml_rule_count(), 0);
  for (size_t i = 0; i < ml_rule_count(); i++) {
    const ml_rule *rule = ml_rule_at(i);
    ck_assert_uint_eq(ml_rule_index(rule), i);
    ck_assert_int_eq((int)strlen(rule->code), 6);
    ck_assert(strncmp(rule->code, "MDL", 3) == 0);
    ck_assert_ptr_nonnull(rule->slug);
    ck_assert_ptr_nonnull(rule->title);
    ck_assert_ptr_nonnull(rule->doc);
    ck_assert_ptr_nonnull(rule->entry);
    /* MDL1nn is entry A-nn, MDL2nn is entry B-nn; MDL0nn are modal-lint's own rules, outside the
     * catalogue, and never tied to a Modal version. */
    char entry[8];
    if (rule->code[3] == '0') {
      ck_assert_str_eq(rule->entry, "-");
      ck_assert_ptr_null(rule->deprecated_in);
      ck_assert_ptr_null(rule->removed_in);
    } else {
      ck_assert(rule->code[3] == '1' || rule->code[3] == '2');
      snprintf(entry, sizeof entry, "%c-%d", rule->code[3] == '1' ? 'A' : 'B',
               atoi(rule->code + 4));
      ck_assert_str_eq(rule->entry, entry);
    }
    if (i > 0) ck_assert_int_lt(strcmp(ml_rule_at(i - 1)->code, rule->code), 0);
    /* docs/rules/<CODE>.md, embedded: each rule names its own (a copied
     * `.info = ML__RULE_INFO_MDLnnn` would show another rule's text), and SARIF's fullDescription
     * is its first section. */
    ck_assert_msg(strncmp(rule->doc, "## What it does\n", 16) == 0, "%s: doc heading", rule->code);
    for (size_t j = 0; j < i; j++)
      ck_assert_msg(ml_rule_at(j)->doc != rule->doc, "%s has the doc of %s", rule->code,
                    ml_rule_at(j)->code);
    ml_version v;
    if (rule->deprecated_in) ck_assert_int_eq(ml_version_parse(rule->deprecated_in, &v), ML_OK);
    if (rule->removed_in) ck_assert_int_eq(ml_version_parse(rule->removed_in, &v), ML_OK);
  }
}
END_TEST

START_TEST(test_find_by_code_or_slug) {
  const ml_rule *rule = ml_rule_find("MDL112");
  ck_assert_ptr_nonnull(rule);
  ck_assert_ptr_eq(ml_rule_find("mdl112"), rule);
  ck_assert_ptr_eq(ml_rule_find("autoscaler-param-rename"), rule);
  ck_assert_ptr_null(ml_rule_find("MDL999"));
  ck_assert_ptr_null(ml_rule_find("MDL11"));
}
END_TEST

START_TEST(test_rule_set_selectors) {
  const ml_rule *mdl112 = ml_rule_find("MDL112");
  ml_rule_set set;
  ml_rule_set_clear(&set);
  ck_assert(!ml_rule_set_has(&set, mdl112));
  ck_assert_int_eq(ml_rule_set_apply(&set, "MDL1", true), ML_OK);
  ck_assert(ml_rule_set_has(&set, mdl112));
  ck_assert_int_eq(ml_rule_set_apply(&set, "autoscaler-param-rename", false), ML_OK);
  ck_assert(!ml_rule_set_has(&set, mdl112));
  ck_assert_int_eq(ml_rule_set_apply(&set, "ALL", true), ML_OK);
  ck_assert(ml_rule_set_has(&set, mdl112));
  ck_assert_int_eq(ml_rule_set_apply(&set, "MDL9", true), ML_EINVAL);
  ck_assert_int_eq(ml_rule_set_apply(&set, "autoscaler", true), ML_EINVAL);
  ck_assert_int_eq(ml_rule_set_apply(&set, "M", true), ML_EINVAL);
}
END_TEST

START_TEST(test_versions) {
  ml_version v;
  ck_assert_int_eq(ml_version_parse("0.73.76", &v), ML_OK);
  ck_assert_int_eq(v.major, 0);
  ck_assert_int_eq(v.minor, 73);
  ck_assert_int_eq(v.patch, 76);
  ck_assert_int_eq(ml_version_parse("1.4", &v), ML_OK);
  ck_assert_int_eq(v.patch, 0);
  ck_assert_int_eq(ml_version_parse("1", &v), ML_EINVAL);
  ck_assert_int_eq(ml_version_parse("1.4.x", &v), ML_EINVAL);
  ck_assert_int_eq(ml_version_parse("1.4.0.1", &v), ML_EINVAL);
  ck_assert_int_eq(ml_version_parse("", &v), ML_EINVAL);
  ml_version a, b;
  ml_version_parse("0.73.76", &a);
  ml_version_parse("0.74.0", &b);
  ck_assert_int_lt(ml_version_compare(a, b), 0);
  ck_assert_int_gt(ml_version_compare(b, a), 0);
  ck_assert_int_eq(ml_version_compare(a, a), 0);
}
END_TEST

START_TEST(test_severity_follows_target) {
  const ml_rule *rule = ml_rule_find("MDL112"); /* removed in 1.4.0 */
  ml_version before, at;
  ml_version_parse("1.3.5", &before);
  ml_version_parse("1.4.0", &at);
  ck_assert_int_eq(ml_rule_severity(rule, before), ML_SEVERITY_WARNING);
  ck_assert_int_eq(ml_rule_severity(rule, at), ML_SEVERITY_ERROR);
}
END_TEST

START_TEST(test_rules_apply_from_their_first_version) {
  const ml_rule *rule = ml_rule_find("MDL112"); /* deprecated in 0.73.76 */
  ml_version older, first, newer;
  ml_version_parse("0.73.75", &older);
  ml_version_parse("0.73.76", &first);
  ml_version_parse("0.74", &newer);
  ck_assert(!ml_rule_applies_to(rule, older));
  ck_assert(ml_rule_applies_to(rule, first));
  ck_assert(ml_rule_applies_to(rule, newer));
}
END_TEST

static size_t count_findings_at(const char *code, const char *target) {
  ml_options options;
  ml_options_init(&options);
  ck_assert_int_eq(ml_version_parse(target, &options.target), ML_OK);
  ml_linter *linter = NULL;
  ck_assert_int_eq(ml_linter_new(&options, &linter), ML_OK);
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new(code, strlen(code), &source), ML_OK);
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  ck_assert_int_eq(ml_lint(linter, source, &diags), ML_OK);
  size_t count = diags.count;
  ml_diag_list_clear(&diags);
  ml_source_free(source);
  ml_linter_free(linter);
  return count;
}

START_TEST(test_target_version_narrows_findings) {
  const char *code = "import modal\napp = modal.App()\n@app.function(keep_warm=1)\ndef f(): pass\n";
  ck_assert_uint_eq(count_findings_at(code, "0.73"), 0);
  ck_assert_uint_eq(count_findings_at(code, "0.73.76"), 1);
  ck_assert_uint_eq(count_findings_at(code, "1.0"), 1);
}
END_TEST

static size_t count_findings(const char *code) {
  ml_options options;
  ml_options_init(&options);
  ml_linter *linter = NULL;
  ck_assert_int_eq(ml_linter_new(&options, &linter), ML_OK);
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new(code, strlen(code), &source), ML_OK);
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  ck_assert_int_eq(ml_lint(linter, source, &diags), ML_OK);
  size_t count = diags.count;
  ml_diag_list_clear(&diags);
  ml_source_free(source);
  ml_linter_free(linter);
  return count;
}

START_TEST(test_noqa_forms) {
  const char *base = "import modal\napp = modal.App()\n@app.function(keep_warm=1)%s\ndef f(): pass\n";
  static const struct {
    const char *comment;
    size_t findings;
  } forms[] = {
      {"", 1},
      {"  # noqa", 0},
      {"  #noqa", 0},
      {"  # NOQA", 0},
      {"  # noqa: MDL112", 0},
      {"  # noqa:E501,MDL112", 0},
      {"  # noqa: mdl112", 0},
      {"  # noqa: autoscaler-param-rename", 0},
      {"  # noqa: E501", 1},
      {"  # noqa: MDL1", 1},
      {"  # noqanother", 1},
      {"  # type: ignore  # noqa", 0},
  };
  for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
    char code[512];
    snprintf(code, sizeof code, base, forms[i].comment);
    ck_assert_msg(count_findings(code) == forms[i].findings, "noqa form \"%s\"", forms[i].comment);
  }
}
END_TEST

START_TEST(test_noqa_in_a_string_does_not_suppress) {
  const char *code =
      "import modal\napp = modal.App()\n@app.function(keep_warm=1, name='# noqa')\ndef f(): pass\n";
  ck_assert_uint_eq(count_findings(code), 1);
}
END_TEST

/* A rule with a call table is handed its calls by the walker: naming the call kind as well would
 * run it twice on each call. */
START_TEST(test_table_rules_leave_calls_to_the_walker) {
  for (size_t i = 0; i < ml__rule_total; i++) {
    const ml__rule_impl *rule = ml__rules[i];
    if (rule->kind_count)
      ck_assert_msg(rule->visit != NULL, "%s: kinds but no visit", rule->info.code);
    for (size_t k = 0; rule->call_count && k < rule->kind_count; k++)
      ck_assert_msg(rule->kinds[k] != ML_KIND_CALL, "%s: a table and the call kind",
                    rule->info.code);
  }
}
END_TEST

static size_t handled;

static void count_call(ml__ctx *ctx, const ml__call *call, const ml__call_match *match) {
  (void)ctx, (void)call, (void)match;
  handled++;
}

/* How many calls a table rule is handed in `code`, with `triggers` as its list. */
static size_t table_rule_calls(const char *code, const char *const *triggers) {
  static const ml__call_match calls[] = {{.qualname = "modal.enable_output", .handle = count_call}};
  const ml__rule_impl rule = {
      .info = {.code = "TEST", .slug = "test", .title = "", .entry = "", .doc = ""},
      .calls = calls,
      .call_count = 1,
      .triggers = triggers,
  };
  const ml__rule_impl *rules[] = {&rule};
  ml_options options;
  ml_options_init(&options);
  ml_linter *linter = NULL;
  ck_assert_int_eq(ml__linter_new_with_rules(&options, rules, 1, &linter), ML_OK);
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new(code, strlen(code), &source), ML_OK);
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  handled = 0;
  ck_assert_int_eq(ml_lint(linter, source, &diags), ML_OK);
  ml_diag_list_clear(&diags);
  ml_source_free(source);
  ml_linter_free(linter);
  return handled;
}

/* A table rule's trigger is its table's called name (here `enable_output`, which an alias still
 * imports); a list of its own is needed as well, not instead. */
START_TEST(test_table_rule_triggers) {
  static const char *const keyword[] = {"verbose", NULL};
  ck_assert_uint_eq(table_rule_calls("import modal\nmodal.enable_output()\n", NULL), 1);
  ck_assert_uint_eq(
      table_rule_calls("from modal import enable_output as eo\neo()\neo()\n", NULL), 2);
  ck_assert_uint_eq(table_rule_calls("import modal\nmodal.enable_output()\n", keyword), 0);
  ck_assert_uint_eq(table_rule_calls("import modal\nmodal.enable_output(verbose=1)\n", keyword), 1);
}
END_TEST

Suite *registry_suite(void) {
  Suite *suite = suite_create("registry");
  TCase *tc = tcase_create("registry");
  tcase_add_test(tc, test_codes_are_ordered_unique_and_complete);
  tcase_add_test(tc, test_find_by_code_or_slug);
  tcase_add_test(tc, test_rule_set_selectors);
  tcase_add_test(tc, test_versions);
  tcase_add_test(tc, test_severity_follows_target);
  tcase_add_test(tc, test_rules_apply_from_their_first_version);
  tcase_add_test(tc, test_target_version_narrows_findings);
  tcase_add_test(tc, test_noqa_forms);
  tcase_add_test(tc, test_noqa_in_a_string_does_not_suppress);
  tcase_add_test(tc, test_table_rules_leave_calls_to_the_walker);
  tcase_add_test(tc, test_table_rule_triggers);
  suite_add_tcase(suite, tc);
  return suite;
}
