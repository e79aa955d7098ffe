/* Rule triggers: see triggers.h. */
#include "triggers.h"

#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"

/* The rules one word triggers: most words belong to one rule, a few to several. */
struct ml__trigger_word {
  const char *word; /* NULL: an empty slot */
  size_t length;
  uint64_t hash;
  uint32_t *slots;
  size_t slot_count;
};

static uint64_t hash_word(const unsigned char *p, size_t length) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (size_t i = 0; i < length; i++) h = (h ^ p[i]) * 1099511628211ULL;
  return h;
}

void ml__triggers_init(ml__triggers *t) { memset(t, 0, sizeof *t); }

void ml__triggers_free(ml__triggers *t) {
  for (size_t i = 0; i < t->capacity; i++) free(t->table[i].slots);
  free(t->table);
  free(t->active);
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

static int add_word(ml__triggers *t, const char *word, uint32_t slot) {
  if ((t->count + 1) * 2 > t->capacity && grow(t)) return ML_ENOMEM;
  size_t length = strlen(word);
  uint64_t hash = hash_word((const unsigned char *)word, length);
  ml__trigger_word *w = find(t->table, t->capacity, word, length, hash);
  uint32_t *slots = realloc(w->slots, (w->slot_count + 1) * sizeof *slots);
  if (!slots) return ML_ENOMEM;
  slots[w->slot_count] = slot;
  if (!w->word) {
    *w = (ml__trigger_word){word, length, hash, slots, 1};
    t->count++;
  } else {
    w->slots = slots;
    w->slot_count++;
  }
  return ML_OK;
}

int ml__triggers_add(ml__triggers *t, const ml__rule_impl *rule, uint32_t *slot) {
  uint8_t *active = realloc(t->active, t->slots + 1);
  if (!active) return ML_ENOMEM;
  t->active = active;
  *slot = (uint32_t)t->slots;
  t->active[t->slots++] = 1;
  if (!rule->triggers) return ML_OK;
  t->gated++;
  for (const char *const *word = rule->triggers; *word; word++)
    if (add_word(t, *word, *slot)) return ML_ENOMEM;
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
  for (size_t i = 0; i < t->capacity; i++)
    for (size_t k = 0; k < t->table[i].slot_count; k++) t->active[t->table[i].slots[k]] = 0;
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
    for (size_t k = 0; w->word && k < w->slot_count; k++) {
      if (!t->active[w->slots[k]]) {
        t->active[w->slots[k]] = 1;
        inactive--;
      }
    }
  }
}
