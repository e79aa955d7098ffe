/* Runs the per-rule fixtures under test/fixtures/<CODE>/.
 *
 * For every NAME.py (not NAME.fixed.py / NAME.unsafe-fixed.py) it checks:
 *   - the findings, printed one per line with their fix, equal NAME.expected;
 *   - applying the safe fixes gives NAME.fixed.py (or leaves the text unchanged when that file is
 *     absent), and applying safe and unsafe fixes gives NAME.unsafe-fixed.py when present;
 *   - fixing a fixed file changes nothing (idempotence).
 * And for every registered rule, that test/fixtures/<CODE>/ holds a positive case (NAME.py whose
 * NAME.expected reports the rule, or a folder case <case>/ whose expected.txt does, see
 * test/cli/project_fixtures.sh) and a near-miss case (near_miss*.py or a near_miss* folder case)
 * that reports nothing of the rule.
 *
 * With UPDATE_FIXTURES=1 in the environment it writes the expected files instead, and fails
 * anyway, saying how many files changed: a rewritten snapshot is only right once someone has read
 * its diff, so CI can never go green through it. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "modallint/error.h"
#include "modallint/fix.h"
#include "modallint/lint.h"
#include "modallint/rule.h"
#include "modallint/source.h"
#include "rule_impl.h"

static const char *fixtures_root;
static char **inputs;
static size_t input_count;
static bool updating;  /* UPDATE_FIXTURES is set */
static size_t updated; /* files written or removed while updating (runs without forking) */

static char *read_text(const char *path, size_t *length) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t capacity = 4096, used = 0;
  char *text = malloc(capacity);
  size_t n;
  while (text && (n = fread(text + used, 1, capacity - used - 1, f)) > 0) {
    used += n;
    if (capacity - used < 2) {
      char *grown = realloc(text, capacity * 2);
      if (!grown) {
        free(text);
        text = NULL;
        break;
      }
      text = grown;
      capacity *= 2;
    }
  }
  fclose(f);
  if (text) text[used] = '\0';
  if (length) *length = used;
  return text;
}

static void write_text(const char *path, const char *text, size_t length) {
  FILE *f = fopen(path, "wb");
  ck_assert_msg(f != NULL, "cannot write %s", path);
  fwrite(text, 1, length, f);
  fclose(f);
}

static bool same_bytes(const char *a, size_t a_length, const char *b, size_t b_length) {
  return a_length == b_length && memcmp(a, b, a_length) == 0;
}

/* Writes an expected file when its text changes. */
static void update_file(const char *path, const char *text, size_t length) {
  size_t old_length;
  char *old = read_text(path, &old_length);
  bool same = old && same_bytes(old, old_length, text, length);
  free(old);
  if (same) return;
  write_text(path, text, length);
  updated++;
}

static void remove_file(const char *path) {
  if (remove(path) == 0) updated++;
}

static char *sibling(const char *input, const char *suffix) {
  size_t base = strlen(input) - 3; /* strip ".py" */
  char *path = malloc(base + strlen(suffix) + 1);
  ck_assert_ptr_nonnull(path);
  memcpy(path, input, base);
  strcpy(path + base, suffix);
  return path;
}

static ml_linter *new_linter(void) {
  ml_options options;
  ml_options_init(&options);
  ml_linter *linter = NULL;
  ck_assert_int_eq(ml_linter_new(&options, &linter), ML_OK);
  return linter;
}

static ml_source *load(const char *path) {
  size_t length;
  char *text = read_text(path, &length);
  ck_assert_msg(text != NULL, "cannot read %s", path);
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new(text, length, &source), ML_OK);
  free(text);
  return source;
}

