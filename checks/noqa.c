#include "noqa.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "diag_list.h"
#include "modallint/error.h"

static bool is_code_char(char c) { return isalnum((unsigned char)c) || c == '-' || c == '_'; }

/* The directive may follow other text in the same comment ("# type: ignore  # noqa"). */
static const char *find_directive(const char *p, const char *stop) {
  for (; p < stop; p++) {
    if (*p != '#') continue;
    const char *q = p + 1;
    while (q < stop && isspace((unsigned char)*q)) q++;
    if (stop - q >= 4 && strncasecmp(q, "noqa", 4) == 0) return q + 4;
  }
  return NULL;
}

int ml__noqa_collect(ml__vec *noqas, const ml_source *source, uint32_t start, uint32_t end) {
  const char *stop = ml_source_bytes(source) + end;
  const char *p = find_directive(ml_source_bytes(source) + start, stop);
  if (!p) return ML_OK;
  ml__noqa noqa = {ml_source_position(source, start, ML_COLUMN_UTF8).line, NULL, 0};
  if (p < stop && *p == ':') {
    p++;
    noqa.codes = p;
    noqa.codes_length = (uint32_t)(stop - p);
  } else if (p < stop && is_code_char(*p)) {
    return ML_OK; /* "# noqaX" is not a noqa comment */
  }
  return ml__vec_push(noqas, &noqa);
}

static bool lists_rule(const ml__noqa *noqa, const ml_rule *rule) {
  const char *p = noqa->codes, *end = noqa->codes + noqa->codes_length;
  while (p < end) {
    while (p < end && !is_code_char(*p)) {
      if (*p == '#') return false; /* a second comment after the codes */
      p++;
    }
    const char *word = p;
    while (p < end && is_code_char(*p)) p++;
    size_t length = (size_t)(p - word);
    if (length == 0) break;
    if ((length == strlen(rule->code) && strncasecmp(word, rule->code, length) == 0) ||
        (length == strlen(rule->slug) && strncasecmp(word, rule->slug, length) == 0))
      return true;
  }
  return false;
}

static bool suppressed(const ml__vec *noqas, uint32_t line, const ml_rule *rule) {
  for (size_t i = 0; i < noqas->count; i++) {
    const ml__noqa *noqa = ml__vec_at(noqas, i);
    if (noqa->line != line) continue;
    if (!noqa->codes || lists_rule(noqa, rule)) return true;
  }
  return false;
}

void ml__noqa_filter(const ml__vec *noqas, const ml_source *source, ml_diag_list *list,
                     size_t first) {
  if (noqas->count == 0) return;
  size_t kept = first;
  for (size_t i = first; i < list->count; i++) {
    ml_diag *diag = &list->items[i];
    uint32_t line = ml_source_position(source, diag->start, ML_COLUMN_UTF8).line;
    if (suppressed(noqas, line, diag->rule)) {
      ml__diag_free(diag);
      continue;
    }
    list->items[kept++] = *diag;
  }
  list->count = kept;
}
