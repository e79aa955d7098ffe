#include "diag_list.h"

#include <stdlib.h>
#include <string.h>

void ml_diag_list_init(ml_diag_list *list) {
  list->items = NULL;
  list->count = 0;
  list->capacity = 0;
}

void ml__fix_free(ml_fix *fix) {
  if (!fix) return;
  for (size_t i = 0; i < fix->edit_count; i++) free(fix->edits[i].text);
  free(fix->edits);
  free(fix->title);
  free(fix);
}

void ml__diag_free(ml_diag *diag) {
  free(diag->message);
  ml__fix_free(diag->fix);
  diag->message = NULL;
  diag->fix = NULL;
}

void ml_diag_list_clear(ml_diag_list *list) {
  for (size_t i = 0; i < list->count; i++) ml__diag_free(&list->items[i]);
  free(list->items);
  ml_diag_list_init(list);
}

ml_diag *ml__diag_list_push(ml_diag_list *list, const ml_diag *diag) {
  if (list->count == list->capacity) {
    size_t grown = list->capacity ? list->capacity * 2 : 16;
    ml_diag *items = realloc(list->items, grown * sizeof *items);
    if (!items) return NULL;
    list->items = items;
    list->capacity = grown;
  }
  list->items[list->count] = *diag;
  return &list->items[list->count++];
}

static int compare_diags(const void *a, const void *b) {
  const ml_diag *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->end != y->end) return x->end < y->end ? -1 : 1;
  int code = strcmp(x->rule->code, y->rule->code);
  if (code) return code;
  return strcmp(x->message, y->message);
}

void ml__diag_list_sort(ml_diag_list *list) {
  if (list->count > 1) qsort(list->items, list->count, sizeof *list->items, compare_diags);
}

const char *ml_applicability_name(ml_applicability applicability) {
  switch (applicability) {
    case ML_APPLICABILITY_SAFE: return "safe";
    case ML_APPLICABILITY_UNSAFE: return "unsafe";
    default: return "display-only";
  }
}

const char *ml_severity_name(ml_severity severity) {
  return severity == ML_SEVERITY_ERROR ? "error" : "warning";
}
