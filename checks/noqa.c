#include "noqa.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag_list.h"
#include "modallint/error.h"
#include "modallint/lint.h"
#include "rule_impl.h"
#include "strbuf.h"

static bool is_code_char(char c) { return isalnum((unsigned char)c) || c == '-' || c == '_'; }

/* The directive may follow other text in the same comment ("# type: ignore  # noqa"); only the
 * first "# noqa" counts. Public so that --add-noqa finds directives exactly as the lint does. */
bool ml_noqa_find(const char *text, size_t length, size_t *hash, size_t *after) {
  const char *stop = text + length;
  for (const char *p = text; p < stop; p++) {
    if (*p != '#') continue;
    const char *q = p + 1;
    while (q < stop && isspace((unsigned char)*q)) q++;
    if (stop - q >= 4 && strncasecmp(q, "noqa", 4) == 0) {
      q += 4;
      if (q < stop && is_code_char(*q)) return false; /* "# noqaX" is none */
      *hash = (size_t)(p - text);
      *after = (size_t)(q - text);
      return true;
    }
  }
  return false;
}

int ml__noqa_collect(ml__vec *noqas, const ml_source *source, uint32_t start, uint32_t end) {
  const char *bytes = ml_source_bytes(source);
  size_t hash, after;
  if (!ml_noqa_find(bytes + start, end - start, &hash, &after)) return ML_OK;
  ml__noqa noqa = {ml_source_position(source, start, ML_COLUMN_UTF8).line,
                   (uint32_t)(start + hash), NULL, 0, 0};
  const char *p = bytes + start + after;
  if (p < bytes + end && *p == ':') {
    noqa.codes = p + 1;
    noqa.codes_length = (uint32_t)(bytes + end - noqa.codes);
  }
  return ml__vec_push(noqas, &noqa);
}

/* One word of a code list, as [start, end) into the source. */
typedef struct word {
  const char *start;
  const char *end;
} word;

/* The next code word from *p, or false at the end of the list (its end, or a second comment). */
static bool next_word(const char **p, const char *end, word *out) {
  const char *q = *p;
  while (q < end && !is_code_char(*q)) {
    if (*q == '#') return false;
    q++;
  }
  if (q == end) return false;
  out->start = q;
  while (q < end && is_code_char(*q)) q++;
  out->end = q;
  *p = q;
  return true;
}

static bool word_is(const word *w, const char *text) {
  size_t length = (size_t)(w->end - w->start);
  return length == strlen(text) && strncasecmp(w->start, text, length) == 0;
}

/* The index of the word of `noqa` naming `rule`, or -1. */
static int listed_at(const ml__noqa *noqa, const ml_rule *rule) {
  const char *p = noqa->codes, *end = noqa->codes + noqa->codes_length;
  word w;
  for (int index = 0; next_word(&p, end, &w); index++)
    if (word_is(&w, rule->code) || word_is(&w, rule->slug)) return index;
  return -1;
}

static uint64_t word_bit(int index) { return (uint64_t)1 << (index < 63 ? index : 63); }

/* Marks the first noqa on `line` that suppresses `rule`; false when none does. */
static bool suppress(ml__vec *noqas, uint32_t line, const ml_rule *rule) {
  for (size_t i = 0; i < noqas->count; i++) {
    ml__noqa *noqa = ml__vec_at(noqas, i);
    if (noqa->line != line) continue;
    if (!noqa->codes) {
      noqa->used |= 1;
      return true;
    }
    int index = listed_at(noqa, rule);
    if (index >= 0) {
      noqa->used |= word_bit(index);
      return true;
    }
  }
  return false;
}

void ml__noqa_filter(ml__vec *noqas, const ml_source *source, ml_diag_list *list, size_t first) {
  if (noqas->count == 0) return;
  size_t kept = first;
  for (size_t i = first; i < list->count; i++) {
    ml_diag *diag = &list->items[i];
    uint32_t line = ml_source_position(source, diag->start, ML_COLUMN_UTF8).line;
    if (suppress(noqas, line, diag->rule)) {
      ml__diag_free(diag);
      continue;
    }
    list->items[kept++] = *diag;
  }
  list->count = kept;
}

