/* A map from NUL-terminated strings to pointers (open addressing, FNV-1a, at most half full), and
 * the FNV-1a hash it uses, for every string-keyed table of the tree: the check library's and, through
 * workspace/workspace.h, the front ends'. Like vec.h it lives in the library because the library
 * needs it too and may depend on nothing above it; it is internal (`ml__`, not installed): its
 * shape may change with the library. Not thread-safe: callers that share one lock around it. */
#ifndef ML_STRMAP_H
#define ML_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where an FNV-1a hash starts. */
#define ML__FNV1A_BASIS 0xcbf29ce484222325ULL

/* Continues the 64-bit FNV-1a hash `h` over `length` bytes: stable across platforms and
 * releases, so it also serves fingerprints that users store (GitLab reports). */
uint64_t ml__fnv1a(uint64_t h, const void *bytes, size_t length);

typedef struct ml__strmap_slot {
  char *key; /* owned copy; NULL: empty */
  void *value;
} ml__strmap_slot;

typedef struct ml__strmap {
  ml__strmap_slot *slots;
  size_t capacity; /* 0 or a power of two */
  size_t count;
} ml__strmap;

/* An empty map; allocates nothing until the first put. */
void ml__strmap_init(ml__strmap *map);
/* Frees the map's copies of the keys and passes each value to `free_value` unless that is NULL
 * (the values then belong to the caller). The map is empty afterwards. */
void ml__strmap_free(ml__strmap *map, void (*free_value)(void *));

/* Whether `key` is in the map; sets *value (when not NULL) to what it maps to, which may be NULL. */
bool ml__strmap_find(const ml__strmap *map, const char *key, void **value);
/* What `key` maps to, or NULL when it maps to nothing (use ml__strmap_find to store NULLs). */
void *ml__strmap_get(const ml__strmap *map, const char *key);
/* Maps a copy of `key` to `value`, replacing any earlier value (which the caller still owns).
 * Returns 0, or ML_ENOMEM with the map unchanged. */
int ml__strmap_put(ml__strmap *map, const char *key, void *value);
/* Removes `key`, setting *value (when not NULL) to what it mapped to; false when it was absent. */
bool ml__strmap_remove(ml__strmap *map, const char *key, void **value);

/* Iterates: start with *pos = 0; each call sets *key and *value to the next entry and returns
 * true, or returns false at the end. The map must not change during the iteration. */
bool ml__strmap_next(const ml__strmap *map, size_t *pos, const char **key, void **value);

#endif