/* The snapshot format of the .expected files. */
static char *render(const ml_source *source, const ml_diag_list *diags) {
  char *text = NULL;
  size_t length = 0;
  FILE *out = open_memstream(&text, &length);
  ck_assert_ptr_nonnull(out);
  for (size_t i = 0; i < diags->count; i++) {
    const ml_diag *d = &diags->items[i];
    ml_position s = ml_source_position(source, d->start, ML_COLUMN_CODEPOINT);
    ml_position e = ml_source_position(source, d->end, ML_COLUMN_CODEPOINT);
    fprintf(out, "%u:%u-%u:%u %s %s\n", s.line, s.column, e.line, e.column, d->rule->code,
            d->message);
    if (d->fix)
      fprintf(out, "  fix (%s): %s\n", ml_applicability_name(d->fix->applicability), d->fix->title);
  }
  fclose(out);
  return text;
}

static void compare_or_update(const char *path, const char *actual, size_t length) {
  if (updating) {
    update_file(path, actual, length);
    return;
  }
  size_t expected_length;
  char *expected = read_text(path, &expected_length);
  ck_assert_msg(expected != NULL, "missing %s", path);
  bool same = same_bytes(expected, expected_length, actual, length);
  free(expected);
  if (same) return;
  /* Check caps its message size, so the whole actual text goes to a file beside the expected one
   * (NAME.expected.actual, git-ignored) and the message shows where they first differ. */
  char actual_path[4200];
  snprintf(actual_path, sizeof actual_path, "%s.actual", path);
  write_text(actual_path, actual, length);
  size_t at = 0;
  char *again = read_text(path, &expected_length);
  while (again && at < length && at < expected_length && again[at] == actual[at]) at++;
  free(again);
  size_t line_start = at;
  while (line_start > 0 && actual[line_start - 1] != '\n') line_start--;
  ck_abort_msg("%s differs (full output in %s); from the first difference:\n%.300s", path,
               actual_path, actual + line_start);
}

static char *lint_rendered(ml_linter *linter, const ml_source *source) {
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  ck_assert_int_eq(ml_lint(linter, source, &diags), ML_OK);
  char *text = render(source, &diags);
  ml_diag_list_clear(&diags);
  return text;
}

START_TEST(test_diagnostics) {
  const char *input = inputs[_i];
  ml_linter *linter = new_linter();
  ml_source *source = load(input);
  char *actual = lint_rendered(linter, source);
  char *path = sibling(input, ".expected");
  compare_or_update(path, actual, strlen(actual));
  /* The rule triggers (checks/triggers.h) only skip work: every rule run on every file finds
   * exactly the same. A trigger list missing a spelling fails here. */
  ml__linter_ignore_triggers(linter, true);
  char *reference = lint_rendered(linter, source);
  ck_assert_msg(strcmp(actual, reference) == 0,
                "%s: with every rule run regardless of triggers the findings are:\n%.600s\n"
                "but with triggers:\n%.600s", input, reference, actual);
  free(reference);
  free(path);
  free(actual);
  ml_source_free(source);
  ml_linter_free(linter);
}
END_TEST

static bool exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static bool same_text(const ml_source *a, const ml_source *b) {
  return same_bytes(ml_source_bytes(a), ml_source_length(a), ml_source_bytes(b),
                    ml_source_length(b));
}

static ml_source *fix_text(ml_linter *linter, const char *input, const ml_source *source,
                           bool unsafe) {
  ml_fix_result result;
  ck_assert_int_eq(ml_fix_source(linter, source, unsafe, &result), ML_OK);
  ck_assert_msg(result.rejected_count == 0, "%s: a fix was rejected (%s)", input,
                result.rejected_count ? result.rejected[0].title : "");
  ml_source *fixed = result.fixed;
  result.fixed = NULL;
  ml_fix_result_clear(&result);
  return fixed;
}

/* Safe fixes must give NAME.fixed.py; safe and unsafe ones NAME.unsafe-fixed.py, which may be
 * absent when the unsafe fixes change nothing more. No expected file means "unchanged". */
