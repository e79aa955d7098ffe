/* `# noqa` suppression comments, as flake8 and ruff users write them:
 *   x = 1  # noqa                      suppresses every finding on the line
 *   x = 1  # noqa: MDL112, MDL115      only these (codes or slugs, any case)
 */
#ifndef ML_NOQA_H
#define ML_NOQA_H

#include <stdbool.h>
#include <stdint.h>

#include "modallint/diag.h"
#include "modallint/source.h"
#include "vec.h"

typedef struct ml__noqa {
  uint32_t line;        /* 1-based line of the comment */
  const char *codes;    /* the text after "noqa:" (into the source), or NULL for a bare noqa */
  uint32_t codes_length;
} ml__noqa;

/* Records the comment spanning [start, end) if it is a noqa comment. */
int ml__noqa_collect(ml__vec *noqas, const ml_source *source, uint32_t start, uint32_t end);

/* Removes (and frees) the diagnostics from index `first` on that a noqa comment suppresses. */
void ml__noqa_filter(const ml__vec *noqas, const ml_source *source, ml_diag_list *list,
                     size_t first);

#endif
