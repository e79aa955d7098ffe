/* Diagnostics and fixes, as plain data.
 *
 * A fix is a title, an applicability and a sorted list of non-overlapping byte-range edits on the
 * source the diagnostic was produced from. Front ends convert offsets with source.h. */
#ifndef MODALLINT_DIAG_H
#define MODALLINT_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "modallint/rule.h"

typedef enum ml_applicability {
  ML_APPLICABILITY_SAFE = 0,        /* applied by --fix */
  ML_APPLICABILITY_UNSAFE = 1,      /* applied by --fix --unsafe-fixes */
  ML_APPLICABILITY_DISPLAY_ONLY = 2 /* shown, never applied */
} ml_applicability;

/* Replace bytes [start, end) with `text` (NUL-terminated, owned by the edit). */
typedef struct ml_edit {
  uint32_t start;
  uint32_t end;
  char *text;
} ml_edit;

typedef struct ml_fix {
  char *title;
  ml_applicability applicability;
  ml_edit *edits; /* sorted by start, non-overlapping */
  size_t edit_count;
} ml_fix;

typedef struct ml_diag {
  const ml_rule *rule;
  ml_severity severity;
  uint32_t start; /* byte range the finding underlines */
  uint32_t end;
  char *message;
  ml_fix *fix; /* NULL when the finding has no fix */
} ml_diag;

/* A growable list of diagnostics; zero-initialise it or call ml_diag_list_init. */
typedef struct ml_diag_list {
  ml_diag *items;
  size_t count;
  size_t capacity;
} ml_diag_list;

void ml_diag_list_init(ml_diag_list *list);
/* Frees every diagnostic (messages, fixes) and the array; the list is empty and reusable after. */
void ml_diag_list_clear(ml_diag_list *list);

const char *ml_applicability_name(ml_applicability applicability);
const char *ml_severity_name(ml_severity severity);

#endif
