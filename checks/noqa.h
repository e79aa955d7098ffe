/* `# noqa` suppression comments, as flake8 and ruff users write them:
 *   x = 1  # noqa                      suppresses every finding on the line
 *   x = 1  # noqa: MDL112, MDL115      only these (codes or slugs, any case)
 * and the report of the ones that name modal-lint rules but suppress nothing (MDL001).
 */
#ifndef ML_NOQA_H
#define ML_NOQA_H

#include <stdbool.h>
#include <stdint.h>

#include "context.h"
#include "modallint/diag.h"
#include "modallint/rule.h"
#include "modallint/source.h"
#include "vec.h"

typedef struct ml__noqa {
  uint32_t line;         /* 1-based line of the comment */
  uint32_t directive;    /* byte offset of the '#' that starts the noqa directive */
  const char *codes;     /* the text after "noqa:" (into the source), or NULL for a bare noqa */
  uint32_t codes_length;
  uint64_t used;         /* bit i: the i-th word of `codes` suppressed a finding (bit 63 stands
                            for every word from the 63rd on); bit 0 alone for a bare noqa */
} ml__noqa;

/* Records the comment spanning [start, end) if it is a noqa comment. */
int ml__noqa_collect(ml__vec *noqas, const ml_source *source, uint32_t start, uint32_t end);

/* Removes (and frees) the diagnostics from index `first` on that a noqa comment suppresses, and
 * notes in each comment which of its codes did suppress something. */
void ml__noqa_filter(ml__vec *noqas, const ml_source *source, ml_diag_list *list, size_t first);

/* Which rules a noqa code may be judged by, for the file just linted: a code is unused only if
 * its rule ran on this file with everything it needs (see MDL001's doc). */
typedef bool (*ml__noqa_judge)(const ml_rule *rule, const void *payload);

/* Reports, as the running rule of `ctx` (MDL001), each noqa comment whose codes name modal-lint
 * rules that suppressed nothing, after ml__noqa_filter. Each finding carries a safe fix that
 * removes the unused codes, or the whole directive when no code would be left. A comment that
 * lists MDL001 itself (or its slug) is left alone. Sets ctx->error when out of memory. */
void ml__noqa_report_unused(ml__ctx *ctx, const ml__vec *noqas, ml__noqa_judge judge,
                            const void *payload);

#endif
