#include "documents.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "modallint/error.h"
#include "positions.h"
#include "workspace.h"

/* --- the documents keeping a tree, most recently used first ---------------------------------- */

static bool keeps_tree(const lsp_documents *documents, const lsp_document *document) {
  return document->newer || document->older || documents->newest == document;
}

static void unlink_kept(lsp_documents *documents, lsp_document *document) {
  if (!keeps_tree(documents, document)) return;
  if (document->newer) document->newer->older = document->older;
  else documents->newest = document->older;
  if (document->older) document->older->newer = document->newer;
  else documents->oldest = document->newer;
  document->newer = document->older = NULL;
  documents->kept_trees--;
  documents->kept_bytes -= document->kept_length;
}

static void drop_tree(lsp_document *document) {
  if (document->tree) ts_tree_delete(document->tree);
  document->tree = NULL;
  document->tree_edited = false;
}

/* Makes `document` the most recently used; the least recently used beyond the limits lose their
 * trees (the newest always keeps its own, however large). */
static void keep_tree(lsp_documents *documents, lsp_document *document) {
  unlink_kept(documents, document);
  document->older = documents->newest;
  if (documents->newest) documents->newest->newer = document;
  else documents->oldest = document;
  documents->newest = document;
  document->kept_length = ml_source_length(document->source);
  documents->kept_trees++;
  documents->kept_bytes += document->kept_length;
  while (documents->oldest != document &&
         (documents->kept_trees > LSP_KEPT_TREES ||
          documents->kept_bytes - document->kept_length > LSP_KEPT_TREE_BYTES)) {
    lsp_document *evicted = documents->oldest;
    unlink_kept(documents, evicted);
    drop_tree(evicted);
  }
}

/* --- the table ------------------------------------------------------------------------------ */

static void document_free(lsp_documents *documents, lsp_document *document) {
  unlink_kept(documents, document);
  free(document->uri);
  free(document->path);
  free(document->imports);
  ml_source_free(document->source);
  drop_tree(document);
  ml_diag_list_clear(&document->diags);
  free(document);
}

void lsp_documents_init(lsp_documents *documents) { memset(documents, 0, sizeof *documents); }

void lsp_documents_free(lsp_documents *documents) {
  size_t pos = 0;
  const char *uri;
  void *d;
  while (ml__strmap_next(&documents->by_uri, &pos, &uri, &d)) document_free(documents, d);
  ml__strmap_free(&documents->by_uri, NULL);
  memset(documents, 0, sizeof *documents);
}

lsp_document *lsp_documents_find(const lsp_documents *documents, const char *uri) {
  return ml__strmap_get(&documents->by_uri, uri);
}

/* The document's tree for its current text: re-parsed from the edited tree, parsed anew, or NULL
 * when the text does not parse. */
static TSTree *current_tree(lsp_document *document, ml_linter *linter, int *err) {
  *err = ML_OK;
  if (document->tree && !document->tree_edited) return document->tree;
  TSTree *tree = NULL;
  *err = ml_parse(linter, document->source, document->tree, &tree);
  drop_tree(document);
  document->tree = *err ? NULL : tree;
  return document->tree;
}

int lsp_documents_lint(lsp_documents *documents, lsp_document *document, ml_linter *linter,
                       const ml_file_info *info, bool recent) {
  ml_diag_list_clear(&document->diags);
  if (info && info->kind != ML_FILE_PYTHON)
    return ml_lint_file(linter, document->source, info, &document->diags);
  int err;
  TSTree *tree = current_tree(document, linter, &err);
  if (tree) err = ml_lint_tree_file(linter, document->source, tree, info, &document->diags);
  if (recent && document->tree) {
    keep_tree(documents, document);
  } else if (!keeps_tree(documents, document)) {
    drop_tree(document);
  }
  return err;
}

const TSTree *lsp_documents_tree(lsp_documents *documents, lsp_document *document,
                                 ml_linter *linter) {
  int err;
  TSTree *tree = current_tree(document, linter, &err);
  if (tree) keep_tree(documents, document);
  return tree;
}

