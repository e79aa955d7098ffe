/* libFuzzer harness: lint and fix arbitrary bytes.
 *
 * Beyond "no crash, no sanitizer report", it checks what a user relies on when running --fix:
 *   - findings and their fix edits lie inside the text, in order, without overlaps;
 *   - a fixed text never has more syntax errors than the input (the fixer must refuse such fixes);
 *   - fixing the fixed text again changes nothing (fixing twice equals fixing once);
 * for safe fixes alone and with unsafe ones. A broken property aborts, so libFuzzer keeps the
 * input. Code nested past the library's limit may be refused (ML_ETOODEEP), by every entry point
 * alike, and is then checked no further.
 * The input is run-length expanded first (expand.h), so a few bytes can spell 70,000 brackets.
 * Built and run by test/fuzz/run.sh; see the README's "Reliability and fuzzing". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/fix.h"
#include "modallint/lint.h"
#include "modallint/source.h"

#include "expand.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One linter for the whole run, as the CLI keeps one per thread: state leaking from one input
 * into the next is part of what is being tested. */
static ml_linter *linter;

static void violated(const char *what, int detail) {
  fprintf(stderr, "fuzz_lint: property violated: %s (%d)\n", what, detail);
  abort();
}

/* An error from the library on input that fits in memory is a bug: nothing here is too big. */
static void check_ok(int err, const char *call) {
  if (err != ML_OK) violated(call, err);
}

static void check_edits(const ml_fix *fix, uint32_t length) {
  for (size_t e = 0; e < fix->edit_count; e++) {
    const ml_edit *edit = &fix->edits[e];
    if (edit->start > edit->end || edit->end > length)
      violated("fix edit outside the text", (int)e);
    if (edit->text == NULL) violated("fix edit without text", (int)e);
    if (e > 0 && fix->edits[e - 1].end > edit->start)
      violated("fix edits unsorted or overlapping", (int)e);
  }
}

static void check_diags(const ml_source *source, const ml_diag_list *diags) {
  uint32_t length = ml_source_length(source);
  for (size_t i = 0; i < diags->count; i++) {
    const ml_diag *d = &diags->items[i];
    if (d->rule == NULL || d->message == NULL) violated("finding without rule or message", (int)i);
    if (d->start > d->end || d->end > length) violated("finding outside the text", (int)i);
    if (i > 0 && diags->items[i - 1].start > d->start) violated("findings not sorted", (int)i);
    /* Front ends convert every finding; these must hold for any offset the library hands out. */
    for (int kind = ML_COLUMN_UTF8; kind <= ML_COLUMN_CODEPOINT; kind++) {
      ml_position p = ml_source_position(source, d->start, (ml_column_kind)kind);
      if (p.line < 1 || p.line > ml_source_line_count(source) || p.column < 1)
        violated("position out of range", kind);
      if (ml_source_offset(source, p, (ml_column_kind)kind) > length)
        violated("offset past the end", kind);
    }
    if (d->fix) check_edits(d->fix, length);
  }
}

/* Whether the library refused the text as a whole: nested too deeply, or too costly to parse
 * (error recovery past its time budget). Both are refusals with a message, not failures. */
static bool refused(int err) { return err == ML_ETOODEEP || err == ML_EPARSE; }

/* The syntax errors in the text, or false when the library refuses it. */
static bool syntax_errors(const char *bytes, uint32_t length, size_t *count) {
  int err = ml_count_syntax_errors(linter, bytes, length, count);
  if (refused(err)) return false;
  check_ok(err, "ml_count_syntax_errors");
  return true;
}

static bool same_bytes(const ml_source *a, const ml_source *b) {
  return ml_source_length(a) == ml_source_length(b) &&
         memcmp(ml_source_bytes(a), ml_source_bytes(b), ml_source_length(a)) == 0;
}

static void check_fix(const ml_source *source, size_t errors_before, bool unsafe) {
  ml_fix_result once;
  int err = ml_fix_source(linter, source, unsafe, &once);
  if (refused(err)) return;
  check_ok(err, "ml_fix_source");
  check_diags(once.fixed, &once.remaining);
  if (!same_bytes(source, once.fixed)) {
    size_t errors_after = 0;
    if (!syntax_errors(ml_source_bytes(once.fixed), ml_source_length(once.fixed), &errors_after))
      violated("a fix nested the text too deeply", (int)unsafe);
    if (errors_after > errors_before) violated("a fix added syntax errors", (int)unsafe);
    /* A fixer that ran out of rounds (fixes that keep undoing each other) may go on next time;
     * the bound is what keeps it from looping, so only a settled result must be final. */
    if (once.converged) {
      ml_fix_result twice;
      err = ml_fix_source(linter, once.fixed, unsafe, &twice);
      if (refused(err)) {
        ml_fix_result_clear(&once);
        return;
      }
      check_ok(err, "ml_fix_source (second)");
      if (!same_bytes(once.fixed, twice.fixed))
        violated("fixing twice differs from once", (int)unsafe);
      ml_fix_result_clear(&twice);
    }
  } else if (once.applied != 0) {
    violated("fixes counted as applied but the text did not change", (int)once.applied);
  }
  ml_fix_result_clear(&once);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  ml_options options;
  ml_options_init(&options);
  check_ok(ml_linter_new(&options, &linter), "ml_linter_new");
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text;
  size_t length;
  if (!fuzz_expand(data, size, &text, &length)) return 0;
  ml_source *source = NULL;
  check_ok(ml_source_new(text, length, &source), "ml_source_new");
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  int err = ml_lint(linter, source, &diags);
  size_t errors_before = 0;
  if (!refused(err)) {
    check_ok(err, "ml_lint");
    check_diags(source, &diags);
    if (syntax_errors(ml_source_bytes(source), ml_source_length(source), &errors_before)) {
      check_fix(source, errors_before, false);
      check_fix(source, errors_before, true);
    }
  }
  ml_diag_list_clear(&diags);
  ml_source_free(source);
  free(text);
  return 0;
}
