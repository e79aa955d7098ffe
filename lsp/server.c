#include "server.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#include "code_actions.h"
#include "workspace.h"
#include "deps.h"
#include "diagnostics.h"
#include "hover.h"
#include "log.h"
#include "session.h"
#include "modallint/config.h"
#include "modallint/error.h"
#include "modallint/version.h"
#include "positions.h"

/* Walks a path of object keys; NULL when any step is missing. */
static const json_t *dig(const json_t *json, const char *const *path) {
  for (; json && *path; path++) json = json_object_get(json, *path);
  return json;
}

static bool flag(const json_t *capabilities, const char *const *path) {
  return json_is_true(dig(capabilities, path));
}

static bool list_has(const json_t *list, const char *value) {
  size_t i;
  const json_t *item;
  json_array_foreach(list, i, item) {
    if (lsp_string_value(item) && strcmp(lsp_string_value(item), value) == 0) return true;
  }
  return false;
}

/* The client lists encodings by decreasing preference; the first one the library can count in
 * wins (all three can). Without a list LSP means UTF-16. */
static ml_column_kind negotiate_encoding(const json_t *capabilities) {
  static const char *const path[] = {"general", "positionEncodings", NULL};
  const json_t *list = dig(capabilities, path);
  size_t i;
  const json_t *item;
  json_array_foreach(list, i, item) {
    const char *name = lsp_string_value(item);
    if (!name) continue;
    if (strcmp(name, "utf-16") == 0) return ML_COLUMN_UTF16;
    if (strcmp(name, "utf-8") == 0) return ML_COLUMN_UTF8;
    if (strcmp(name, "utf-32") == 0) return ML_COLUMN_CODEPOINT;
  }
  return ML_COLUMN_UTF16;
}

static void read_capabilities(lsp_server *server, const json_t *capabilities) {
  static const char *const pull[] = {"textDocument", "diagnostic", NULL};
  static const char *const refresh[] = {"workspace", "diagnostics", "refreshSupport", NULL};
  static const char *const data[] = {"textDocument", "codeAction", "dataSupport", NULL};
  static const char *const resolve[] = {"textDocument", "codeAction", "resolveSupport",
                                        "properties", NULL};
  static const char *const changes[] = {"workspace", "workspaceEdit", "documentChanges", NULL};
  static const char *const apply[] = {"workspace", "applyEdit", NULL};
  static const char *const watch[] = {"workspace", "didChangeWatchedFiles", "dynamicRegistration",
                                      NULL};
  server->encoding = negotiate_encoding(capabilities);
  server->caps.pull_diagnostics = json_is_object(dig(capabilities, pull));
  server->caps.diagnostic_refresh = flag(capabilities, refresh);
  server->caps.resolve_edit = flag(capabilities, data) && list_has(dig(capabilities, resolve), "edit");
  server->caps.document_changes = flag(capabilities, changes);
  server->caps.apply_edit = flag(capabilities, apply);
  server->caps.watch_files = flag(capabilities, watch);
}

static json_t *server_capabilities(const lsp_server *server) {
  json_t *caps = json_pack(
      "{s:s, s:{s:b, s:i, s:{s:b}}, s:{s:[s, s], s:b}, s:b, s:{s:[s]}, s:{s:{s:b, s:b}}}",
      "positionEncoding", lsp_encoding_name(server->encoding), "textDocumentSync", "openClose", 1,
      "change", 2, "save", "includeText", 0, "codeActionProvider", "codeActionKinds", "quickfix",
      LSP_FIX_ALL_KIND, "resolveProvider", server->caps.resolve_edit, "hoverProvider", 1,
      "executeCommandProvider", "commands", LSP_AUTOFIX_COMMAND, "workspace", "workspaceFolders",
      "supported", 1, "changeNotifications", 1);
  /* Advertised only to clients that pull: a client seeing diagnosticProvider stops listening to
   * pushes (Neovim 0.10 does). */
  if (caps && server->caps.pull_diagnostics)
    json_object_set_new(caps, "diagnosticProvider",
                        json_pack("{s:s, s:b, s:b}", "identifier", LSP_SOURCE_NAME,
                                  "interFileDependencies", 1, "workspaceDiagnostics", 0));
  return caps;
}

/* --- linting and what depends on it ---------------------------------------------------------- */

