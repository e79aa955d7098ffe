/* --add-noqa: silencing every current finding with a `# noqa: CODE` comment on its line, so a
 * project can adopt modal-lint now and pay the debt later. */
#ifndef MODAL_LINT_ADD_NOQA_H
#define MODAL_LINT_ADD_NOQA_H

#include <stddef.h>
#include <stdint.h>

#include "modallint/file.h"
#include "modallint/lint.h"
#include "modallint/source.h"

typedef struct cli_noqa_result {
  char *text;        /* the new bytes of the file, or NULL when nothing changed; owned */
  size_t length;
  size_t added;      /* lines that got a directive or had codes merged into one */
  uint32_t *skipped; /* 1-based lines where no comment can go (inside a string, after a `\`);
                        owned */
  size_t skipped_count;
} cli_noqa_result;

/* Lints `source` (described by `info`, as ml_lint_file) and adds `# noqa: CODES` (sorted, unique)
 * at the end of each line a finding starts on, or merges the codes into the `# noqa: ...` list
 * already there, keeping what it names. MDL001 findings are left alone: listing MDL001 would
 * silence the unused-noqa check for the whole comment. `out` is zeroed first and owned by the
 * caller afterwards: cli_noqa_result_clear. Returns 0, or ML_ENOMEM (or a lint error) with `out`
 * empty. */
int cli_add_noqa(ml_linter *linter, const ml_source *source, const ml_file_info *info,
                 cli_noqa_result *out);
void cli_noqa_result_clear(cli_noqa_result *result);

#endif