/* --- unused directives (MDL001) ------------------------------------------------------------ */

/* Past 64 words a list is not judged: the `used` bits cannot tell them apart. */
#define MAX_WORDS 64

typedef enum verdict { KEEP = 0, UNUSED, UNKNOWN } verdict;

/* "MDL" and three digits: modal-lint's code shape, whether or not such a rule exists. Other
 * tools' codes (E501, F401, RUF100) are none of our business. */
static bool looks_like_our_code(const word *w) {
  if (w->end - w->start != 6 || strncasecmp(w->start, "MDL", 3) != 0) return false;
  for (int i = 3; i < 6; i++)
    if (!isdigit((unsigned char)w->start[i])) return false;
  return true;
}

static const ml_rule *rule_named(const word *w) {
  char name[64];
  size_t length = (size_t)(w->end - w->start);
  if (length >= sizeof name) return NULL;
  memcpy(name, w->start, length);
  name[length] = '\0';
  const ml_rule *rule = ml_rule_find(name);
  /* Slugs are matched case-insensitively by the filter; do the same here. */
  for (size_t i = 0; !rule && i < ml_rule_count(); i++)
    if (strcasecmp(ml_rule_at(i)->slug, name) == 0) rule = ml_rule_at(i);
  return rule;
}

static verdict judge_word(const ml__noqa *noqa, int index, const word *w, ml__noqa_judge judge,
                          const void *payload) {
  const ml_rule *rule = rule_named(w);
  if (!rule) return looks_like_our_code(w) ? UNKNOWN : KEEP;
  if (noqa->used & word_bit(index)) return KEEP;
  return judge(rule, payload) ? UNUSED : KEEP;
}

/* "`MDL112`, `MDL115`" from the words with verdict `which`. */
static void list_words(ml__strbuf *out, const word *words, const verdict *verdicts, int count,
                       verdict which) {
  bool first = true;
  for (int i = 0; i < count; i++) {
    if (verdicts[i] != which) continue;
    ml__strbuf_printf(out, "%s`%.*s`", first ? "" : ", ", (int)(words[i].end - words[i].start),
                      words[i].start);
    first = false;
  }
}

/* Removing the whole directive. When it ends the line, the blanks before it go too; when another
 * comment follows ("# noqa: MDL112 # why") the directive gives way to it; when free text follows
 * ("# noqa: MDL112 kept for the demo") that text stays a comment. */
static void remove_directive(ml__ctx *ctx, ml_fix *fix, const ml__noqa *noqa,
                             const char *list_end) {
  const char *bytes = ctx->bytes;
  const char *stop = noqa->codes + noqa->codes_length;
  const char *rest = list_end;
  while (rest < stop && (isspace((unsigned char)*rest) || *rest == ',')) rest++;
  uint32_t start = noqa->directive;
  if (rest == stop) {
    uint32_t line_start = ml_source_line_start(ctx->source, noqa->line);
    while (start > line_start && (bytes[start - 1] == ' ' || bytes[start - 1] == '\t')) start--;
    ml__fix_edit(ctx, fix, start, (uint32_t)(stop - bytes), "");
  } else {
    ml__fix_edit(ctx, fix, start, (uint32_t)(rest - bytes), *rest == '#' ? "" : "# ");
  }
}