/* Lints `document` as `file` describes it and notes what it read from the index. */
static int lint_as(lsp_server *server, lsp_document *document, const lsp_file *file, bool recent) {
  int err = lsp_documents_lint(&server->documents, document, server->linter, &file->info, recent);
  if (err) lsp_log(LSP_LOG_ERROR, "%s: %s", document->uri, ml_strerror(err));
  document->signature = 0;
  document->volatile_imports = false;
  free(document->imports);
  document->imports = NULL;
  document->imports_length = 0;
  if (file->info.kind == ML_FILE_PYTHON) {
    const char *bytes = ml_source_bytes(document->source);
    size_t length = ml_source_length(document->source);
    /* Out of memory: no list, and a signature that never matches (volatile). */
    document->volatile_imports =
        lsp_scan_imports(bytes, length, &document->imports, &document->imports_length) != ML_OK;
    bool volatile_imports;
    document->signature = lsp_import_signature(&file->info, document->imports,
                                               document->imports_length, bytes, length,
                                               &volatile_imports);
    document->volatile_imports |= volatile_imports;
  }
  document->lint_stamp = server->change_stamp;
  document->lint_index_generation = server->project.generation;
  return err;
}

static int lint_described(lsp_server *server, lsp_document *document, bool recent) {
  lsp_file file;
  lsp_server_describe(server, document->uri, &file);
  int err = lint_as(server, document, &file, recent);
  lsp_file_clear(&file);
  return err;
}

static bool same_findings(const ml_diag_list *a, const ml_diag_list *b) {
  if (a->count != b->count) return false;
  for (size_t i = 0; i < a->count; i++) {
    const ml_diag *x = &a->items[i], *y = &b->items[i];
    if (x->rule != y->rule || x->start != y->start || x->end != y->end ||
        strcmp(x->message, y->message) != 0 || (x->fix == NULL) != (y->fix == NULL))
      return false;
  }
  return true;
}

/* Lints a document whose text did not change again; publishes only when its findings did. */
static bool relint_unchanged(lsp_server *server, lsp_document *document, const lsp_file *file) {
  ml_diag_list before = document->diags;
  ml_diag_list_init(&document->diags);
  lint_as(server, document, file, false);
  bool same = same_findings(&before, &document->diags);
  ml_diag_list_clear(&before);
  if (same) return false;
  document->lint_generation++;
  lsp_diagnostics_publish(server, document);
  return true;
}

/* --- the work queue --------------------------------------------------------------------------- */

static void unqueue(lsp_server *server, lsp_document *document) {
  if (document->work == LSP_WORK_NONE) return;
  if (document->queue_prev) document->queue_prev->queue_next = document->queue_next;
  else server->queue_head = document->queue_next;
  if (document->queue_next) document->queue_next->queue_prev = document->queue_prev;
  else server->queue_tail = document->queue_prev;
  document->queue_next = document->queue_prev = NULL;
  document->work = LSP_WORK_NONE;
  server->queued--;
}

static void start_work(lsp_server *server);

/* Queues `work` for `document`. Work already queued for it is done once, as the greater of the
 * two, in its place: an edit supersedes the lint of the version before, not adds to it. */
static void queue_work(lsp_server *server, lsp_document *document, lsp_document_work work) {
  if (document->work != LSP_WORK_NONE) {
    if (work > document->work) document->work = work;
    return;
  }
  document->work = work;
  document->queue_prev = server->queue_tail;
  document->queue_next = NULL;
  if (server->queue_tail) server->queue_tail->queue_next = document;
  else server->queue_head = document;
  server->queue_tail = document;
  server->queued++;
  start_work(server);
}

/* `document` was opened or changed. */
static void queue(lsp_server *server, lsp_document *document) {
  queue_work(server, document, LSP_WORK_EDITED);
}

/* Remembers that the index holds something else for the file at `path`. */
static void note_changed(lsp_server *server, const char *path, const lsp_project_change *change) {
  if (!change->changed || !path) return;
  for (size_t i = 0; i < server->changed_count; i++) {
    lsp_changed_module *m = &server->changed[i];
    if (strcmp(m->path, path) != 0) continue;
    m->root = change->root;
    m->imports_changed |= change->imports_changed;
    server->change_stamp++;
    return;
  }
  char *copy = strdup(path);
  if (copy && server->changed_count == server->changed_capacity) {
    size_t capacity = server->changed_capacity ? server->changed_capacity * 2 : 16;
    lsp_changed_module *changed = realloc(server->changed, capacity * sizeof *changed);
    if (changed) {
      server->changed = changed;
      server->changed_capacity = capacity;
    } else {
      free(copy);
      copy = NULL;
    }
  }
  server->change_stamp++;
  if (!copy) { /* out of memory: check every document instead */
    lsp_project_invalidate(&server->project);
    return;
  }
  server->changed[server->changed_count++] = (lsp_changed_module){copy, change->root,
                                                                  change->imports_changed};
}

