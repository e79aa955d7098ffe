/* The open documents: text, version, current findings, and a tree-sitter tree for the few that are
 * being edited.
 *
 * Incremental changes are applied in order, each converted from LSP positions to bytes on the text
 * as the previous change left it; a kept tree is told about each change with ts_tree_edit and
 * re-parsed once, when the document is next linted, so tree-sitter reuses what did not change.
 *
 * Memory: a tree costs about 40 times the bytes of its text (tree-sitter's nodes), far more than
 * the document itself, so trees are kept only for the documents opened or edited most recently
 * (at most LSP_KEPT_TREES, and beyond the newest one at most LSP_KEPT_TREE_BYTES of text between
 * them). Any other document is parsed again when it is linted (another module changed, the
 * settings changed) and its tree dropped afterwards: a thousand open documents cost their text and
 * their findings, not a thousand trees. */
#ifndef MODAL_LSP_DOCUMENTS_H
#define MODAL_LSP_DOCUMENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "modallint/diag.h"
#include "modallint/index.h"
#include "modallint/lint.h"
#include "modallint/source.h"
#include "rpc.h"
#include "workspace.h"

#define LSP_KEPT_TREES 8
#define LSP_KEPT_TREE_BYTES ((size_t)1 << 20)

/* What is left to do for a document, by increasing precedence: work of one kind and another
 * queued for it is done once, as the greater. */
typedef enum lsp_document_work {
  LSP_WORK_NONE = 0,
  LSP_WORK_CHECK,  /* something it imports changed: lint, publish if the findings changed */
  LSP_WORK_RELINT, /* the settings or configuration changed: lint, publish */
  LSP_WORK_EDITED  /* opened or changed: lint (keeping its tree, as it is being edited), publish */
} lsp_document_work;

typedef struct lsp_document {
  char *uri;            /* owned */
  char *path;           /* owned: the local path of a file:// URI, NULL for other schemes */
  json_int_t version;
  ml_source *source;    /* owned */
  TSTree *tree;         /* owned; NULL when not kept, or when parsing failed */
  bool tree_edited;     /* `tree` was ts_tree_edit-ed since it was parsed: re-parse before use */
  ml_diag_list diags;   /* findings of `source` with the current settings */
  unsigned lint_generation; /* bumped whenever `diags` change without an edit (another module
                               changed): part of pull diagnostics' resultId */
  /* Work waiting for it in the server's queue (server.c), done a document per loop turn once
   * the input queue drains, or at once when a request needs it: */
  lsp_document_work work;
  struct lsp_document *queue_next, *queue_prev;
  bool too_large;       /* over ML_DEFAULT_MAX_FILE_BYTES: not linted, and the user was told */
  /* What its findings read from the project index at its last lint (server.c, deps.h): */
  const ml_index *root; /* the index of its project root; compared, never dereferenced */
  unsigned root_generation; /* lsp_project.generation when `root` was looked up */
  char *imports;        /* owned: lsp_scan_imports of the text at its last lint */
  size_t imports_length;
  uint64_t signature;   /* lsp_import_signature */
  bool volatile_imports; /* star-imports an indexed module: lint again whenever its root changes */
  unsigned lint_stamp;  /* lsp_server.change_stamp at its last lint */
  unsigned lint_index_generation; /* lsp_project.generation at its last lint */
  struct lsp_document *newer;  /* the documents keeping a tree, most recently used first */
  struct lsp_document *older;
  size_t kept_length;          /* its text's length when it last became the newest */
} lsp_document;

typedef struct lsp_documents {
  ml__strmap by_uri;    /* uri -> lsp_document * (owned) */
  lsp_document *newest; /* of the documents keeping a tree */
  lsp_document *oldest;
  size_t kept_trees;
  size_t kept_bytes;    /* text bytes of the documents keeping a tree */
} lsp_documents;

void lsp_documents_init(lsp_documents *documents);
void lsp_documents_free(lsp_documents *documents);

lsp_document *lsp_documents_find(const lsp_documents *documents, const char *uri);

/* How many documents are open. */
static inline size_t lsp_documents_count(const lsp_documents *documents) {
  return documents->by_uri.count;
}

/* Opens (or reopens, replacing) a document with a copy of `text`; it is not parsed or linted yet
 * (lsp_documents_lint). `*out` belongs to `documents`. Returns 0 or ML_ENOMEM. */
int lsp_documents_open(lsp_documents *documents, const char *uri, json_int_t version,
                       const char *text, size_t length, lsp_document **out);
/* Closes the document `uri` (no error when it is not open); pointers to it become invalid. */
void lsp_documents_close(lsp_documents *documents, const char *uri);

/* Applies didChange's `contentChanges` (an array of {range?, text}) and sets `version`. The
 * document is not re-parsed or linted here. On an invalid change the document keeps the changes
 * before it and -1 is returned with `err` filled. */
int lsp_document_change(lsp_document *document, const json_t *changes, json_int_t version,
                        ml_column_kind kind, lsp_error *err);

/* Lints the document as the file `info` describes (a text kind, such as a shell script, as text;
 * Python on its tree, parsed or re-parsed as needed). With `recent` the document counts as just
 * used and keeps its tree (evicting the least recently used ones beyond the limits); otherwise a
 * tree it did not keep already is dropped after the lint. A document that does not parse is left
 * without findings. Returns 0 or a negative ML_E* code. */
int lsp_documents_lint(lsp_documents *documents, lsp_document *document, ml_linter *linter,
                       const ml_file_info *info, bool recent);

/* The document's current tree, parsed now if it was not kept (and then kept, as recently used);
 * NULL when the text does not parse. Owned by the document; valid until it changes or another
 * document is linted with `recent`. */
const TSTree *lsp_documents_tree(lsp_documents *documents, lsp_document *document,
                                 ml_linter *linter);

/* Calls `fn` for every open document. `fn` must not open or close documents. */
void lsp_documents_each(lsp_documents *documents, void (*fn)(lsp_document *, void *), void *data);

#endif
