/* The cheap gate: whether a file is worth a parse at all, decided from one pass over its bytes
 * whose facts the stages after it read instead of reading the bytes again. */
#ifndef ML_GATE_H
#define ML_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "modallint/file.h"
#include "modallint/source.h"
#include "vec.h"

typedef enum ml__gate_verdict {
  ML_GATE_SKIP, /* nothing to find: not parsed */
  ML_GATE_LINT,
  /* A Python file that mentions "modal" only in its text: it neither imports modal (nor a project
   * module exporting Modal objects) nor carries a noqa comment. Only rules that read Python text
   * (ml__rule_impl.gate) may find something; the linter asks them. */
  ML_GATE_ASK_RULES,
} ml__gate_verdict;

/* What the pass learns about a file. */
typedef struct ml__gate {
  ml__gate_verdict verdict;
  const uint32_t *modal_at; /* the offset of each "modal" in the text, in order */
  size_t modal_count;
  bool imports_modal; /* a statement holding one of them imports modal (ml_imports_modal) */
  bool has_noqa;      /* "noqa" occurs (a suppression comment, perhaps unused: MDL001) */
} ml__gate;

/* Reads `source` once and judges it:
 * - a file that never mentions "modal" is skipped (for Python: unless it imports a first-party
 *   module the project index says exports Modal objects, `from .common import app`);
 * - shell, CI and documentation files that mention it are linted;
 * - a Python file that imports modal, or carries a noqa comment (MDL001 reports unused ones), is
 *   linted; one mentioning "modal" only in prose or strings goes to the rules that read text.
 * The offsets go into `offsets` (uint32_t, cleared first, kept by the caller across files) and
 * stay valid until it changes. imports_modal is known for Python files only. Returns 0 or
 * ML_ENOMEM. */
int ml__gate_scan(const ml_source *source, const ml_file_info *file, ml__vec *offsets,
                  ml__gate *out);

#endif