int lsp_documents_open(lsp_documents *documents, const char *uri, json_int_t version,
                       const char *text, size_t length, lsp_document **out) {
  lsp_documents_close(documents, uri);
  lsp_document *document = calloc(1, sizeof *document);
  if (!document) return ML_ENOMEM;
  document->uri = strdup(uri);
  int err = document->uri ? ml_source_new(text, length, &document->source) : ML_ENOMEM;
  /* NULL for a URI that names no local file (or when out of memory: then the document is linted
   * as a file outside any project). */
  if (!err) document->path = ws_uri_path(uri);
  if (!err) err = ml__strmap_put(&documents->by_uri, uri, document);
  if (err) {
    document_free(documents, document);
    return err;
  }
  document->version = version;
  *out = document;
  return ML_OK;
}

void lsp_documents_close(lsp_documents *documents, const char *uri) {
  void *d;
  if (ml__strmap_remove(&documents->by_uri, uri, &d)) document_free(documents, d);
}

void lsp_documents_each(lsp_documents *documents, void (*fn)(lsp_document *, void *), void *data) {
  size_t pos = 0;
  const char *uri;
  void *d;
  while (ml__strmap_next(&documents->by_uri, &pos, &uri, &d)) fn(d, data);
}

/* tree-sitter counts rows by "\n" only and columns in bytes, whatever the file's line endings. */
static TSPoint point_at(const char *bytes, uint32_t offset) {
  TSPoint point = {0, 0};
  const char *p = bytes, *end = bytes + offset, *line = bytes;
  while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
    point.row++;
    line = ++p;
  }
  point.column = (uint32_t)(end - line);
  return point;
}

/* Replaces bytes [start, end) with `text`; the tree (if any) is told about the edit. */
static int splice_text(lsp_document *document, uint32_t start, uint32_t end, const char *text,
                  size_t text_length, lsp_error *err) {
  const char *old = ml_source_bytes(document->source);
  uint32_t old_length = ml_source_length(document->source);
  size_t new_length = (size_t)old_length - (end - start) + text_length;
  if (new_length >= UINT32_MAX)
    return lsp_fail(err, LSP_INVALID_PARAMS, "the document would exceed 4 GiB");
  char *bytes = malloc(new_length + 1);
  if (!bytes) return lsp_fail(err, LSP_INTERNAL_ERROR, "out of memory");
  memcpy(bytes, old, start);
  memcpy(bytes + start, text, text_length);
  memcpy(bytes + start + text_length, old + end, old_length - end);
  ml_source *source = NULL;
  int rc = ml_source_new(bytes, new_length, &source);
  if (rc) {
    free(bytes);
    return lsp_fail(err, LSP_INTERNAL_ERROR, "%s", ml_strerror(rc));
  }
  if (document->tree) {
    TSInputEdit edit = {
        .start_byte = start,
        .old_end_byte = end,
        .new_end_byte = start + (uint32_t)text_length,
        .start_point = point_at(old, start),
        .old_end_point = point_at(old, end),
        .new_end_point = point_at(bytes, start + (uint32_t)text_length),
    };
    ts_tree_edit(document->tree, &edit);
    document->tree_edited = true;
  }
  free(bytes);
  ml_source_free(document->source);
  document->source = source;
  return 0;
}

int lsp_document_change(lsp_document *document, const json_t *changes, json_int_t version,
                        ml_column_kind kind, lsp_error *err) {
  if (!json_is_array(changes))
    return lsp_fail(err, LSP_INVALID_PARAMS, "contentChanges must be an array");
  size_t i;
  const json_t *change;
  int rc = 0;
  json_array_foreach(changes, i, change) {
    const json_t *text = json_object_get(change, "text");
    if (!json_is_string(text)) {
      rc = lsp_fail(err, LSP_INVALID_PARAMS, "contentChanges[%zu].text must be a string", i);
      break;
    }
    const json_t *range = json_object_get(change, "range");
    uint32_t start = 0, end = ml_source_length(document->source);
    if (range && lsp_range_from_json(document->source, range, kind, &start, &end, err)) {
      rc = -1;
      break;
    }
    if (!range && document->tree) {
      /* A whole-text replacement shares nothing worth reusing with the old tree. */
      ts_tree_delete(document->tree);
      document->tree = NULL;
      document->tree_edited = false;
    }
    if (splice_text(document, start, end, json_string_value(text), json_string_length(text), err)) {
      rc = -1;
      break;
    }
  }
  /* Changes applied so far are kept: the client already shows them. */
  document->version = version;
  return rc;
}
