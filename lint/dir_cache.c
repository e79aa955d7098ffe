/* A chained hash map from strings to pointers; it grows by doubling so lookups stay O(1) however
 * many folders a walk visits. */
#include "dir_cache.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"

typedef struct entry {
  struct entry *next;
  uint64_t hash;
  void *value;
  char key[]; /* NUL-terminated */
} entry;

struct cli_dir_cache {
  entry **buckets;
  size_t bucket_count; /* a power of two */
  size_t count;
};

static uint64_t hash_of(const char *s) {
  uint64_t h = 1469598103934665603u; /* FNV-1a */
  for (; *s != '\0'; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

int cli_dir_cache_new(cli_dir_cache **out) {
  cli_dir_cache *cache = calloc(1, sizeof *cache);
  if (cache == NULL)
    return ML_ENOMEM;
  cache->bucket_count = 64;
  cache->buckets = calloc(cache->bucket_count, sizeof *cache->buckets);
  if (cache->buckets == NULL) {
    free(cache);
    return ML_ENOMEM;
  }
  *out = cache;
  return ML_OK;
}

void cli_dir_cache_free(cli_dir_cache *cache, void (*free_value)(void *)) {
  if (cache == NULL)
    return;
  for (size_t i = 0; i < cache->bucket_count; i++) {
    for (entry *e = cache->buckets[i]; e != NULL;) {
      entry *next = e->next;
      if (free_value != NULL)
        free_value(e->value);
      free(e);
      e = next;
    }
  }
  free(cache->buckets);
  free(cache);
}

static entry *find(const cli_dir_cache *cache, const char *key, uint64_t hash) {
  for (entry *e = cache->buckets[hash & (cache->bucket_count - 1)]; e != NULL; e = e->next)
    if (e->hash == hash && strcmp(e->key, key) == 0)
      return e;
  return NULL;
}

bool cli_dir_cache_get(const cli_dir_cache *cache, const char *key, void **value) {
  entry *e = find(cache, key, hash_of(key));
  if (e == NULL)
    return false;
  *value = e->value;
  return true;
}

/* Doubles the table; on failure the map keeps working, only slower. */
static void grow(cli_dir_cache *cache) {
  size_t count = cache->bucket_count * 2;
  entry **buckets = calloc(count, sizeof *buckets);
  if (buckets == NULL)
    return;
  for (size_t i = 0; i < cache->bucket_count; i++) {
    for (entry *e = cache->buckets[i]; e != NULL;) {
      entry *next = e->next;
      e->next = buckets[e->hash & (count - 1)];
      buckets[e->hash & (count - 1)] = e;
      e = next;
    }
  }
  free(cache->buckets);
  cache->buckets = buckets;
  cache->bucket_count = count;
}

int cli_dir_cache_put(cli_dir_cache *cache, const char *key, void *value) {
  uint64_t hash = hash_of(key);
  entry *e = find(cache, key, hash);
  if (e != NULL) {
    e->value = value;
    return ML_OK;
  }
  size_t length = strlen(key);
  e = malloc(sizeof *e + length + 1);
  if (e == NULL)
    return ML_ENOMEM;
  memcpy(e->key, key, length + 1);
  e->hash = hash;
  e->value = value;
  e->next = cache->buckets[hash & (cache->bucket_count - 1)];
  cache->buckets[hash & (cache->bucket_count - 1)] = e;
  if (++cache->count > cache->bucket_count)
    grow(cache);
  return ML_OK;
}

char *cli_absolute_dir(const char *dir) {
  return realpath(dir[0] == '\0' ? "." : dir, NULL);
}
