/* The open documents: text, version, tree-sitter tree and the current findings of each.
 *
 * Incremental changes are applied in order, each converted from LSP positions to bytes on the text
 * as the previous change left it; the tree is edited with ts_tree_edit for each change and
 * re-parsed once with the edited tree, so tree-sitter reuses what did not change. */
#ifndef MODAL_LSP_DOCUMENTS_H
#define MODAL_LSP_DOCUMENTS_H

#include <jansson.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "modallint/diag.h"
#include "modallint/lint.h"
#include "modallint/source.h"
#include "rpc.h"

typedef struct lsp_document {
  char *uri;            /* owned */
  json_int_t version;
  ml_source *source;    /* owned */
  TSTree *tree;         /* owned; may be NULL when parsing failed */
  ml_diag_list diags;   /* findings of `source` with the current settings */
  unsigned lint_generation; /* bumped whenever `diags` change without an edit (another module
                               changed): part of pull diagnostics' resultId */
  struct lsp_document *next;
} lsp_document;

typedef struct lsp_documents {
  lsp_document **buckets;
  size_t bucket_count;
  size_t count;
} lsp_documents;

void lsp_documents_init(lsp_documents *documents);
void lsp_documents_free(lsp_documents *documents);

lsp_document *lsp_documents_find(const lsp_documents *documents, const char *uri);

/* Opens (or reopens, replacing) a document with a copy of `text`, parses and lints it as the file
 * `info` describes (modallint/file.h; borrowed for the call). */
int lsp_documents_open(lsp_documents *documents, ml_linter *linter, const ml_file_info *info,
                       const char *uri, json_int_t version, const char *text, size_t length,
                       lsp_document **out);
void lsp_documents_close(lsp_documents *documents, const char *uri);

/* Applies didChange's `contentChanges` (an array of {range?, text}) and sets `version`, then
 * re-parses and re-lints. On an invalid change the document keeps the changes before it. */
int lsp_document_change(lsp_document *document, ml_linter *linter, const ml_file_info *info,
                        const json_t *changes, json_int_t version, ml_column_kind kind,
                        lsp_error *err);

/* Re-lints the current tree (after the settings or another module changed) as the file `info`
 * describes: a text kind (a shell script, a Makefile...) is linted as text, Python on its tree. */
int lsp_document_lint(lsp_document *document, ml_linter *linter, const ml_file_info *info);

/* Calls `fn` for every open document. */
void lsp_documents_each(lsp_documents *documents, void (*fn)(lsp_document *, void *), void *data);

#endif
