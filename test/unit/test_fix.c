/* The fix engine: deduplication, overlaps, the fixpoint loop, syntax-error rollback. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "modallint/error.h"
#include "modallint/fix.h"
#include "rule_impl.h"

static ml_fix make_fix(ml_edit *edits, size_t count) {
  ml_fix fix = {.title = "t", .applicability = ML_APPLICABILITY_SAFE, .edits = edits,
                .edit_count = count};
  return fix;
}

static char *apply(const char *text, const ml_fix *const *fixes, size_t count, bool *applied) {
  char *out = NULL;
  uint32_t length = 0;
  ck_assert_int_eq(ml_apply_fixes(text, (uint32_t)strlen(text), fixes, count, &out, &length, applied),
                   ML_OK);
  ck_assert_uint_eq(strlen(out), length);
  return out;
}

START_TEST(test_identical_edits_apply_once) {
  ml_edit a[] = {{0, 0, "import x\n"}, {4, 5, "B"}};
  ml_edit b[] = {{0, 0, "import x\n"}, {6, 7, "C"}};
  ml_fix fa = make_fix(a, 2), fb = make_fix(b, 2);
  const ml_fix *fixes[] = {&fa, &fb};
  bool applied[2];
  char *out = apply("abc b c", fixes, 2, applied);
  ck_assert_str_eq(out, "import x\nabc B C");
  ck_assert(applied[0] && applied[1]);
  free(out);
}
END_TEST

START_TEST(test_overlapping_fix_is_skipped_whole) {
  ml_edit a[] = {{0, 3, "xyz"}};
  ml_edit b[] = {{2, 4, "!!"}, {6, 7, "Q"}};
  ml_fix fa = make_fix(a, 1), fb = make_fix(b, 2);
  const ml_fix *fixes[] = {&fa, &fb};
  bool applied[2];
  char *out = apply("abcdefg", fixes, 2, applied);
  ck_assert_str_eq(out, "xyzdefg");
  ck_assert(applied[0]);
  ck_assert(!applied[1]);
  free(out);
}
END_TEST

START_TEST(test_two_insertions_at_one_point_conflict) {
  ml_edit a[] = {{1, 1, "X"}};
  ml_edit b[] = {{1, 1, "Y"}};
  ml_fix fa = make_fix(a, 1), fb = make_fix(b, 1);
  const ml_fix *fixes[] = {&fa, &fb};
  bool applied[2];
  char *out = apply("ab", fixes, 2, applied);
  ck_assert_str_eq(out, "aXb");
  ck_assert(!applied[1]);
  free(out);
}
END_TEST

START_TEST(test_adjacent_edits_do_not_conflict) {
  ml_edit a[] = {{0, 1, "A"}};
  ml_edit b[] = {{1, 2, "B"}};
  ml_edit c[] = {{2, 2, "+"}};
  ml_fix fa = make_fix(a, 1), fb = make_fix(b, 1), fc = make_fix(c, 1);
  const ml_fix *fixes[] = {&fc, &fb, &fa};
  bool applied[3];
  char *out = apply("abc", fixes, 3, applied);
  ck_assert_str_eq(out, "AB+c");
  ck_assert(applied[0] && applied[1] && applied[2]);
  free(out);
}
END_TEST

START_TEST(test_out_of_range_edit_is_refused) {
  ml_edit a[] = {{2, 99, "x"}};
  ml_fix fa = make_fix(a, 1);
  const ml_fix *fixes[] = {&fa};
  bool applied[1];
  char *out = apply("abc", fixes, 1, applied);
  ck_assert_str_eq(out, "abc");
  ck_assert(!applied[0]);
  free(out);
}
END_TEST

/* Test rules, run through the real walker and fixer. */

/* `step1` -> `step2` -> `step3`: needs two rounds to settle. */
static void step_visit(ml__ctx *ctx, TSNode node) {
  if (!ml__node_is_text(ctx->bytes, node, "step1") && !ml__node_is_text(ctx->bytes, node, "step2"))
    return;
  char next[] = "stepN";
  next[4] = (char)(ctx->bytes[ts_node_start_byte(node) + 4] + 1);
  ml_diag *d = ml__report_node(ctx, node, "step");
  ml_fix *fix = ml__fix_begin(ctx, d, ML_APPLICABILITY_SAFE, "advance");
  ml__fix_edit(ctx, fix, ts_node_start_byte(node), ts_node_end_byte(node), next);
  ml__fix_end(ctx, d);
}