static void clear_changed(lsp_server *server) {
  for (size_t i = 0; i < server->changed_count; i++) free(server->changed[i].path);
  server->changed_count = 0;
}

typedef struct check {
  lsp_server *server;
  bool all; /* the index was made anew: every document may read something else */
} check;

/* Queues `document` to be linted again when it may read something else from the index now: it
 * imports from a changed module (directly or through re-exports: its signature differs), a
 * changed module's imports named it (MDL202 asks whether any module imports from it), or it
 * star-imports in a changed project. Documents in other projects are not even described, nor
 * those with work queued or linted since the last change (they read it). */
static void check_one(lsp_document *document, void *data) {
  check *c = data;
  lsp_server *server = c->server;
  if (document->work != LSP_WORK_NONE || document->too_large) return;
  if (document->lint_stamp == server->change_stamp &&
      document->lint_index_generation == server->project.generation)
    return;
  const ml_index *root = lsp_project_root(&server->project, &server->documents, document);
  bool near = c->all, named = false;
  for (size_t i = 0; root && i < server->changed_count; i++) {
    const lsp_changed_module *m = &server->changed[i];
    if (m->root != root) continue;
    near = true;
    if (m->imports_changed && lsp_project_imports(&server->project, m->path, document->path))
      named = true;
  }
  if (!near) return;
  lsp_file file;
  lsp_server_describe(server, document->uri, &file);
  bool relint = named || document->volatile_imports;
  if (!relint && file.info.kind == ML_FILE_PYTHON) {
    bool volatile_imports;
    uint64_t signature = lsp_import_signature(
        &file.info, document->imports, document->imports_length,
        ml_source_bytes(document->source), ml_source_length(document->source), &volatile_imports);
    relint = signature != document->signature || volatile_imports;
  }
  lsp_file_clear(&file);
  if (relint) queue_work(server, document, LSP_WORK_CHECK);
}

/* Queues the documents that may read something else from the index since the changes noted
 * (the index made first, if a change dropped it, so that its generation says whether all of them
 * may). Cheap next to linting: no document is linted here. */
static void check_changes(lsp_server *server) {
  if (!server->changed_count && server->checked_generation == server->project.generation) return;
  lsp_project_ensure(&server->project, &server->documents);
  check c = {server, server->checked_generation != server->project.generation};
  if (c.all || server->changed_count) lsp_documents_each(&server->documents, check_one, &c);
  clear_changed(server);
  server->checked_generation = server->project.generation;
}

static void queue_relint(lsp_document *document, void *data) {
  queue_work(data, document, LSP_WORK_RELINT);
}

static void queue_check(lsp_document *document, void *data) {
  queue_work(data, document, LSP_WORK_CHECK);
}

/* A document over the size the CLI checks (its configuration's max-file-size) is not parsed or
 * linted: its findings are cleared (it may have grown past the limit) and the user is told once,
 * until it is back under it. */
static bool too_large(lsp_server *server, lsp_document *document) {
  size_t length = ml_source_length(document->source);
  size_t limit = lsp_server_max_file_size(server, document->path);
  if (length <= limit) {
    document->too_large = false;
    return false;
  }
  ml_diag_list_clear(&document->diags);
  if (!document->too_large) {
    document->too_large = true;
    char message[768];
    snprintf(message, sizeof message,
             "modal-lint: %.600s is too large to check (%zu bytes; the limit is %zu)",
             document->uri, length, limit);
    lsp_log(LSP_LOG_INFO, "%s", message);
    if (!server->exiting)
      lsp_rpc_notify(&server->rpc, "window/showMessage",
                     json_pack("{s:i, s:s}", "type", 2, "message", message));
  }
  return true;
}

/* Does the work queued for `document` and takes it off the queue. */
static void work_on(lsp_server *server, lsp_document *document) {
  lsp_document_work work = document->work;
  unqueue(server, document);
  if (too_large(server, document)) {
    if (work != LSP_WORK_CHECK) lsp_diagnostics_publish(server, document);
    return;
  }
  if (work == LSP_WORK_CHECK) {
    lsp_file file;
    lsp_server_describe(server, document->uri, &file);
    if (relint_unchanged(server, document, &file)) server->refresh_due = true;
    lsp_file_clear(&file);
    return;
  }
  lint_described(server, document, work == LSP_WORK_EDITED);
  lsp_diagnostics_publish(server, document);
}

