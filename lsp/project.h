/* What the server tells the library about a document beyond its text: its kind (from the path of
 * a file:// URI), the project around it (MDL111) and the project index, so names a document
 * imports from another module of the workspace keep their Modal type.
 *
 * The index covers the open Python documents and the first-party modules they import (read from
 * disk, transitively), with the editor's unsaved text taking the place of what is on disk. It is
 * updated one document at a time: an open or an edit sets that document's text, a close puts the
 * disk's back, a file changed on disk is read again. Only what the index cannot take in place (a
 * file appearing or disappearing, a configuration change) makes it anew, once, before its next
 * use; so does the pile-up of records of closed documents, so its size follows what is open. */
#ifndef MODAL_LSP_PROJECT_H
#define MODAL_LSP_PROJECT_H

#include <stdbool.h>

#include "documents.h"
#include "modallint/file.h"

typedef struct ws_projects ws_projects;
typedef struct ws_index ws_index;

typedef struct lsp_project {
  ws_projects *projects; /* folder listings for MDL111, cached; NULL until first needed */
  ws_index *index;       /* NULL until first needed, and after a change it cannot take */
  unsigned generation;    /* bumped whenever the index is made anew: roots looked up before are
                             stale, and any document may read something else from it */
  size_t forgotten;       /* documents closed since it was made: their records linger */
} lsp_project;

/* The description of one document; `info` points into it. */
typedef struct lsp_file {
  ml_file_info info;
  char *path;        /* decoded from the URI; NULL for a URI that is not file:// */
  char module[256];  /* what info.module points to */
} lsp_file;

/* What an update changed, for the server to decide which other documents to lint again. */
typedef struct lsp_project_change {
  bool changed;          /* the index holds something else for the file */
  bool imports_changed;  /* ... including its import statements */
  const ml_index *root;  /* the index of the file's project root; NULL when it has none */
} lsp_project_change;

void lsp_project_init(lsp_project *project);
void lsp_project_free(lsp_project *project);

/* Something on disk changed that the index cannot take in place: make it anew before its next
 * use (folder listings too: a module may have been added or removed). */
void lsp_project_invalidate(lsp_project *project);

/* Makes the index over the open documents when there is none (bumping the generation). */
void lsp_project_ensure(lsp_project *project, lsp_documents *documents);

/* The editor holds `document`'s current text (it was just opened or changed): the index takes it.
 * `document` must be in `documents`. */
void lsp_project_set_text(lsp_project *project, lsp_documents *documents,
                          const lsp_document *document, lsp_project_change *change);

/* The document at `path` was closed (and is no longer in `documents`): the index reads the file
 * from disk again. */
void lsp_project_forget(lsp_project *project, lsp_documents *documents, const char *path,
                        lsp_project_change *change);

/* The file at `path` changed on disk. False when the index cannot take it in place (it has no
 * record of the file): the caller invalidates. An open document's file is left alone. */
bool lsp_project_reload(lsp_project *project, const char *path, lsp_project_change *change);

/* The index of the project root of the Python document `document` (compared by the server to
 * tell which documents share a project); NULL when it has none. Updates document->root and
 * root_generation when they are stale. */
const ml_index *lsp_project_root(lsp_project *project, lsp_documents *documents,
                                 lsp_document *document);

/* Whether the file at `importer` imports the file at `imported` (as far as the index followed). */
bool lsp_project_imports(const lsp_project *project, const char *importer, const char *imported);

/* Fills `out` for the document `uri` (open, or described for another reason), making the index
 * when there is none. Never fails: what cannot be found out is left unknown (a Python file outside
 * any project). Release with lsp_file_clear. */
void lsp_project_describe(lsp_project *project, lsp_documents *documents, const char *uri,
                          lsp_file *out);
void lsp_file_clear(lsp_file *file);

#endif
