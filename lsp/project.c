#include "project.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "modallint/error.h"
#include "workspace.h"

void lsp_project_init(lsp_project *project) { memset(project, 0, sizeof *project); }

void lsp_project_free(lsp_project *project) {
  ws_projects_free(project->projects);
  ws_index_free(project->index);
  memset(project, 0, sizeof *project);
}

static void drop_index(lsp_project *project) {
  ws_index_free(project->index);
  project->index = NULL;
}

void lsp_project_invalidate(lsp_project *project) {
  drop_index(project);
  /* Folder listings may have changed too (a module added or removed). */
  ws_projects_free(project->projects);
  project->projects = NULL;
}

static bool is_python(const char *path) {
  ml_file_kind kind;
  return path && ml_file_kind_for_path(path, &kind) && kind == ML_FILE_PYTHON;
}

typedef struct gather {
  const char **paths;
  size_t count;
  bool failed;
} gather;

static void gather_path(lsp_document *document, void *data) {
  gather *g = data;
  if (g->failed || !is_python(document->path)) return;
  const char **paths = realloc(g->paths, (g->count + 1) * sizeof *paths);
  if (!paths) {
    g->failed = true;
    return;
  }
  g->paths = paths;
  g->paths[g->count++] = document->path;
}

/* A document over the size the CLI checks is not linted (server.c), nor read into the index:
 * the index has what is on disk for it, as for a file that is not open (and skips that too when
 * it is as large). */
static bool indexed(const lsp_document *document) {
  return is_python(document->path) &&
         ml_source_length(document->source) <= ML_DEFAULT_MAX_FILE_BYTES;
}

static void set_text(lsp_document *document, void *data) {
  lsp_project *project = data;
  ws_index_change change;
  if (project->index && indexed(document) &&
      ws_index_set_text(project->index, document->path, ml_source_bytes(document->source),
                         ml_source_length(document->source), &change) != ML_OK)
    lsp_log(LSP_LOG_WARN, "%s: out of memory while indexing", document->uri);
}

void lsp_project_ensure(lsp_project *project, lsp_documents *documents) {
  if (project->index) return;
  project->generation++;
  project->forgotten = 0;
  gather g = {NULL, 0, false};
  lsp_documents_each(documents, gather_path, &g);
  int err = g.failed ? ML_ENOMEM : ws_index_build_unfrozen(g.paths, g.count, &project->index);
  free(g.paths);
  if (err) {
    lsp_log(LSP_LOG_WARN, "cannot index the workspace: %s", ml_strerror(err));
    project->index = NULL;
    return;
  }
  lsp_documents_each(documents, set_text, project);
}

static void note_change(lsp_project *project, const char *path, const ws_index_change *from,
                        lsp_project_change *change) {
  change->changed = true;
  change->imports_changed = from->imports_changed;
  change->root = ws_index_root(project->index, path);
}

void lsp_project_set_text(lsp_project *project, lsp_documents *documents,
                          const lsp_document *document, lsp_project_change *change) {
  memset(change, 0, sizeof *change);
  if (!is_python(document->path)) return;
  if (!indexed(document)) {
    if (!project->index) return; /* made without it when next needed */
    ws_index_change done;
    int err = ws_index_forget_text(project->index, document->path, &done);
    if (err) lsp_log(LSP_LOG_WARN, "%s: cannot index: %s", document->uri, ml_strerror(err));
    note_change(project, document->path, &done, change);
    return;
  }
  bool made = !project->index;
  lsp_project_ensure(project, documents);
  if (!project->index) return;
  ws_index_change done = {false, false};
  if (!made) {
    int err = ws_index_set_text(project->index, document->path, ml_source_bytes(document->source),
                                 ml_source_length(document->source), &done);
    if (err) lsp_log(LSP_LOG_WARN, "%s: cannot index: %s", document->uri, ml_strerror(err));
    if (done.rebuild) {
      /* Modules followed before looked for this one in vain: only a new index links them. */
      drop_index(project);
      lsp_project_ensure(project, documents);
      if (!project->index) return;
    }
  }
  if (made || done.rebuild) done.imports_changed = true; /* nothing was known before */
  note_change(project, document->path, &done, change);
}

void lsp_project_forget(lsp_project *project, lsp_documents *documents, const char *path,
                        lsp_project_change *change) {
  memset(change, 0, sizeof *change);
  if (!project->index || !is_python(path)) return;
  ws_index_change done;
  int err = ws_index_forget_text(project->index, path, &done);
  if (err) lsp_log(LSP_LOG_WARN, "%s: cannot index: %s", path, ml_strerror(err));
  note_change(project, path, &done, change);
  /* Records of closed documents linger (and the modules only they imported): once they outnumber
   * the open documents the index is made anew, which keeps its size in proportion to what is open
   * at a cost spread over as many closes. With nothing open, nothing is kept. */
  project->forgotten++;
  if (lsp_documents_count(documents) == 0 || (project->forgotten > 64 && project->forgotten > lsp_documents_count(documents)))
    lsp_project_invalidate(project);
}

bool lsp_project_reload(lsp_project *project, const char *path, lsp_project_change *change) {
  memset(change, 0, sizeof *change);
  if (!project->index) return true; /* made from disk when next needed */
  bool known = false;
  ws_index_change done;
  int err = ws_index_reload(project->index, path, &known, &done);
  if (err) lsp_log(LSP_LOG_WARN, "%s: cannot index: %s", path, ml_strerror(err));
  if (known) note_change(project, path, &done, change);
  return known;
}

const ml_index *lsp_project_root(lsp_project *project, lsp_documents *documents,
                                 lsp_document *document) {
  lsp_project_ensure(project, documents);
  if (document->root_generation != project->generation) {
    document->root = is_python(document->path) ? ws_index_root(project->index, document->path)
                                                : NULL;
    document->root_generation = project->generation;
  }
  return document->root;
}

bool lsp_project_imports(const lsp_project *project, const char *importer, const char *imported) {
  return importer && imported && ws_index_imports(project->index, importer, imported);
}

void lsp_project_describe(lsp_project *project, lsp_documents *documents, const char *uri,
                          lsp_file *out) {
  memset(out, 0, sizeof *out);
  out->info.kind = ML_FILE_PYTHON;
  out->path = ws_uri_path(uri);
  if (!out->path) return;
  ml_file_kind_for_path(out->path, &out->info.kind); /* unknown names are read as Python */
  if (out->info.kind != ML_FILE_PYTHON) return;
  lsp_project_ensure(project, documents);
  ws_index_describe(project->index, out->path, &out->info);
  if (!project->projects && ws_projects_new(&project->projects) != ML_OK) return;
  if (ws_projects_lookup(project->projects, out->path, &out->info.project, out->module,
                          sizeof out->module) == ML_OK)
    out->info.module = out->module;
}

void lsp_file_clear(lsp_file *file) {
  free(file->path);
  memset(file, 0, sizeof *file);
}
