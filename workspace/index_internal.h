/* What index.c (records, following imports, the frozen index) and index_update.c (the index kept
 * up to date one file at a time) share. Internal to the workspace layer: `ws__` names. */
#ifndef MODAL_LINT_WORKSPACE_INDEX_INTERNAL_H
#define MODAL_LINT_WORKSPACE_INDEX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "modallint/source.h"
#include "workspace.h"

typedef struct ws__root {
  char *path;
  ml_index *index;
  ml__strmap modules; /* dotted key -> record index + 1, for the modules of this root */
  ml__strmap missing; /* dotted keys of modules known not to exist in this root */
} ws__root;

/* Where a folder sits in its project: its root, its dotted key there, and where absolute imports
 * of its files are looked for. */
typedef struct ws__folder {
  ws__root *root;      /* NULL: the folder cannot be keyed (a '.' in a folder name) */
  char *key;           /* "" for the root itself */
  char *prefixes[4];   /* NULL-terminated */
} ws__folder;

typedef struct ws__record {
  char *path;          /* as given or as found by following an import */
  ws__folder *folder;
  char *key;           /* the module key, NULL when the file cannot be imported by name */
  bool is_package;
  bool modal;          /* the bytes mention "modal" */
  bool imports_modal;  /* an import statement names the modal package */
  bool relevant;       /* imports_modal, or imports a relevant record */
  bool imported;       /* another record imports it: only then are its exports needed */
  bool input;          /* a file the index was asked about, not one found by following imports */
  bool plain;          /* read here: a regular file, no UTF-16 byte order mark, no "modal" */
  char *bytes;         /* kept for files that import modal, to be indexed */
  size_t length;
  char *imports;       /* the scanned imports (ws_scan_imports), until followed */
  size_t imports_length;
  ml__vec targets;     /* of size_t: indices of the records its imports name */
  /* Set by ws_index_set_text and the functions after it (index_update.c): */
  bool text_set;         /* the index holds a text set for the file, not the disk's */
  uint64_t imports_hash; /* of the import statements last followed */
} ws__record;

struct ws_index {
  ml__strmap roots;    /* root path -> ws__root */
  ml__strmap folders;  /* folder path as derived from a file path -> ws__folder */
  ml__strmap by_path;  /* record path -> record index + 1 */
  ml__strmap listings; /* folder path -> listing: one readdir per folder, not a stat per guess */
  ml__vec records;     /* of ws__record; grows while imports are followed: indices stay valid,
                          pointers do not */
};

/* A module bigger than the front ends check by default is not indexed either: its exports stay
 * unknown rather than one generated file costing gigabytes to parse. */
#define WS__INDEX_MAX_FILE_BYTES ML_DEFAULT_MAX_FILE_BYTES

static inline ws__record *ws__records(const ws_index *ix) { return ix->records.data; }

bool ws__is_python_name(const char *path);

/* An index with a record (not read yet) for each Python file of `paths`. `*out` is owned by the
 * caller: ws_index_free. Returns 0 or ML_ENOMEM. */
int ws__index_new(const char *const *paths, size_t count, ws_index **out);

/* The record of `path`, when the index has one. */
bool ws__record_at(const ws_index *ix, const char *path, size_t *at);

/* Adds a record for `path` (not read yet), or finds the one it has; *at is its index. */
int ws__add_record(ws_index *ix, const char *path, bool input, size_t *at);

/* Reads and follows the records from `first` on: following adds records, the array is the work
 * list. */
int ws__follow_from(ws_index *ix, size_t first);
/* Follows the imports noted in record `at` (adding records for the files they name). */
int ws__follow_record(ws_index *ix, size_t at);

/* Recomputes which records are relevant (import modal, or a relevant record) and imported. */
void ws__propagate(ws_index *ix);

/* Whether a record whose text is the disk's belongs in its root's ml_index. */
bool ws__wanted_from_disk(const ws_index *ix, const ws__record *r);

/* Adds the disk text of every record that belongs in the index and is not there yet; texts set
 * with ws_index_set_text are added by their own calls. Record bytes are dropped once indexed: the
 * ml_index keeps its own copy. Returns 0 or ML_ENOMEM. */
int ws__index_relevant(ws_index *ix);

#endif