/* What a request answers from (findings, code actions) is current: the changes noted are checked
 * and the document's own work done now. Other documents' work stays queued, so a request in the
 * middle of a flood costs one lint, not the flood's. */
static void settle(lsp_server *server, const char *uri) {
  check_changes(server);
  lsp_document *document = uri ? lsp_documents_find(&server->documents, uri) : NULL;
  if (document && document->work != LSP_WORK_NONE) work_on(server, document);
}

/* The most output that may wait for the client before the worker holds back: enough for a few
 * large publishes in flight, far below the cap at which the client is dropped. */
static size_t output_mark(const lsp_server *server) {
  size_t cap = server->rpc.transport.max_output;
  size_t mark = cap / 8;
  return mark < ((size_t)1 << 20) ? mark : (size_t)1 << 20;
}

static void refresh_if_due(lsp_server *server) {
  if (!server->refresh_due) return;
  server->refresh_due = false;
  if (server->caps.pull_diagnostics && server->caps.diagnostic_refresh)
    lsp_rpc_request(&server->rpc, "workspace/diagnostic/refresh", NULL);
}

/* One document's work per loop turn, between which libuv reads input and writes output. It
 * gives way to messages waiting to be handled (they may supersede or cancel work: the edits of a
 * burst cost one lint), and to a client that has not read what was sent yet (it resumes from
 * on_output_low), so the output never piles up towards the cap however much work is queued. */
static void worker_cb(uv_idle_t *idle) {
  lsp_server *server = idle->data;
  bool output_full = lsp_rpc_unsent(&server->rpc) >= output_mark(server);
  if (server->exiting || server->rpc.count > 0 || output_full) {
    uv_idle_stop(idle);
    server->working = false;
    if (output_full && !server->exiting) lsp_rpc_watch_output(&server->rpc, output_mark(server));
    return;
  }
  if (!server->queue_head) check_changes(server);
  if (server->queue_head) {
    work_on(server, server->queue_head);
    return;
  }
  uv_idle_stop(idle);
  server->working = false;
  refresh_if_due(server);
}

/* Starts the worker if there is anything for it; when it may not run yet it stops itself, and
 * the input draining or the output emptying starts it again. */
static void start_work(lsp_server *server) {
  if (server->working || server->exiting || !server->initialized) return;
  server->working = true;
  uv_idle_start(&server->worker, worker_cb);
}

/* Rebuilds the linter for new settings and refreshes every open document's findings. */
static int apply_settings(lsp_server *server, const lsp_settings *settings, bool refresh) {
  if (server->linter && lsp_settings_equal(&server->settings, settings)) return 0;
  ml_linter *linter = NULL;
  int err = ml_linter_new(&settings->options, &linter);
  if (err) {
    lsp_log(LSP_LOG_ERROR, "cannot apply settings: %s", ml_strerror(err));
    return err;
  }
  ml_linter_free(server->linter);
  server->linter = linter;
  server->settings = *settings;
  server->settings_generation++;
  if (!refresh) return 0;
  lsp_documents_each(&server->documents, queue_relint, server);
  if (server->caps.pull_diagnostics && server->caps.diagnostic_refresh)
    lsp_rpc_request(&server->rpc, "workspace/diagnostic/refresh", NULL);
  return 0;
}

static void log_sink(void *data, lsp_log_level level, const char *message) {
  lsp_server *server = data;
  /* Only problems reach the editor's log; debug chatter stays in the log file. */
  if (server->initialized && !server->exiting && level <= LSP_LOG_WARN)
    lsp_rpc_notify(&server->rpc, "window/logMessage",
                   json_pack("{s:i, s:s}", "type", (int)level, "message", message));
}

