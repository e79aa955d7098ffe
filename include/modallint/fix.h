/* Applying fixes to a source until nothing changes. */
#ifndef MODALLINT_FIX_H
#define MODALLINT_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "modallint/diag.h"
#include "modallint/lint.h"
#include "modallint/source.h"

/* A fix that was not applied because the result would not parse. */
typedef struct ml_rejected_fix {
  const ml_rule *rule;
  char *title;
} ml_rejected_fix;

typedef struct ml_fix_result {
  ml_source *fixed;            /* the final text (equal to the input when nothing applied) */
  size_t applied;              /* how many fixes were applied over all rounds */
  ml_diag_list remaining;      /* the findings of the final text */
  ml_rejected_fix *rejected;   /* fixes dropped because they would introduce a syntax error */
  size_t rejected_count;
  bool converged;              /* false when ML_FIX_MAX_ROUNDS ran out while fixes still applied:
                                  fixing the result again may change it further */
} ml_fix_result;

/* Applies every safe fix (and unsafe ones when `unsafe` is set) of `source`, re-lints and repeats
 * until no fix applies (at most ML_FIX_MAX_ROUNDS rounds). Within a round, an edit identical to one
 * already applied is skipped, and a fix overlapping an applied one waits for the next round.
 * `out` is filled and owned by the caller: ml_fix_result_clear. */
#define ML_FIX_MAX_ROUNDS 10
int ml_fix_source(ml_linter *linter, const ml_source *source, bool unsafe, ml_fix_result *out);
void ml_fix_result_clear(ml_fix_result *result);

/* As ml_fix_source, for a file described by `file` (see ml_lint_file; NULL is a Python file
 * outside any project). Every round re-lints with the same `file`, so a project-level fix (MDL111)
 * sees its own result. The syntax check that rejects fixes applies to Python files only; text
 * files are rewritten as the fixes say. */
int ml_fix_file(ml_linter *linter, const ml_source *source, const ml_file_info *file, bool unsafe,
                ml_fix_result *out);

/* Applies the edits of `fixes` (in order, skipping any that overlap an earlier one or repeat an
 * identical edit) to `bytes`. `*out` is a new NUL-terminated buffer owned by the caller (free).
 * `applied[i]` tells whether fixes[i] was applied; it may be NULL. */
int ml_apply_fixes(const char *bytes, uint32_t length, const ml_fix *const *fixes, size_t count,
                   char **out, uint32_t *out_length, bool *applied);

#endif
