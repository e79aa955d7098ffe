/* The server's state, shared by the handlers: lifecycle, what the client supports, settings, the
 * linter and the open documents. */
#ifndef MODAL_LSP_SERVER_H
#define MODAL_LSP_SERVER_H

#include <jansson.h>
#include <stdbool.h>
#include <uv.h>

#include "documents.h"
#include "project.h"
#include "modallint/lint.h"
#include "modallint/source.h"
#include "rpc.h"
#include "settings.h"

#define LSP_SOURCE_NAME "modal-lint"
#define LSP_FIX_ALL_KIND "source.fixAll.modal-lint"
#define LSP_AUTOFIX_COMMAND "modal-lint.applyAutofix"

/* A module whose text in the project index changed since the last flush (server.c). */
typedef struct lsp_changed_module {
  char *path;            /* owned */
  const ml_index *root;  /* its project root's index; never dereferenced */
  bool imports_changed;
} lsp_changed_module;

/* What the client said it can do in `initialize`. */
typedef struct lsp_client_caps {
  bool pull_diagnostics;   /* textDocument.diagnostic: then diagnostics are never pushed */
  bool diagnostic_refresh; /* workspace.diagnostics.refreshSupport */
  bool resolve_edit;       /* codeAction dataSupport + resolveSupport.properties has "edit" */
  bool document_changes;   /* workspace.workspaceEdit.documentChanges */
  bool apply_edit;         /* workspace.applyEdit */
  bool watch_files;        /* workspace.didChangeWatchedFiles.dynamicRegistration */
} lsp_client_caps;

typedef struct lsp_server {
  uv_loop_t *loop;
  lsp_rpc rpc;
  bool initialized;
  bool shutdown;
  bool exiting;
  int exit_code;
  ml_column_kind encoding;
  lsp_client_caps caps;
  lsp_settings settings;
  unsigned settings_generation; /* part of pull diagnostics' resultId */
  ml_linter *linter;
  lsp_documents documents;
  lsp_project project;       /* kinds, MDL111's modules and the project index (project.h) */
  json_t *workspace_folders; /* kept for project-level settings */
  struct ws_configs *configs; /* configuration files found so far (workspace.h); NULL
                                  when it could not be made: editor settings only */
  char config_error[512];     /* the last invalid-configuration message shown, shown once */
  /* Work left for when the input queue drains, or a request needs it (server.c). It is done one
   * document per loop turn, and only while little output waits for the client, so reading,
   * linting and writing take turns however much arrives at once: */
  uv_idle_t worker;
  bool working;               /* `worker` is started */
  lsp_document *queue_head, *queue_tail; /* documents with work to do, oldest first */
  size_t queued;
  bool refresh_due;           /* some findings changed without an edit (pull clients are told) */
  lsp_changed_module *changed; /* modules whose text in the index changed: other documents
                                  importing from them may read something else */
  size_t changed_count, changed_capacity;
  unsigned checked_generation; /* the project index generation the documents were checked
                                  against; another one means they all need checking */
  unsigned change_stamp;       /* counts the changes noted: a document linted since the last one
                                  read them all, and needs no check */
} lsp_server;

typedef int (*lsp_handler)(lsp_server *server, json_t *params, json_t **result, lsp_error *err);

/* Starts serving `in_fd`/`out_fd` on `loop`. Returns 0 or a uv error. */
int lsp_server_start(lsp_server *server, uv_loop_t *loop, int in_fd, int out_fd,
                     size_t max_output);
/* Frees what the server holds after the loop ended. */
void lsp_server_free(lsp_server *server);

#endif