static int on_initialize(lsp_server *server, json_t *params, json_t **result, lsp_error *err) {
  if (server->initialized) return lsp_fail(err, LSP_INVALID_REQUEST, "initialize was already sent");
  if (!json_is_object(params)) return lsp_fail(err, LSP_INVALID_PARAMS, "params must be an object");
  const json_t *capabilities = json_object_get(params, "capabilities");
  if (capabilities && !json_is_object(capabilities))
    return lsp_fail(err, LSP_INVALID_PARAMS, "capabilities must be an object");
  read_capabilities(server, capabilities);
  json_t *folders = json_object_get(params, "workspaceFolders");
  if (json_is_array(folders)) server->workspace_folders = json_incref(folders);
  lsp_settings settings;
  lsp_settings_read(&settings, json_object_get(params, "initializationOptions"));
  if (apply_settings(server, &settings, false))
    return lsp_fail(err, LSP_INTERNAL_ERROR, "cannot create the linter");
  *result = json_pack("{s:o, s:{s:s, s:s}}", "capabilities", server_capabilities(server),
                      "serverInfo", "name", "modal-lsp", "version", ML_TOOL_VERSION);
  if (!*result) return lsp_fail(err, LSP_INTERNAL_ERROR, "out of memory");
  server->initialized = true;
  lsp_log(LSP_LOG_INFO, "initialized: %s positions, %s diagnostics",
          lsp_encoding_name(server->encoding), server->caps.pull_diagnostics ? "pull" : "push");
  return 0;
}

/* Files edited outside the editor (a `git checkout`, another tool) change what modules export,
 * and configuration files change which rules run: the client is asked to report changes of both. */
static int on_initialized(lsp_server *server, json_t *params, json_t **result, lsp_error *err) {
  (void)params, (void)result, (void)err;
  if (server->caps.watch_files)
    lsp_rpc_request(&server->rpc, "client/registerCapability",
                    json_pack("{s:[{s:s, s:s, s:{s:[{s:s}, {s:s}, {s:s}, {s:s}]}}]}",
                              "registrations", "id", "modal-lint-watch-python", "method",
                              "workspace/didChangeWatchedFiles", "registerOptions", "watchers",
                              "globPattern", "**/*.py", "globPattern", "**/pyproject.toml",
                              "globPattern", "**/modal-lint.toml", "globPattern",
                              "**/.modal-lint.toml"));
  return 0;
}

static bool is_config_uri(const char *uri) {
  static const char *const names[] = {"pyproject.toml", "modal-lint.toml", ".modal-lint.toml"};
  const char *slash = uri ? strrchr(uri, '/') : NULL;
  const char *name = slash ? slash + 1 : uri;
  for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
    if (strcmp(name, names[i]) == 0) return true;
  return false;
}

/* A configuration file changed (or appeared, or went): the cache is made anew, and every open
 * document is linted again with what the files say now. */
static void reload_configs(lsp_server *server) {
  ws_configs *configs = NULL;
  char message[512] = "";
  int err = ws_configs_new(NULL, false, &configs, message, sizeof message);
  if (err) {
    lsp_log(LSP_LOG_ERROR, "cannot reload the configuration: %s",
            message[0] ? message : ml_strerror(err));
    return;
  }
  ws_configs_free(server->configs);
  server->configs = configs;
  server->config_error[0] = '\0';
  server->settings_generation++;
  /* A project marker (pyproject.toml) may have appeared or gone: roots may differ. */
  lsp_project_invalidate(&server->project);
  lsp_documents_each(&server->documents, queue_relint, server);
  if (server->caps.pull_diagnostics && server->caps.diagnostic_refresh)
    lsp_rpc_request(&server->rpc, "workspace/diagnostic/refresh", NULL);
}

/* Files edited outside the editor. A module the index holds is read again in place, and the
 * documents importing from it are checked at the next flush; a changed file the index never read
 * concerns no open document; an open document's file is the editor's business (its saves come
 * here too). A file created or deleted changes folder listings (MDL111 asks which local modules
 * exist) and may be what some import looked for: the index is made anew and every open document
 * linted again. */
static int on_did_change_watched_files(lsp_server *server, json_t *params, json_t **result,
                                       lsp_error *err) {
  (void)result, (void)err;
  bool config_changed = false, anew = false;
  size_t i;
  const json_t *change;
  json_array_foreach(json_object_get(params, "changes"), i, change) {
    const char *uri = lsp_string_value(json_object_get(change, "uri"));
    if (is_config_uri(uri)) config_changed = true;
    if (!uri || config_changed || anew) continue;
    json_int_t type = json_integer_value(json_object_get(change, "type"));
    if (type != 2) { /* 1 created, 3 deleted (anything else: assume the worst) */
      anew = true;
      continue;
    }
    if (lsp_documents_find(&server->documents, uri)) continue;
    char *path = ws_uri_path(uri);
    lsp_project_change changed;
    if (path && lsp_project_reload(&server->project, path, &changed))
      note_changed(server, path, &changed);
    free(path);
  }
  if (config_changed) {
    reload_configs(server); /* everything again, the index made anew */
  } else if (anew) {
    /* Each document linted again whatever it imports; published only when its findings
     * changed. */
    lsp_project_invalidate(&server->project);
    lsp_documents_each(&server->documents, queue_check, server);
  }
  return 0;
}

