/* --statistics: how many findings each rule has and how many of them --fix can fix, instead of the
 * findings themselves; the numbers an upgrade is planned with. */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/rule.h"

void cli_statistics_add(cli_statistics *stats, const ml_diag_list *diags) {
  for (size_t i = 0; i < diags->count; i++) {
    const ml_diag *d = &diags->items[i];
    size_t index = ml_rule_index(d->rule);
    if (index >= ML_MAX_RULES)
      continue;
    stats->count[index]++;
    if (d->fix != NULL && d->fix->applicability == ML_APPLICABILITY_SAFE)
      stats->safe[index]++;
    else if (d->fix != NULL && d->fix->applicability == ML_APPLICABILITY_UNSAFE)
      stats->unsafe[index]++;
  }
}

typedef struct row {
  size_t count;
  size_t index;
} row;

/* Most findings first; ties in code order, so the table is the same on every run. */
static int by_count(const void *a, const void *b) {
  const row *x = a, *y = b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static size_t ordered(const cli_statistics *stats, size_t *order) {
  row rows[ML_MAX_RULES];
  size_t n = 0;
  for (size_t i = 0; i < ml_rule_count() && i < ML_MAX_RULES; i++)
    if (stats->count[i] > 0)
      rows[n++] = (row){stats->count[i], i};
  qsort(rows, n, sizeof *rows, by_count);
  for (size_t k = 0; k < n; k++)
    order[k] = rows[k].index;
  return n;
}

/* "[*]" every finding has a safe fix, "[-]" some do, "[ ]" none (unsafe fixes are counted apart). */
static const char *marker(const cli_statistics *stats, size_t i) {
  if (stats->safe[i] == stats->count[i])
    return "[*]";
  return stats->safe[i] > 0 ? "[-]" : "[ ]";
}

void cli_statistics_print(FILE *out, const cli_statistics *stats) {
  size_t order[ML_MAX_RULES];
  size_t n = ordered(stats, order);
  int width = 1;
  for (size_t k = 0; k < n; k++) {
    int w = snprintf(NULL, 0, "%zu", stats->count[order[k]]);
    if (w > width)
      width = w;
  }
  for (size_t k = 0; k < n; k++) {
    size_t i = order[k];
    const ml_rule *rule = ml_rule_at(i);
    fprintf(out, "%*zu  %s  %s %s", width, stats->count[i], rule->code, marker(stats, i),
            rule->slug);
    if (stats->unsafe[i] > 0)
      fprintf(out, " (%zu with an unsafe fix)", stats->unsafe[i]);
    fputc('\n', out);
  }
}

int cli_statistics_write_json(FILE *out, const cli_statistics *stats) {
  size_t order[ML_MAX_RULES];
  size_t n = ordered(stats, order);
  json_t *array = json_array();
  if (array == NULL)
    return ML_ENOMEM;
  for (size_t k = 0; k < n; k++) {
    size_t i = order[k];
    const ml_rule *rule = ml_rule_at(i);
    json_t *o = json_pack("{s:s,s:s,s:I,s:{s:I,s:I}}", "code", rule->code, "name", rule->slug,
                          "count", (json_int_t)stats->count[i], "fixable", "safe",
                          (json_int_t)stats->safe[i], "unsafe", (json_int_t)stats->unsafe[i]);
    if (json_array_append_new(array, o) != 0) {
      json_decref(array);
      return ML_ENOMEM;
    }
  }
  int err = cli_json_write(out, array);
  json_decref(array);
  return err;
}
