#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"

uint64_t ml__fnv1a(uint64_t h, const void *bytes, size_t length) {
  const unsigned char *p = bytes;
  for (size_t i = 0; i < length; i++) h = (h ^ p[i]) * 1099511628211ULL;
  return h;
}

static size_t home(const ml__strmap *map, const char *key) {
  return (size_t)ml__fnv1a(ML__FNV1A_BASIS, key, strlen(key)) & (map->capacity - 1);
}

/* The slot holding `key`, or the empty slot where it would go; NULL for a map with no slots. */
static ml__strmap_slot *slot_of(const ml__strmap *map, const char *key) {
  if (map->capacity == 0) return NULL;
  for (size_t i = home(map, key);; i = (i + 1) & (map->capacity - 1))
    if (!map->slots[i].key || strcmp(map->slots[i].key, key) == 0) return &map->slots[i];
}

void ml__strmap_init(ml__strmap *map) { memset(map, 0, sizeof *map); }

void ml__strmap_free(ml__strmap *map, void (*free_value)(void *)) {
  for (size_t i = 0; i < map->capacity; i++) {
    if (!map->slots[i].key) continue;
    free(map->slots[i].key);
    if (free_value) free_value(map->slots[i].value);
  }
  free(map->slots);
  ml__strmap_init(map);
}

bool ml__strmap_find(const ml__strmap *map, const char *key, void **value) {
  ml__strmap_slot *s = slot_of(map, key);
  if (!s || !s->key) return false;
  if (value) *value = s->value;
  return true;
}

void *ml__strmap_get(const ml__strmap *map, const char *key) {
  void *value = NULL;
  ml__strmap_find(map, key, &value);
  return value;
}

/* Doubles the table (64 slots at first), so it stays at most half full and probes stay short. */
static int grow(ml__strmap *map) {
  size_t capacity = map->capacity ? map->capacity * 2 : 64;
  ml__strmap_slot *slots = calloc(capacity, sizeof *slots);
  if (!slots) return ML_ENOMEM;
  ml__strmap grown = {slots, capacity, map->count};
  for (size_t i = 0; i < map->capacity; i++)
    if (map->slots[i].key) *slot_of(&grown, map->slots[i].key) = map->slots[i];
  free(map->slots);
  *map = grown;
  return ML_OK;
}

int ml__strmap_put(ml__strmap *map, const char *key, void *value) {
  ml__strmap_slot *s = slot_of(map, key);
  if (s && s->key) {
    s->value = value;
    return ML_OK;
  }
  char *copy = strdup(key);
  if (!copy) return ML_ENOMEM;
  if ((map->count + 1) * 2 > map->capacity) {
    if (grow(map) != ML_OK) {
      free(copy);
      return ML_ENOMEM;
    }
    s = slot_of(map, key);
  }
  s->key = copy;
  s->value = value;
  map->count++;
  return ML_OK;
}

bool ml__strmap_remove(ml__strmap *map, const char *key, void **value) {
  ml__strmap_slot *s = slot_of(map, key);
  if (!s || !s->key) return false;
  if (value) *value = s->value;
  free(s->key);
  map->count--;
  /* Backward-shift deletion: later entries of the probe run move up into the hole unless their
   * home lies cyclically after it, so lookups never need tombstones. */
  size_t mask = map->capacity - 1, hole = (size_t)(s - map->slots);
  for (size_t i = (hole + 1) & mask; map->slots[i].key; i = (i + 1) & mask) {
    size_t h = home(map, map->slots[i].key);
    if (((i - h) & mask) >= ((i - hole) & mask)) {
      map->slots[hole] = map->slots[i];
      hole = i;
    }
  }
  map->slots[hole].key = NULL;
  map->slots[hole].value = NULL;
  return true;
}

bool ml__strmap_next(const ml__strmap *map, size_t *pos, const char **key, void **value) {
  for (; *pos < map->capacity; (*pos)++) {
    const ml__strmap_slot *s = &map->slots[*pos];
    if (!s->key) continue;
    (*pos)++;
    *key = s->key;
    *value = s->value;
    return true;
  }
  return false;
}
