#include "modallint/fix.h"

#include <stdlib.h>
#include <string.h>

#include "diag_list.h"
#include "modallint/error.h"
#include "strbuf.h"

static bool same_edit(const ml_edit *a, const ml_edit *b) {
  return a->start == b->start && a->end == b->end && strcmp(a->text, b->text) == 0;
}

/* Two edits conflict when their order would matter or their ranges overlap. */
static bool conflicts(const ml_edit *a, const ml_edit *b) {
  if (a->start == a->end && b->start == b->end) return a->start == b->start;
  if (a->start == a->end) return b->start < a->start && a->start < b->end;
  if (b->start == b->end) return a->start < b->start && b->start < a->end;
  return a->start < b->end && b->start < a->end;
}

static int compare_edits(const void *x, const void *y) {
  const ml_edit *a = *(const ml_edit *const *)x, *b = *(const ml_edit *const *)y;
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  return a->end < b->end ? -1 : a->end > b->end;
}

int ml_apply_fixes(const char *bytes, uint32_t length, const ml_fix *const *fixes, size_t count,
                   char **out, uint32_t *out_length, bool *applied) {
  size_t total = 0;
  for (size_t i = 0; i < count; i++) total += fixes[i]->edit_count;
  const ml_edit **accepted = malloc((total ? total : 1) * sizeof *accepted);
  if (!accepted) return ML_ENOMEM;
  size_t n = 0;
  for (size_t i = 0; i < count; i++) {
    const ml_fix *fix = fixes[i];
    size_t before = n;
    bool ok = true;
    for (size_t e = 0; ok && e < fix->edit_count; e++) {
      const ml_edit *edit = &fix->edits[e];
      if (edit->end < edit->start || edit->end > length) ok = false;
      bool duplicate = false;
      for (size_t k = 0; ok && k < before; k++) {
        if (same_edit(accepted[k], edit)) duplicate = true;
        else if (conflicts(accepted[k], edit)) ok = false;
      }
      if (ok && !duplicate) accepted[n++] = edit;
    }
    if (!ok) n = before; /* a fix applies whole or not at all */
    if (applied) applied[i] = ok;
  }
  qsort(accepted, n, sizeof *accepted, compare_edits);

  ml__strbuf result;
  ml__strbuf_init(&result);
  uint32_t at = 0;
  for (size_t k = 0; k < n; k++) {
    ml__strbuf_append(&result, bytes + at, accepted[k]->start - at);
    ml__strbuf_append_str(&result, accepted[k]->text);
    at = accepted[k]->end;
  }
  ml__strbuf_append(&result, bytes + at, length - at);
  free(accepted);
  size_t result_length = result.length;
  char *text = ml__strbuf_take(&result);
  if (!text) return ML_ENOMEM;
  if (result_length >= UINT32_MAX) {
    free(text);
    return ML_ETOOBIG;
  }
  *out = text;
  *out_length = (uint32_t)result_length;
  return ML_OK;
}

/* Rejections are those of the last round only: a fix refused on one text may be fine once other
 * fixes changed it, and remembering refusals across rounds (by rule and title, which many
 * findings share) made a second --fix apply what the first had skipped. */
static void forget_rejections(ml_fix_result *result) {
  for (size_t i = 0; i < result->rejected_count; i++) free(result->rejected[i].title);
  result->rejected_count = 0;
}

static int reject(ml_fix_result *result, const ml_diag *diag) {
  ml_rejected_fix *grown =
      realloc(result->rejected, (result->rejected_count + 1) * sizeof *result->rejected);
  if (!grown) return ML_ENOMEM;
  result->rejected = grown;
  char *title = ml__strndup(diag->fix->title, strlen(diag->fix->title));
  if (!title) return ML_ENOMEM;
  grown[result->rejected_count].rule = diag->rule;
  grown[result->rejected_count].title = title;
  result->rejected_count++;
  return ML_OK;
}

/* Only Python has a grammar to check a fix against; text files count as always well formed. */
static int count_errors(ml_linter *linter, const ml_file_info *file, const char *bytes,
                        uint32_t length, size_t *count) {
  if (file && file->kind != ML_FILE_PYTHON) {
    *count = 0;
    return ML_OK;
  }
  return ml_count_syntax_errors(linter, bytes, length, count);
}

/* Applies `fixes` to `text`; *acceptable tells whether the result has no more syntax errors than
 * `errors_before`. */
static int try_apply(ml_linter *linter, const ml_file_info *file, const ml_source *text,
                     size_t errors_before, const ml_fix *const *fixes, size_t count,
                     bool *applied, char **out, uint32_t *out_length, bool *acceptable) {
  int err = ml_apply_fixes(ml_source_bytes(text), ml_source_length(text), fixes, count, out,
                           out_length, applied);
  if (err) return err;
  size_t errors_after;
  err = count_errors(linter, file, *out, *out_length, &errors_after);
  if (err) {
    free(*out);
    return err;
  }
  *acceptable = errors_after <= errors_before;
  return ML_OK;
}