/* `ping` <-> `pong` forever: the loop must stop by its bound. */
static void flip_visit(ml__ctx *ctx, TSNode node) {
  bool ping = ml__node_is_text(ctx->bytes, node, "ping");
  if (!ping && !ml__node_is_text(ctx->bytes, node, "pong")) return;
  ml_diag *d = ml__report_node(ctx, node, "flip");
  ml_fix *fix = ml__fix_begin(ctx, d, ML_APPLICABILITY_SAFE, "flip");
  ml__fix_edit(ctx, fix, ts_node_start_byte(node), ts_node_end_byte(node), ping ? "pong" : "ping");
  ml__fix_end(ctx, d);
}

/* `breakme` -> `breakme(` (a syntax error); `good` -> `better`. */
static void breaker_visit(ml__ctx *ctx, TSNode node) {
  bool bad = ml__node_is_text(ctx->bytes, node, "breakme");
  if (!bad && !ml__node_is_text(ctx->bytes, node, "good")) return;
  ml_diag *d = ml__report_node(ctx, node, "x");
  ml_fix *fix = ml__fix_begin(ctx, d, ML_APPLICABILITY_SAFE, bad ? "break it" : "improve it");
  ml__fix_edit(ctx, fix, ts_node_end_byte(node), ts_node_end_byte(node), bad ? "(" : "_better");
  ml__fix_end(ctx, d);
}

/* As breaker_visit, with one title for both fixes, as a rule's findings often share one. */
static void same_title_visit(ml__ctx *ctx, TSNode node) {
  bool bad = ml__node_is_text(ctx->bytes, node, "breakme");
  if (!bad && !ml__node_is_text(ctx->bytes, node, "good")) return;
  ml_diag *d = ml__report_node(ctx, node, "x");
  ml_fix *fix = ml__fix_begin(ctx, d, ML_APPLICABILITY_SAFE, "same title");
  ml__fix_edit(ctx, fix, ts_node_end_byte(node), ts_node_end_byte(node), bad ? "(" : "_better");
  ml__fix_end(ctx, d);
}

/* An unsafe fix and a display-only one: --fix leaves both, --unsafe-fixes applies the first. */
static void unsafe_visit(ml__ctx *ctx, TSNode node) {
  bool risky = ml__node_is_text(ctx->bytes, node, "risky");
  if (!risky && !ml__node_is_text(ctx->bytes, node, "shown")) return;
  ml_diag *d = ml__report_node(ctx, node, "x");
  ml_fix *fix = ml__fix_begin(ctx, d, risky ? ML_APPLICABILITY_UNSAFE : ML_APPLICABILITY_DISPLAY_ONLY,
                              "t");
  ml__fix_edit(ctx, fix, ts_node_start_byte(node), ts_node_end_byte(node), "done");
  ml__fix_end(ctx, d);
}

static const ml__kind identifier_kind[] = {ML_KIND_IDENTIFIER};

static ml_fix_result run_fixer(void (*visit)(ml__ctx *, TSNode), const char *code, bool unsafe) {
  const ml__rule_impl rule = {
      .info = {.code = "TEST", .slug = "test", .title = "", .entry = "", .doc = ""},
      .kinds = identifier_kind,
      .kind_count = 1,
      .visit = visit,
  };
  const ml__rule_impl *rules[] = {&rule};
  ml_options options;
  ml_options_init(&options);
  ml_linter *linter = NULL;
  ck_assert_int_eq(ml__linter_new_with_rules(&options, rules, 1, &linter), ML_OK);
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new(code, strlen(code), &source), ML_OK);
  ml_fix_result result;
  ck_assert_int_eq(ml_fix_source(linter, source, unsafe, &result), ML_OK);
  ml_source_free(source);
  ml_linter_free(linter);
  return result;
}

