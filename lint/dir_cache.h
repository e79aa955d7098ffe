/* A map from folder paths to what was learnt about them (a configuration file, .gitignore rules),
 * so a walk over a large tree reads each folder's files once. Not thread-safe: the walk runs on
 * one thread. */
#ifndef MODAL_LINT_DIR_CACHE_H
#define MODAL_LINT_DIR_CACHE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cli_dir_cache cli_dir_cache;

/* An empty map. `*out` is owned by the caller: cli_dir_cache_free. Returns 0 or ML_ENOMEM. */
int cli_dir_cache_new(cli_dir_cache **out);
/* Frees the map and its copies of the keys, and passes each value to `free_value` unless that is
 * NULL (the values then belong to the caller). */
void cli_dir_cache_free(cli_dir_cache *cache, void (*free_value)(void *));

/* Sets *value to what `key` maps to and returns true, or returns false when it maps to nothing. */
bool cli_dir_cache_get(const cli_dir_cache *cache, const char *key, void **value);
/* Maps `key` (copied) to `value`, replacing any earlier value. Returns 0 or ML_ENOMEM. */
int cli_dir_cache_put(cli_dir_cache *cache, const char *key, void *value);

/* The absolute, symlink-free path of the folder `dir` ("" means "."), malloc'd; NULL when it does
 * not exist or memory runs out. */
char *cli_absolute_dir(const char *dir);

#endif