/* One round: applies what it can of `diags`' fixes to `text`; *next is NULL when nothing changed. */
static int fix_round(ml_linter *linter, const ml_file_info *file, const ml_source *text,
                     const ml_diag_list *diags, bool unsafe, ml_fix_result *result,
                     ml_source **next) {
  *next = NULL;
  forget_rejections(result);
  const ml_fix **fixes = malloc((diags->count ? diags->count : 1) * sizeof *fixes);
  bool *applied = calloc(diags->count ? diags->count : 1, sizeof *applied);
  const ml_diag **owners = malloc((diags->count ? diags->count : 1) * sizeof *owners);
  int err = fixes && applied && owners ? ML_OK : ML_ENOMEM;
  size_t count = 0;
  for (size_t i = 0; !err && i < diags->count; i++) {
    const ml_diag *d = &diags->items[i];
    if (!d->fix || d->fix->applicability == ML_APPLICABILITY_DISPLAY_ONLY) continue;
    if (d->fix->applicability == ML_APPLICABILITY_UNSAFE && !unsafe) continue;
    owners[count] = d;
    fixes[count++] = d->fix;
  }
  size_t errors_before = 0;
  if (!err && count)
    err = count_errors(linter, file, ml_source_bytes(text), ml_source_length(text), &errors_before);
  char *bytes = NULL;
  uint32_t length = 0;
  bool acceptable = false;
  if (!err && count)
    err = try_apply(linter, file, text, errors_before, fixes, count, applied, &bytes, &length,
                    &acceptable);
  if (!err && count && !acceptable) {
    /* Something broke the syntax: find the fixes that do so alone, drop them, and apply the rest
     * together, or only the first of them if together they still break it (the next round
     * re-lints and continues). */
    free(bytes);
    bytes = NULL;
    size_t good = 0;
    for (size_t i = 0; !err && i < count; i++) {
      char *single;
      uint32_t single_length;
      bool ok;
      err = try_apply(linter, file, text, errors_before, &fixes[i], 1, NULL, &single,
                      &single_length, &ok);
      if (err) break;
      free(single);
      if (ok) {
        fixes[good] = fixes[i];
        owners[good] = owners[i];
        good++;
      } else {
        err = reject(result, owners[i]);
      }
    }
    count = good;
    if (!err && count) {
      err = try_apply(linter, file, text, errors_before, fixes, count, applied, &bytes, &length,
                      &acceptable);
      if (!err && !acceptable && count > 1) {
        free(bytes);
        bytes = NULL;
        count = 1;
        memset(applied, 0, good * sizeof *applied);
        err = try_apply(linter, file, text, errors_before, fixes, count, applied, &bytes, &length,
                        &acceptable);
      }
      if (!err && !acceptable) {
        free(bytes);
        bytes = NULL;
        count = 0;
      }
    }
  }
  if (!err && bytes) {
    bool changed = length != ml_source_length(text) || memcmp(bytes, ml_source_bytes(text), length) != 0;
    if (changed) {
      for (size_t i = 0; i < count; i++) result->applied += applied[i];
      err = ml_source_new(bytes, length, next);
    }
  }
  free(bytes);
  free(fixes);
  free(applied);
  free(owners);
  return err;
}

int ml_fix_file(ml_linter *linter, const ml_source *source, const ml_file_info *file, bool unsafe,
                ml_fix_result *out) {
  memset(out, 0, sizeof *out);
  ml_source *current = NULL;
  int err = ml_source_new(ml_source_bytes(source), ml_source_length(source), &current);
  for (int round = 0; !err && round <= ML_FIX_MAX_ROUNDS; round++) {
    ml_diag_list diags;
    ml_diag_list_init(&diags);
    err = ml_lint_file(linter, current, file, &diags);
    ml_source *next = NULL;
    if (!err && round < ML_FIX_MAX_ROUNDS)
      err = fix_round(linter, file, current, &diags, unsafe, out, &next);
    if (err || !next) {
      out->remaining = diags;
      out->converged = !err && round < ML_FIX_MAX_ROUNDS;
      break;
    }
    ml_diag_list_clear(&diags);
    ml_source_free(current);
    current = next;
  }
  if (err) {
    ml_source_free(current);
    ml_fix_result_clear(out);
    return err;
  }
  out->fixed = current;
  return ML_OK;
}

int ml_fix_source(ml_linter *linter, const ml_source *source, bool unsafe, ml_fix_result *out) {
  return ml_fix_file(linter, source, NULL, unsafe, out);
}

void ml_fix_result_clear(ml_fix_result *result) {
  ml_source_free(result->fixed);
  ml_diag_list_clear(&result->remaining);
  for (size_t i = 0; i < result->rejected_count; i++) free(result->rejected[i].title);
  free(result->rejected);
  memset(result, 0, sizeof *result);
}
