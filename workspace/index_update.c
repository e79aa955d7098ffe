/* An index kept up to date one file at a time (workspace.h): a text set for a file, or a file
 * changed on disk, changes that file's record and follows what it now imports. The index is never
 * frozen: the library resolves lazily, on the thread that owns it, only what a lint asks for. */
#include "index_internal.h"

#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/index.h"

/* Makes record `at` stand for `bytes`: follows its imports (targets are only ever added: a stale
 * one costs an indexed module, a missing one a finding), recomputes relevance when something
 * changed, and adds or removes the record's module in its root's ml_index. */
static int update_record(ws_index *ix, size_t at, const char *bytes, size_t length, bool text_set,
                         ws_index_change *change) {
  char *imports;
  size_t imports_length;
  bool names_modal;
  if (ws_scan_imports(bytes, length, false, &imports, &imports_length, &names_modal) != ML_OK)
    return ML_ENOMEM;
  ws__record *r = &ws__records(ix)[at];
  uint64_t h = ml__fnv1a(ML__FNV1A_BASIS, imports, imports_length);
  change->imports_changed = h != r->imports_hash || !r->imports_hash;
  r->imports_hash = h;
  r->text_set = text_set;
  bool was_modal = r->imports_modal;
  r->imports_modal = names_modal;
  size_t records_before = ix->records.count, targets_before = r->targets.count;
  int err = ML_OK;
  if (r->folder->root && change->imports_changed) {
    free(r->imports);
    r->imports = imports;
    r->imports_length = imports_length;
    imports = NULL;
    err = ws__follow_record(ix, at);
    if (!err) err = ws__follow_from(ix, records_before);
  }
  free(imports);
  if (err) return err;
  r = &ws__records(ix)[at]; /* following may have moved the array */
  if (ix->records.count != records_before || r->targets.count != targets_before ||
      was_modal != r->imports_modal) {
    ws__propagate(ix);
    if ((err = ws__index_relevant(ix))) return err;
  }
  if (!r->key || !r->folder->root) return ML_OK;
  /* Only a module that imports modal (or re-exports one that does) can export a Modal object of
   * its own; one that merely says "modal" in a comment or a string (tkinter's modal dialogs)
   * cannot. */
  bool wanted = text_set ? r->relevant : ws__wanted_from_disk(ix, r);
  if (wanted)
    return ml_index_add_module(r->folder->root->index, r->key, r->is_package, bytes, length);
  return ml_index_remove_module(r->folder->root->index, r->key);
}

/* The disk text of record `at` (an unreadable or vanished file reads as empty). */
static int update_from_disk(ws_index *ix, size_t at, ws_index_change *change) {
  ws_file_data data = {0};
  const char *path = ws__records(ix)[at].path;
  bool readable = ws_read_regular_file(path, WS__INDEX_MAX_FILE_BYTES, &data) == ML_OK;
  int err = update_record(ix, at, readable ? data.bytes : "", readable ? data.length : 0, false,
                          change);
  ws_file_data_free(&data);
  return err;
}

int ws_index_build_unfrozen(const char *const *paths, size_t count, ws_index **out) {
  ws_index *ix = NULL;
  int err = ws__index_new(paths, count, &ix);
  if (!err) err = ws__follow_from(ix, 0);
  if (!err) {
    ws__propagate(ix);
    err = ws__index_relevant(ix);
  }
  /* imports_hash stays 0: the first set_text of each file follows the text's imports. */
  if (err) {
    if (ix) ws_index_free(ix);
    return err;
  }
  *out = ix;
  return ML_OK;
}

int ws_index_set_text(ws_index *ix, const char *path, const char *bytes, size_t length,
                      ws_index_change *change) {
  memset(change, 0, sizeof *change);
  if (!ix || !ws__is_python_name(path)) return ML_OK;
  size_t at;
  if (!ws__record_at(ix, path, &at)) {
    int err = ws__add_record(ix, path, true, &at);
    if (err) return err;
    const ws__record *r = &ws__records(ix)[at];
    /* Modules followed before this text was set looked for it in vain: they must look again. */
    if (r->key && r->folder->root && ml__strmap_get(&r->folder->root->missing, r->key))
      change->rebuild = true;
  }
  return update_record(ix, at, bytes, length, true, change);
}

int ws_index_forget_text(ws_index *ix, const char *path, ws_index_change *change) {
  memset(change, 0, sizeof *change);
  size_t at;
  if (!ws__record_at(ix, path, &at)) return ML_OK;
  return update_from_disk(ix, at, change);
}

int ws_index_reload(ws_index *ix, const char *path, bool *known, ws_index_change *change) {
  memset(change, 0, sizeof *change);
  size_t at;
  *known = ws__record_at(ix, path, &at);
  if (!*known || ws__records(ix)[at].text_set) return ML_OK;
  return update_from_disk(ix, at, change);
}

const ml_index *ws_index_root(const ws_index *ix, const char *path) {
  size_t at;
  if (!ws__record_at(ix, path, &at)) return NULL;
  const ws__record *r = &ws__records(ix)[at];
  return r->key && r->folder->root ? r->folder->root->index : NULL;
}

bool ws_index_imports(const ws_index *ix, const char *importer, const char *imported) {
  size_t from, to;
  if (!ws__record_at(ix, importer, &from) || !ws__record_at(ix, imported, &to)) return false;
  const ml__vec *targets = &ws__records(ix)[from].targets;
  for (size_t i = 0; i < targets->count; i++)
    if (((const size_t *)targets->data)[i] == to) return true;
  return false;
}
