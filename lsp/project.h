/* What the server tells the library about a document beyond its text: its kind (from the path of
 * a file:// URI), the project around it (MDL111) and the project index, so names a document
 * imports from another module of the workspace keep their Modal type.
 *
 * The index covers the open Python documents and the first-party modules they import (read from
 * disk, transitively), with the editor's unsaved text taking the place of what is on disk. Any
 * change (an edit, a save, a file changed on disk, a document opened or closed) marks it stale;
 * it is rebuilt, once, before the next document is described. */
#ifndef MODAL_LSP_PROJECT_H
#define MODAL_LSP_PROJECT_H

#include <stdbool.h>

#include "documents.h"
#include "modallint/file.h"

typedef struct cli_projects cli_projects;
typedef struct cli_index cli_index;

typedef struct lsp_project {
  cli_projects *projects; /* folder listings for MDL111, cached; NULL until first needed */
  cli_index *index;       /* NULL until first needed, or when stale */
  bool stale;
  unsigned generation;    /* bumped on every rebuild: part of pull diagnostics' resultId */
} lsp_project;

/* The description of one document; `info` points into it. */
typedef struct lsp_file {
  ml_file_info info;
  char *path;        /* decoded from the URI; NULL for a URI that is not file:// */
  char module[256];  /* what info.module points to */
} lsp_file;

void lsp_project_init(lsp_project *project);
void lsp_project_free(lsp_project *project);

/* Something on disk or in an open document changed: rebuild before the next describe. */
void lsp_project_invalidate(lsp_project *project);

/* The local path a file:// URI names (percent-decoded), or NULL. Owned by the caller (free). */
char *lsp_uri_path(const char *uri);

/* Fills `out` for the document `uri` (open or about to be), rebuilding the index over `documents`
 * when stale. Never fails: what cannot be found out is left unknown (a Python file outside any
 * project). Release with lsp_file_clear. */
void lsp_project_describe(lsp_project *project, lsp_documents *documents, const char *uri,
                          lsp_file *out);
void lsp_file_clear(lsp_file *file);

#endif