static void check_fix(const char *input, bool unsafe) {
  ml_linter *linter = new_linter();
  ml_source *source = load(input);
  ml_source *fixed = fix_text(linter, input, source, unsafe);
  char *safe_path = sibling(input, ".fixed.py");
  char *unsafe_path = sibling(input, ".unsafe-fixed.py");
  const char *path = unsafe && exists(unsafe_path) ? unsafe_path : safe_path;
  if (updating) {
    ml_source *safe = unsafe ? fix_text(linter, input, source, false) : NULL;
    if (!unsafe && !same_text(fixed, source))
      update_file(safe_path, ml_source_bytes(fixed), ml_source_length(fixed));
    else if (!unsafe)
      remove_file(safe_path);
    else if (!same_text(fixed, safe))
      update_file(unsafe_path, ml_source_bytes(fixed), ml_source_length(fixed));
    else
      remove_file(unsafe_path);
    ml_source_free(safe);
  } else if (exists(path)) {
    compare_or_update(path, ml_source_bytes(fixed), ml_source_length(fixed));
  } else {
    ck_assert_msg(same_text(fixed, source), "%s: fixing changed the file but %s is missing", input,
                  path);
  }
  /* Idempotence: fixing the result again changes nothing. */
  ml_source *twice = fix_text(linter, input, fixed, unsafe);
  ck_assert_msg(same_text(twice, fixed), "%s: fixing twice differs from fixing once", input);
  ml_source_free(twice);
  ml_source_free(fixed);
  free(safe_path);
  free(unsafe_path);
  ml_source_free(source);
  ml_linter_free(linter);
}

START_TEST(test_safe_fix) { check_fix(inputs[_i], false); }
END_TEST

START_TEST(test_unsafe_fix) { check_fix(inputs[_i], true); }
END_TEST

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* NAME.py is a case; NAME.fixed.py and NAME.unsafe-fixed.py are its expected fixes. */
static bool is_input(const char *name) {
  return ends_with(name, ".py") && !ends_with(name, ".fixed.py") &&
         !ends_with(name, ".unsafe-fixed.py");
}

/* Whether the snapshot at `path` reports `code`. Its lines read "1:5-1:14 MDL112 message" in a
 * NAME.expected and "app.py:6:8: MDL111 message" (the CLI's concise format) in a folder case's
 * expected.txt; fix lines, summaries and exit statuses name no rule there. */
static bool reports(const char *path, bool concise, const char *code) {
  char *text = read_text(path, NULL);
  ck_assert_msg(text != NULL, "cannot read %s", path);
  size_t code_length = strlen(code);
  bool found = false;
  for (char *line = text, *next; !found && line; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = '\0';
    const char *at = NULL;
    unsigned a, b, c, d;
    int skip = 0;
    if (concise) {
      at = strstr(line, ": ");
      if (at) at += 2;
    } else if (sscanf(line, "%u:%u-%u:%u %n", &a, &b, &c, &d, &skip) == 4 && skip > 0) {
      at = line + skip;
    }
    found = at && strncmp(at, code, code_length) == 0 && at[code_length] == ' ';
  }
  free(text);
  return found;
}

START_TEST(test_rule_fixtures) {
  const char *code = ml_rule_at((size_t)_i)->code;
  char folder[4096];
  snprintf(folder, sizeof folder, "%s/%s", fixtures_root, code);
  DIR *dir = opendir(folder);
  ck_assert_msg(dir != NULL, "%s has no fixture folder %s", code, folder);
  bool positive = false, near_miss = false;
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    const char *name = entry->d_name;
    char path[4096 + 512];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    char *snapshot = NULL;
    bool concise = false;
    if (is_input(name)) {
      snapshot = sibling(path, ".expected");
    } else if (name[0] != '.') {
      /* A folder case: test/cli/project_fixtures.sh runs it. */
      snapshot = malloc(strlen(path) + sizeof "/expected.txt");
      ck_assert_ptr_nonnull(snapshot);
      sprintf(snapshot, "%s/expected.txt", path);
      concise = true;
      if (!exists(snapshot)) {
        free(snapshot);
        continue;
      }
    } else {
      continue;
    }
    bool found = reports(snapshot, concise, code);
    bool near = strncmp(name, "near_miss", strlen("near_miss")) == 0;
    ck_assert_msg(!(near && found), "%s is a near-miss case of %s but reports it", snapshot, code);
    positive |= !near && found;
    near_miss |= near;
    free(snapshot);
  }
  closedir(dir);
  ck_assert_msg(positive, "%s: no case in %s reports the rule", code, folder);
  ck_assert_msg(near_miss, "%s: no near-miss case in %s (near_misses.py, or a folder case named "
                "near_miss*, that a text match would flag and the rule must not)", code, folder);
}
END_TEST

