/* Internal helpers over the public diagnostic types. */
#ifndef ML_DIAG_LIST_H
#define ML_DIAG_LIST_H

#include "modallint/diag.h"

/* Appends a copy of `diag` (taking over its message and fix). NULL when out of memory. */
ml_diag *ml__diag_list_push(ml_diag_list *list, const ml_diag *diag);

void ml__fix_free(ml_fix *fix);
void ml__diag_free(ml_diag *diag);

/* Sorts by start, end, then code: the order every front end prints. */
void ml__diag_list_sort(ml_diag_list *list);

#endif