/* Keeping the other words, joined as "A, B". */
static void rewrite_list(ml__ctx *ctx, ml_fix *fix, const word *words, const verdict *verdicts,
                         int count) {
  ml__strbuf text;
  ml__strbuf_init(&text);
  bool first = true;
  for (int i = 0; i < count; i++) {
    if (verdicts[i] != KEEP) continue;
    ml__strbuf_printf(&text, "%s%.*s", first ? "" : ", ", (int)(words[i].end - words[i].start),
                      words[i].start);
    first = false;
  }
  size_t length = text.length;
  char *bytes = ml__strbuf_take(&text);
  if (!bytes) {
    ctx->error = -1;
    return;
  }
  ml__fix_edit_n(ctx, fix, (uint32_t)(words[0].start - ctx->bytes),
                 (uint32_t)(words[count - 1].end - ctx->bytes), bytes, length);
  free(bytes);
}

static void report_one(ml__ctx *ctx, const ml__noqa *noqa, const word *words,
                       const verdict *verdicts, int count) {
  int kept = 0, unused = 0, unknown = 0;
  for (int i = 0; i < count; i++) {
    kept += verdicts[i] == KEEP;
    unused += verdicts[i] == UNUSED;
    unknown += verdicts[i] == UNKNOWN;
  }
  ml__strbuf message;
  ml__strbuf_init(&message);
  ml__strbuf_printf(&message, "Unused `noqa` directive (");
  if (unused) {
    ml__strbuf_printf(&message, "unused: ");
    list_words(&message, words, verdicts, count, UNUSED);
  }
  if (unknown) {
    ml__strbuf_printf(&message, "%sunknown: ", unused ? "; " : "");
    list_words(&message, words, verdicts, count, UNKNOWN);
  }
  ml__strbuf_printf(&message, ")");
  char *text = ml__strbuf_take(&message);
  if (!text) {
    ctx->error = -1;
    return;
  }
  const char *list_end = words[count - 1].end;
  ml_diag *diag = ml__report(ctx, noqa->directive, (uint32_t)(list_end - ctx->bytes), "%s", text);
  free(text);
  if (!diag) return;
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                              kept ? "Remove the unused codes" : "Remove the `noqa` directive");
  if (!fix) return;
  if (kept)
    rewrite_list(ctx, fix, words, verdicts, count);
  else
    remove_directive(ctx, fix, noqa, list_end);
  ml__fix_end(ctx, diag);
}

/* The list of codes ends at the first word that is no code: "# noqa: MDL112 kept for now". A code
 * is letters then digits (E501, RUF100, MDL112) or a rule's slug. */
static bool is_code_word(const word *w) {
  const char *p = w->start;
  while (p < w->end && isalpha((unsigned char)*p)) p++;
  const char *digits = p;
  while (p < w->end && isdigit((unsigned char)*p)) p++;
  if (digits > w->start && p > digits && p == w->end) return true;
  return rule_named(w) != NULL;
}

static void check_one(ml__ctx *ctx, const ml__noqa *noqa, ml__noqa_judge judge,
                      const void *payload) {
  word words[MAX_WORDS];
  verdict verdicts[MAX_WORDS];
  int count = 0;
  bool reportable = false;
  const char *p = noqa->codes, *end = noqa->codes + noqa->codes_length;
  word w;
  while (next_word(&p, end, &w) && is_code_word(&w)) {
    if (count == MAX_WORDS) return;
    /* Whoever writes MDL001 into a list wants its unused codes kept. */
    if (word_is(&w, ctx->rule->info.code) || word_is(&w, ctx->rule->info.slug)) return;
    words[count] = w;
    verdicts[count] = judge_word(noqa, count, &w, judge, payload);
    reportable |= verdicts[count] != KEEP;
    count++;
  }
  if (reportable) report_one(ctx, noqa, words, verdicts, count);
}

void ml__noqa_report_unused(ml__ctx *ctx, const ml__vec *noqas, ml__noqa_judge judge,
                            const void *payload) {
  for (size_t i = 0; i < noqas->count && !ctx->error; i++) {
    const ml__noqa *noqa = ml__vec_at(noqas, i);
    /* A bare noqa may be meant for flake8 or ruff: it is never ours to call unused. */
    if (noqa->codes) check_one(ctx, noqa, judge, payload);
  }
}