/* A folder named like a code, but of no registered rule, is a typo or a retired rule's leftovers:
 * its cases would test nothing it names. */
START_TEST(test_folders_name_rules) {
  DIR *top = opendir(fixtures_root);
  ck_assert_ptr_nonnull(top);
  struct dirent *entry;
  while ((entry = readdir(top)) != NULL)
    ck_assert_msg(strncmp(entry->d_name, "MDL", 3) != 0 || ml_rule_find(entry->d_name) != NULL,
                  "%s/%s names no registered rule", fixtures_root, entry->d_name);
  closedir(top);
}
END_TEST

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect(const char *root) {
  DIR *top = opendir(root);
  if (!top) {
    fprintf(stderr, "cannot open fixture folder %s\n", root);
    exit(2);
  }
  struct dirent *rule;
  while ((rule = readdir(top)) != NULL) {
    if (rule->d_name[0] == '.') continue;
    char folder[4096];
    snprintf(folder, sizeof folder, "%s/%s", root, rule->d_name);
    DIR *dir = opendir(folder);
    if (!dir) continue;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
      const char *name = entry->d_name;
      if (!is_input(name)) continue;
      char path[4096 + 256];
      snprintf(path, sizeof path, "%s/%s", folder, name);
      inputs = realloc(inputs, (input_count + 1) * sizeof *inputs);
      inputs[input_count++] = strdup(path);
    }
    closedir(dir);
  }
  closedir(top);
  qsort(inputs, input_count, sizeof *inputs, compare_strings);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FIXTURES_DIR\n", argv[0]);
    return 2;
  }
  fixtures_root = argv[1];
  updating = getenv("UPDATE_FIXTURES") != NULL;
  collect(fixtures_root);
  if (input_count == 0) {
    fprintf(stderr, "no fixtures under %s\n", argv[1]);
    return 1;
  }
  Suite *suite = suite_create("fixtures");
  TCase *tc = tcase_create("rules");
  tcase_add_loop_test(tc, test_diagnostics, 0, (int)input_count);
  tcase_add_loop_test(tc, test_safe_fix, 0, (int)input_count);
  tcase_add_loop_test(tc, test_unsafe_fix, 0, (int)input_count);
  suite_add_tcase(suite, tc);
  TCase *discipline = tcase_create("discipline");
  tcase_add_loop_test(discipline, test_rule_fixtures, 0, (int)ml_rule_count());
  tcase_add_test(discipline, test_folders_name_rules);
  suite_add_tcase(suite, discipline);
  SRunner *runner = srunner_create(suite);
  /* The count of updated files lives in this process. */
  if (updating) srunner_set_fork_status(runner, CK_NOFORK);
  srunner_run_all(runner, CK_NORMAL);
  int failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  for (size_t i = 0; i < input_count; i++) free(inputs[i]);
  free(inputs);
  if (updating) {
    fprintf(stderr, "UPDATE_FIXTURES: updated %zu file%s under %s; review the diff, then run "
            "again without UPDATE_FIXTURES (an updating run never passes)\n", updated,
            updated == 1 ? "" : "s", fixtures_root);
    return 1;
  }
  return failed ? 1 : 0;
}
