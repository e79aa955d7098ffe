/* Unified diffs of two texts, line by line, for --diff. */
#ifndef MODAL_LINT_DIFF_H
#define MODAL_LINT_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "color.h"

/* Writes to `out` a unified diff from `old` to `new` (headers "--- a/PATH" and "+++ b/PATH",
 * hunks with 3 lines of context, "\ No newline at end of file" where it applies), or nothing when
 * the texts are equal. The edit script is a shortest one (Myers, linear space). Sets `*changed`.
 * Returns 0 or ML_ENOMEM (then nothing was written). */
int cli_diff_write(FILE *out, const cli_palette *palette, const char *path, const char *old_text,
                   size_t old_length, const char *new_text, size_t new_length, bool *changed);

#endif
