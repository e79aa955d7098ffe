/* The project index in two files, so that no call cycle runs through it: the store (index.c)
 * keeps the modules and answers the queries the semantic model makes, and the resolver
 * (index_resolve.c) walks a module with the semantic model to learn its exports. The store reaches
 * the resolver only through the hook ml_index_new installs, never by name. */
#ifndef ML_INDEX_STORE_H
#define ML_INDEX_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "modallint/file.h"
#include "modallint/index.h"
#include "semantic.h"

/* Re-export chains longer than this (a imports from b imports from c ...) are not followed: each
 * level of resolution holds a parser, and real projects re-export once or twice. */
#define ML__INDEX_MAX_DEPTH 16

typedef struct ml__export {
  char *name;
  ml__type type;
} ml__export;

/* What resolving a module yields; the store owns it and frees every part of it. */
typedef struct ml__module_exports {
  ml__export *exports; /* in name order */
  size_t export_count;
  char **all; /* the names `__all__` lists, when has_all */
  size_t all_count;
  bool has_all;
  bool all_unknown; /* `__all__` is computed: a star import of the module binds nothing */
} ml__module_exports;

typedef struct ml__index_resolver {
  void *data;
  /* Reads the exports of the module `file` describes, whose text is `bytes`, into `out` (empty on
   * entry; what it holds on an error is freed by the store). `depth` (below ML__INDEX_MAX_DEPTH)
   * is how many resolutions are under way around this one: each needs its own parser and model,
   * since resolving a module resolves the modules it imports one level down. Returns 0,
   * ML_EPARSE, ML_ETOODEEP or ML_ENOMEM. */
  int (*collect)(void *data, unsigned depth, const ml_file_info *file, const char *bytes,
                 uint32_t length, ml__module_exports *out);
  void (*free)(void *data); /* frees `data` */
} ml__index_resolver;

/* Creates an empty index that resolves modules with `resolver`. The index owns resolver->data from
 * the call on and frees it with itself, or at once when it fails (ML_ENOMEM). */
int ml__index_new_with_resolver(const ml__index_resolver *resolver, ml_index **out);

#endif