START_TEST(test_fixpoint_runs_until_stable) {
  ml_fix_result r = run_fixer(step_visit, "import modal\nstep1()\n", false);
  ck_assert_str_eq(ml_source_bytes(r.fixed), "import modal\nstep3()\n");
  ck_assert_uint_eq(r.applied, 2);
  ck_assert_uint_eq(r.remaining.count, 0);
  ck_assert(r.converged);
  ml_fix_result_clear(&r);
}
END_TEST

START_TEST(test_fixpoint_is_bounded) {
  ml_fix_result r = run_fixer(flip_visit, "import modal\nping()\n", false);
  ck_assert_uint_eq(r.applied, ML_FIX_MAX_ROUNDS);
  ck_assert_uint_eq(r.remaining.count, 1);
  ck_assert(!r.converged);
  ml_fix_result_clear(&r);
}
END_TEST

START_TEST(test_fix_introducing_syntax_error_is_dropped_and_reported) {
  ml_fix_result r = run_fixer(breaker_visit, "import modal\nbreakme\ngood\n", false);
  ck_assert_str_eq(ml_source_bytes(r.fixed), "import modal\nbreakme\ngood_better\n");
  ck_assert_uint_eq(r.rejected_count, 1);
  ck_assert_str_eq(r.rejected[0].title, "break it");
  ck_assert_uint_eq(r.remaining.count, 1); /* breakme is still reported */
  ml_fix_result_clear(&r);
}
END_TEST

/* Found by fuzzing: a rejected fix used to block every later fix with the same rule and title, so
 * a second --fix applied what the first had skipped. Fixing twice must equal fixing once. */
START_TEST(test_rejected_fix_does_not_block_others_with_its_title) {
  const char *code = "import modal\nbreakme\ngood\ngood\n";
  const char *expected = "import modal\nbreakme\ngood_better\ngood_better\n";
  ml_fix_result once = run_fixer(same_title_visit, code, false);
  ck_assert_str_eq(ml_source_bytes(once.fixed), expected);
  ck_assert_uint_eq(once.rejected_count, 1);
  ck_assert(once.converged);
  ml_fix_result twice = run_fixer(same_title_visit, ml_source_bytes(once.fixed), false);
  ck_assert_str_eq(ml_source_bytes(twice.fixed), expected);
  ml_fix_result_clear(&once);
  ml_fix_result_clear(&twice);
}
END_TEST

START_TEST(test_applicability_levels) {
  ml_fix_result safe = run_fixer(unsafe_visit, "import modal\nrisky\nshown\n", false);
  ck_assert_str_eq(ml_source_bytes(safe.fixed), "import modal\nrisky\nshown\n");
  ck_assert_uint_eq(safe.remaining.count, 2);
  ml_fix_result_clear(&safe);
  ml_fix_result unsafe = run_fixer(unsafe_visit, "import modal\nrisky\nshown\n", true);
  ck_assert_str_eq(ml_source_bytes(unsafe.fixed), "import modal\ndone\nshown\n");
  ml_fix_result_clear(&unsafe);
}
END_TEST

START_TEST(test_files_without_modal_are_not_linted) {
  ml_fix_result r = run_fixer(step_visit, "step1()\n", false);
  ck_assert_str_eq(ml_source_bytes(r.fixed), "step1()\n");
  ck_assert_uint_eq(r.remaining.count, 0);
  ml_fix_result_clear(&r);
}
END_TEST

Suite *fix_suite(void) {
  Suite *suite = suite_create("fix");
  TCase *tc = tcase_create("fix");
  tcase_add_test(tc, test_identical_edits_apply_once);
  tcase_add_test(tc, test_overlapping_fix_is_skipped_whole);
  tcase_add_test(tc, test_two_insertions_at_one_point_conflict);
  tcase_add_test(tc, test_adjacent_edits_do_not_conflict);
  tcase_add_test(tc, test_out_of_range_edit_is_refused);
  tcase_add_test(tc, test_fixpoint_runs_until_stable);
  tcase_add_test(tc, test_fixpoint_is_bounded);
  tcase_add_test(tc, test_fix_introducing_syntax_error_is_dropped_and_reported);
  tcase_add_test(tc, test_rejected_fix_does_not_block_others_with_its_title);
  tcase_add_test(tc, test_applicability_levels);
  tcase_add_test(tc, test_files_without_modal_are_not_linted);
  suite_add_tcase(suite, tc);
  return suite;
}