static int on_shutdown_request(lsp_server *server, json_t *params, json_t **result, lsp_error *err) {
  (void)params, (void)err;
  server->shutdown = true;
  *result = json_null();
  return 0;
}

static void loop_closed(void *data) {
  lsp_server *server = data;
  lsp_log_set_sink(NULL, NULL);
  (void)server;
}

static void finish(lsp_server *server) {
  if (server->exiting) return;
  server->exiting = true;
  server->exit_code = server->shutdown ? 0 : 1;
  if (server->queued)
    lsp_log(LSP_LOG_INFO, "exiting with %zu documents' work left undone", server->queued);
  uv_idle_stop(&server->worker);
  server->working = false;
  uv_close((uv_handle_t *)&server->worker, NULL);
  lsp_rpc_stop(&server->rpc, loop_closed);
}

static int on_exit_notification(lsp_server *server, json_t *params, json_t **result, lsp_error *err) {
  (void)params, (void)result, (void)err;
  finish(server);
  return 0;
}

/* Closes `document` (its queued work dropped) and clears its findings in the client; its file
 * is what is on disk again for the others. */
static void forget_document(lsp_server *server, lsp_document *document) {
  unqueue(server, document);
  char *uri = strdup(document->uri);
  char *path = document->path ? strdup(document->path) : NULL;
  lsp_documents_close(&server->documents, document->uri);
  if (uri) lsp_diagnostics_clear(server, uri);
  /* Its unsaved text no longer stands for the file: others see what is on disk again. */
  lsp_project_change change;
  if (path) lsp_project_forget(&server->project, &server->documents, path, &change);
  if (path) note_changed(server, path, &change);
  free(uri);
  free(path);
#ifdef __GLIBC__
  /* The last document closed (a project closed, an editor window gone): what they took goes back
   * to the system instead of staying in malloc's free lists, which glibc only trims at the top of
   * the heap. */
  if (lsp_documents_count(&server->documents) == 0) malloc_trim(0);
#endif
}

static bool document_notification(const char *method) {
  return strcmp(method, "textDocument/didOpen") == 0 ||
         strcmp(method, "textDocument/didChange") == 0 ||
         strcmp(method, "textDocument/didClose") == 0;
}

static void forget_each(lsp_document *document, void *data) {
  lsp_server *server = data;
  unqueue(server, document);
  lsp_diagnostics_clear(server, document->uri);
}

/* A message that was not JSON. When it may have been an open, change or close of a document, our
 * copy of that document (of every document, when the message does not say which) can no longer
 * be trusted: it is dropped and its findings cleared, until the editor opens it again, rather
 * than kept stale. Other methods (requests were answered with ParseError) change nothing. */
static void on_unparsed(void *data, const char *method, const char *uri) {
  lsp_server *server = data;
  if (!server->initialized || server->shutdown || server->exiting) return;
  if (method && !document_notification(method)) return;
  lsp_document *document = uri ? lsp_documents_find(&server->documents, uri) : NULL;
  if (document) {
    lsp_log(LSP_LOG_ERROR, "%.200s: a message about it was not valid JSON; its findings are "
            "cleared until it is opened again", uri);
    forget_document(server, document);
    return;
  }
  if (uri || !method || lsp_documents_count(&server->documents) == 0) {
    lsp_log(LSP_LOG_DEBUG, "a message that is not JSON names no open document");
    return;
  }
  lsp_log(LSP_LOG_ERROR, "a %s that was not valid JSON named no document; every document's "
          "findings are cleared until it is opened again", method);
  lsp_documents_each(&server->documents, forget_each, server);
  /* The document list is being walked above: closed afterwards, all at once. */
  lsp_documents_free(&server->documents);
  lsp_documents_init(&server->documents);
  lsp_project_invalidate(&server->project);
  server->change_stamp++;
}

