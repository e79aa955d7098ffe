/* Rule triggers: see triggers.h. */
#include "triggers.h"

#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"

/* A rule a word counts for, and for which of its needs (TRIGGERS_LISTED, TRIGGERS_CALLED). */
typedef struct trigger_use {
  uint32_t slot;
  uint8_t need;
} trigger_use;

/* The rules one word triggers: most words belong to one rule, a few to several. */
struct ml__trigger_word {
  const char *word; /* NULL: an empty slot */
  size_t length;
  uint64_t hash;
  trigger_use *uses;
  size_t use_count;
};

/* A rule's needs, bits of ml__triggers.need: one of its `triggers`, one of its table's words. */
enum { TRIGGERS_LISTED = 1, TRIGGERS_CALLED = 2 };

static uint64_t hash_word(const unsigned char *p, size_t length) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (size_t i = 0; i < length; i++) h = (h ^ p[i]) * 1099511628211ULL;
  return h;
}

void ml__triggers_init(ml__triggers *t) { memset(t, 0, sizeof *t); }

void ml__triggers_free(ml__triggers *t) {
  for (size_t i = 0; i < t->capacity; i++) free(t->table[i].uses);
  free(t->table);
  free(t->active);
  free(t->need);
  free(t->seen);
  ml__triggers_init(t);
}

static ml__trigger_word *find(ml__trigger_word *table, size_t capacity, const char *word,
                              size_t length, uint64_t hash) {
  for (size_t i = hash & (capacity - 1);; i = (i + 1) & (capacity - 1)) {
    ml__trigger_word *w = &table[i];
    if (!w->word || (w->hash == hash && w->length == length && memcmp(w->word, word, length) == 0))
      return w;
  }
}

static int grow(ml__triggers *t) {
  size_t capacity = t->capacity ? t->capacity * 2 : 256;
  ml__trigger_word *table = calloc(capacity, sizeof *table);
  if (!table) return ML_ENOMEM;
  for (size_t i = 0; i < t->capacity; i++)
    if (t->table[i].word)
      *find(table, capacity, t->table[i].word, t->table[i].length, t->table[i].hash) = t->table[i];
  free(t->table);
  t->table = table;
  t->capacity = capacity;
  return ML_OK;
}

static int add_word(ml__triggers *t, const char *word, uint32_t slot, uint8_t need) {
  if ((t->count + 1) * 2 > t->capacity && grow(t)) return ML_ENOMEM;
  size_t length = strlen(word);
  uint64_t hash = hash_word((const unsigned char *)word, length);
  ml__trigger_word *w = find(t->table, t->capacity, word, length, hash);
  trigger_use *uses = realloc(w->uses, (w->use_count + 1) * sizeof *uses);
  if (!uses) return ML_ENOMEM;
  uses[w->use_count] = (trigger_use){slot, need};
  if (!w->word) {
    *w = (ml__trigger_word){word, length, hash, uses, 1};
    t->count++;
  } else {
    w->uses = uses;
    w->use_count++;
  }
  return ML_OK;
}

/* The word every call `match` matches is written with: the method's name, or the last component
 * of the qualified name (the semantic model folds submodules, never the name itself; an import
 * alias still imports it by that name). Being a suffix, it is a string of its own. */
static const char *called_word(const ml__call_match *match) {
  if (!match->qualname) return match->method;
  const char *dot = strrchr(match->qualname, '.');
  return dot ? dot + 1 : match->qualname;
}

static int grow_slots(ml__triggers *t) {
  uint8_t *active = realloc(t->active, t->slots + 1);
  if (!active) return ML_ENOMEM;
  t->active = active;
  uint8_t *need = realloc(t->need, t->slots + 1);
  if (!need) return ML_ENOMEM;
  t->need = need;
  uint8_t *seen = realloc(t->seen, t->slots + 1);
  if (!seen) return ML_ENOMEM;
  t->seen = seen;
  return ML_OK;
}

int ml__triggers_add(ml__triggers *t, const ml__rule_impl *rule, uint32_t *slot) {
  if (grow_slots(t)) return ML_ENOMEM;
  *slot = (uint32_t)t->slots;
  t->active[t->slots] = 1;
  t->seen[t->slots] = 0;
  uint8_t need = (uint8_t)((rule->triggers ? TRIGGERS_LISTED : 0) |
                           (rule->call_count ? TRIGGERS_CALLED : 0));
  t->need[t->slots++] = need;
  if (!need) return ML_OK;
  t->gated++;
  for (const char *const *word = rule->triggers; word && *word; word++)
    if (add_word(t, *word, *slot, TRIGGERS_LISTED)) return ML_ENOMEM;
  for (size_t i = 0; i < rule->call_count; i++)
    if (add_word(t, called_word(&rule->calls[i]), *slot, TRIGGERS_CALLED)) return ML_ENOMEM;
  return ML_OK;
}

void ml__triggers_activate_all(ml__triggers *t) {
  if (t->slots) memset(t->active, 1, t->slots);
}

/* Bytes of a Python identifier; non-ASCII ones count, so "Mountë" is not the word "Mount". */
static bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c >= 0x80;
}

void ml__triggers_scan(ml__triggers *t, const char *bytes, size_t length) {
  ml__triggers_activate_all(t);
  if (t->gated == 0) return;
  for (size_t i = 0; i < t->slots; i++) {
    if (t->need[i]) t->active[i] = 0;
    t->seen[i] = 0;
  }
  size_t inactive = t->gated;
  const unsigned char *p = (const unsigned char *)bytes, *end = p + length;
  while (p < end && inactive > 0) {
    while (p < end && !is_word_byte(*p)) p++;
    const unsigned char *start = p;
    uint64_t h = 1469598103934665603ULL;
    while (p < end && is_word_byte(*p)) h = (h ^ *p++) * 1099511628211ULL;
    size_t n = (size_t)(p - start);
    if (n == 0) break;
    ml__trigger_word *w = find(t->table, t->capacity, (const char *)start, n, h);
    for (size_t k = 0; w->word && k < w->use_count; k++) {
      uint32_t slot = w->uses[k].slot;
      if (t->active[slot]) continue;
      t->seen[slot] |= w->uses[k].need;
      if (t->seen[slot] == t->need[slot]) {
        t->active[slot] = 1;
        inactive--;
      }
    }
  }
}
