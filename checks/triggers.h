/* Rule triggers: which rules can have anything to report in a file, decided from its words before
 * the walk. A rule lists the identifiers one of which every finding of it needs (MDL112:
 * keep_warm, concurrency_limit, ...); a file whose text holds none of them, as a whole word
 * anywhere (code, strings, comments), cannot give that rule a finding, so the walk skips its visits
 * and its finish hook. A rule with a call table (rule_impl.h) also needs one of the words its
 * table's calls are written with, derived here; with a list as well, the file must hold a word of
 * each. One pass over the bytes per file, hashing each word once. */
#ifndef ML_TRIGGERS_H
#define ML_TRIGGERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rule_impl.h"

typedef struct ml__trigger_word ml__trigger_word;

typedef struct ml__triggers {
  ml__trigger_word *table; /* open addressing; NULL until a rule with triggers is added */
  size_t capacity;         /* a power of two */
  size_t count;
  size_t gated;            /* rules added with triggers */
  uint8_t *active;         /* per rule slot: 1 when the current file may concern it */
  uint8_t *need;           /* per rule slot: which kinds of word it needs (0: none, ungated) */
  uint8_t *seen;           /* per rule slot: which of them the current file has shown so far */
  size_t slots;
} ml__triggers;

void ml__triggers_init(ml__triggers *t);
void ml__triggers_free(ml__triggers *t);

/* Gives `rule` the next slot (returned in *slot) and indexes its trigger words, listed and derived
 * from its call table; a rule with neither is always active. Returns 0 or ML_ENOMEM. */
int ml__triggers_add(ml__triggers *t, const ml__rule_impl *rule, uint32_t *slot);

/* Decides, from the words of `bytes`, which slots are active for this file. */
void ml__triggers_scan(ml__triggers *t, const char *bytes, size_t length);

/* Makes every slot active (for callers that must see every rule run, and tests). */
void ml__triggers_activate_all(ml__triggers *t);

static inline bool ml__triggers_is_active(const ml__triggers *t, uint32_t slot) {
  return t->active[slot] != 0;
}

#endif