static int on_did_open(lsp_server *server, json_t *params, json_t **result, lsp_error *err) {
  (void)result;
  const json_t *item = json_object_get(params, "textDocument");
  const char *uri = lsp_string_value(json_object_get(item, "uri"));
  const json_t *text = json_object_get(item, "text");
  const json_t *version = json_object_get(item, "version");
  lsp_document *old = uri ? lsp_documents_find(&server->documents, uri) : NULL;
  if (!uri || !json_is_string(text) || !json_is_integer(version)) {
    /* The editor opened something else under that URI: the text held for it is not its text. */
    if (old) forget_document(server, old);
    return lsp_fail(err, LSP_INVALID_PARAMS, "didOpen needs textDocument.uri, version and text");
  }
  if (old) unqueue(server, old); /* reopened: replaced below */
  if (json_string_length(text) >= UINT32_MAX) {
    /* Positions are 32-bit offsets: such a text cannot be a document, and the client's copy of
     * the one it replaces is gone. */
    if (old) forget_document(server, old);
    return lsp_fail(err, LSP_INVALID_PARAMS, "%.200s: the text exceeds 4 GiB", uri);
  }
  lsp_document *document;
  int rc = lsp_documents_open(&server->documents, uri, json_integer_value(version),
                              json_string_value(text), json_string_length(text), &document);
  if (rc) return lsp_fail(err, LSP_INTERNAL_ERROR, "%s: %s", uri, ml_strerror(rc));
  lsp_project_change change;
  lsp_project_set_text(&server->project, &server->documents, document, &change);
  note_changed(server, document->path, &change);
  queue(server, document);
  return 0;
}

static int on_did_change(lsp_server *server, json_t *params, json_t **result, lsp_error *err) {
  (void)result;
  lsp_document *document = lsp_server_document(server, params, err);
  if (!document) return -1;
  const json_t *version = json_object_get(json_object_get(params, "textDocument"), "version");
  json_int_t new_version = json_is_integer(version) ? json_integer_value(version)
                                                    : document->version + 1;
  int rc = lsp_document_change(document, json_object_get(params, "contentChanges"), new_version,
                               server->encoding, err);
  if (rc) {
    /* The editor applied the change whatever we made of it: keeping our text (or part of the
     * change) would put findings and fixes on text the editor does not show. */
    lsp_log(LSP_LOG_WARN, "%.200s: dropped until it is opened again: %s", document->uri,
            err->message);
    forget_document(server, document);
    return 0;
  }
  /* Other open documents may import this one: the index takes the new text now (cheap), the lints
   * wait for the worker. */
  lsp_project_change change;
  lsp_project_set_text(&server->project, &server->documents, document, &change);
  note_changed(server, document->path, &change);
  queue(server, document);
  return 0;
}

static int on_did_close(lsp_server *server, json_t *params, json_t **result, lsp_error *err) {
  (void)result;
  lsp_document *document = lsp_server_document(server, params, err);
  if (!document) return -1;
  forget_document(server, document);
  return 0;
}

static int on_did_save(lsp_server *server, json_t *params, json_t **result, lsp_error *err) {
  (void)result;
  /* The text is already current through didChange; nothing to re-read. */
  return lsp_server_document(server, params, err) ? 0 : -1;
}

static int on_did_change_configuration(lsp_server *server, json_t *params, json_t **result,
                                       lsp_error *err) {
  (void)result, (void)err;
  lsp_settings settings;
  lsp_settings_read(&settings, json_object_get(params, "settings"));
  apply_settings(server, &settings, true);
  return 0;
}

static int on_did_change_workspace_folders(lsp_server *server, json_t *params, json_t **result,
                                           lsp_error *err) {
  (void)result, (void)err;
  const json_t *event = json_object_get(params, "event");
  if (!server->workspace_folders) server->workspace_folders = json_array();
  size_t i;
  json_t *folder;
  json_array_foreach(json_object_get(event, "added"), i, folder)
      json_array_append(server->workspace_folders, folder);
  lsp_log(LSP_LOG_DEBUG, "workspace folders changed; %zu known",
          json_array_size(server->workspace_folders));
  return 0;
}

typedef struct method {
  const char *name;
  lsp_handler handler;
} method;

static const method methods[] = {
    {"initialize", on_initialize},
    {"initialized", on_initialized},
    {"shutdown", on_shutdown_request},
    {"exit", on_exit_notification},
    {"textDocument/didOpen", on_did_open},
    {"textDocument/didChange", on_did_change},
    {"textDocument/didClose", on_did_close},
    {"textDocument/didSave", on_did_save},
    {"textDocument/diagnostic", lsp_handle_document_diagnostic},
    {"textDocument/codeAction", lsp_handle_code_action},
    {"codeAction/resolve", lsp_handle_code_action_resolve},
    {"textDocument/hover", lsp_handle_hover},
    {"workspace/executeCommand", lsp_handle_execute_command},
    {"workspace/didChangeConfiguration", on_did_change_configuration},
    {"workspace/didChangeWorkspaceFolders", on_did_change_workspace_folders},
    {"workspace/didChangeWatchedFiles", on_did_change_watched_files},
};

