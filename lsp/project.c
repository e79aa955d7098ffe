#include "project.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "modallint/error.h"
#include "project_discovery.h"
#include "project_index.h"

void lsp_project_init(lsp_project *project) {
  memset(project, 0, sizeof *project);
  project->stale = true;
}

void lsp_project_free(lsp_project *project) {
  cli_projects_free(project->projects);
  cli_index_free(project->index);
  memset(project, 0, sizeof *project);
}

void lsp_project_invalidate(lsp_project *project) {
  project->stale = true;
  /* Folder listings may have changed too (a module added or removed). */
  cli_projects_free(project->projects);
  project->projects = NULL;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = (char)tolower((unsigned char)c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *lsp_uri_path(const char *uri) {
  static const char scheme[] = "file://";
  if (!uri || strncmp(uri, scheme, sizeof scheme - 1) != 0) return NULL;
  const char *p = uri + sizeof scheme - 1;
  if (*p != '/') { /* file://host/path: only the local host is ours */
    if (strncmp(p, "localhost/", 10) != 0) return NULL;
    p += 9;
  }
  char *path = malloc(strlen(p) + 1), *out = path;
  if (!path) return NULL;
  for (; *p && *p != '?' && *p != '#'; p++) {
    int high, low;
    if (*p == '%' && (high = hex_value(p[1])) >= 0 && (low = hex_value(p[2])) >= 0) {
      *out++ = (char)(high * 16 + low);
      p += 2;
    } else {
      *out++ = *p;
    }
  }
  *out = '\0';
  return path;
}

typedef struct gather {
  char **paths;
  size_t count;
  bool failed;
} gather;

static void gather_path(lsp_document *document, void *data) {
  gather *g = data;
  char *path = lsp_uri_path(document->uri);
  ml_file_kind kind;
  if (!path || !ml_file_kind_for_path(path, &kind) || kind != ML_FILE_PYTHON) {
    free(path);
    return;
  }
  char **paths = realloc(g->paths, (g->count + 1) * sizeof *paths);
  if (!paths) {
    free(path);
    g->failed = true;
    return;
  }
  g->paths = paths;
  g->paths[g->count++] = path;
}

static void set_text(lsp_document *document, void *data) {
  lsp_project *project = data;
  char *path = lsp_uri_path(document->uri);
  if (path && cli_index_set_text(project->index, path, ml_source_bytes(document->source),
                                 ml_source_length(document->source)) != ML_OK)
    lsp_log(LSP_LOG_WARN, "%s: out of memory while indexing", document->uri);
  free(path);
}

/* `extra` is the path of a document about to be opened: its imports must be followed too. */
static void rebuild(lsp_project *project, lsp_documents *documents, const char *extra) {
  cli_index_free(project->index);
  project->index = NULL;
  project->stale = false;
  project->generation++;
  gather g = {NULL, 0, false};
  lsp_documents_each(documents, gather_path, &g);
  char **paths = realloc(g.paths, (g.count + 1) * sizeof *paths);
  if (!paths || !(paths[g.count] = strdup(extra))) g.failed = true;
  if (paths) g.paths = paths;
  if (!g.failed) g.count++;
  int err = g.failed ? ML_ENOMEM
                     : cli_index_build_files((const char *const *)g.paths, g.count, &project->index);
  for (size_t i = 0; i < g.count; i++) free(g.paths[i]);
  free(g.paths);
  if (err) {
    lsp_log(LSP_LOG_WARN, "cannot index the workspace: %s", ml_strerror(err));
    return;
  }
  lsp_documents_each(documents, set_text, project);
}

void lsp_project_describe(lsp_project *project, lsp_documents *documents, const char *uri,
                          lsp_file *out) {
  memset(out, 0, sizeof *out);
  out->info.kind = ML_FILE_PYTHON;
  out->path = lsp_uri_path(uri);
  if (!out->path) return;
  ml_file_kind_for_path(out->path, &out->info.kind); /* unknown names are read as Python */
  if (out->info.kind != ML_FILE_PYTHON) return;
  if (project->stale || !lsp_documents_find(documents, uri)) rebuild(project, documents, out->path);
  cli_index_describe(project->index, out->path, &out->info);
  if (!project->projects && cli_projects_new(&project->projects) != ML_OK) return;
  if (cli_projects_lookup(project->projects, out->path, &out->info.project, out->module,
                          sizeof out->module) == ML_OK)
    out->info.module = out->module;
}

void lsp_file_clear(lsp_file *file) {
  free(file->path);
  memset(file, 0, sizeof *file);
}