/* The document a request is about: textDocument.uri, a code action's data.uri, or a command's
 * first argument (a URI, or an object with one). NULL for the others. */
static const char *request_uri(const json_t *params) {
  const char *uri = lsp_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
  if (!uri) uri = lsp_string_value(json_object_get(json_object_get(params, "data"), "uri"));
  const json_t *argument = json_array_get(json_object_get(params, "arguments"), 0);
  if (!uri) uri = lsp_string_value(argument);
  if (!uri) uri = lsp_string_value(json_object_get(argument, "uri"));
  return uri;
}

static int dispatch(void *data, const char *name, json_t *params, json_t **result,
                    lsp_error *err) {
  lsp_server *server = data;
  bool request = result != NULL;
  if (strcmp(name, "exit") != 0) {
    if (!server->initialized && strcmp(name, "initialize") != 0) {
      if (!request) return 0; /* notifications before initialize are dropped */
      return lsp_fail(err, LSP_SERVER_NOT_INITIALIZED, "the server is not initialized yet");
    }
    if (server->shutdown) {
      if (!request) return 0;
      return lsp_fail(err, LSP_INVALID_REQUEST, "the server is shutting down");
    }
  }
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
    if (strcmp(methods[i].name, name) != 0) continue;
    /* A request is answered on the current text and findings of its document. */
    if (request && server->initialized) settle(server, request_uri(params));
    json_t *empty = NULL;
    if (!params) params = empty = json_object();
    json_t *ignored = NULL;
    int rc = methods[i].handler(server, params, request ? result : &ignored, err);
    json_decref(ignored);
    json_decref(empty);
    return rc;
  }
  if (!request) return 0; /* unknown notifications, $/ or not, may be ignored */
  return lsp_fail(err, LSP_METHOD_NOT_FOUND, "unknown method %s", name);
}

static void on_eof(void *data) {
  lsp_server *server = data;
  lsp_log(LSP_LOG_INFO, "the client closed stdin; exiting");
  finish(server);
}

static void on_fatal(void *data) { finish(data); }

static void on_drained(void *data) {
  lsp_server *server = data;
  if (server->queue_head || server->changed_count ||
      server->checked_generation != server->project.generation || server->refresh_due)
    start_work(server);
}

static void on_output_low(void *data) { on_drained(data); }

int lsp_server_start(lsp_server *server, uv_loop_t *loop, int in_fd, int out_fd,
                     size_t max_output) {
  memset(server, 0, sizeof *server);
  server->loop = loop;
  server->encoding = ML_COLUMN_UTF16;
  server->exit_code = 1;
  lsp_documents_init(&server->documents);
  lsp_project_init(&server->project);
  char message[512] = "";
  int err = ws_configs_new(NULL, false, &server->configs, message, sizeof message);
  if (err) {
    server->configs = NULL;
    lsp_log(LSP_LOG_ERROR, "configuration files will not be read: %s",
            message[0] ? message : ml_strerror(err));
  }
  lsp_settings settings;
  lsp_settings_init(&settings);
  if (apply_settings(server, &settings, false)) return UV_ENOMEM;
  lsp_log_set_sink(log_sink, server);
  err = uv_idle_init(loop, &server->worker);
  if (err) return err;
  server->worker.data = server;
  lsp_rpc_hooks hooks = {dispatch, on_eof, on_fatal, on_drained, on_unparsed, on_output_low};
  return lsp_rpc_start(&server->rpc, loop, in_fd, out_fd, max_output, &hooks, server);
}

void lsp_server_free(lsp_server *server) {
  lsp_log_set_sink(NULL, NULL);
  server->queue_head = server->queue_tail = NULL;
  server->queued = 0;
  clear_changed(server);
  free(server->changed);
  server->changed = NULL;
  server->changed_capacity = 0;
  lsp_documents_free(&server->documents);
  lsp_project_free(&server->project);
  ml_linter_free(server->linter);
  server->linter = NULL;
  ws_configs_free(server->configs);
  server->configs = NULL;
  json_decref(server->workspace_folders);
  server->workspace_folders = NULL;
}
