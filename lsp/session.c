/* What a request asks about one open document (session.h). Kept apart from server.c, which
 * dispatches to the handlers: the handlers call these, so living in server.c would make each
 * handler and the server call each other. */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "modallint/config.h"
#include "modallint/error.h"
#include "modallint/source.h"
#include "workspace.h"

/* An invalid configuration file is shown to the user once per distinct message, not on every
 * keystroke (each lookup re-reads it, since errors are not cached); the memory is cleared when a
 * configuration file changes. */
static void report_config_error(lsp_server *server, const char *message) {
  if (strcmp(server->config_error, message) == 0) return;
  snprintf(server->config_error, sizeof server->config_error, "%s", message);
  lsp_log(LSP_LOG_DEBUG, "configuration: %s", message);
  if (!server->exiting)
    lsp_rpc_notify(&server->rpc, "window/showMessage",
                   json_pack("{s:i, s:s}", "type", 1, "message", message));
}

/* The configuration file for the file at `path` (NULL: not a file, no configuration), with
 * *relative (may be NULL) as ws_configs_lookup gives it. An invalid file is reported and treated
 * as absent, so the document is linted with the editor settings alone. */
static const ws_config_file *config_for(lsp_server *server, const char *path, char **relative) {
  if (relative) *relative = NULL;
  if (!path || !server->configs) return NULL;
  char message[512] = "";
  const ws_config_file *file = NULL;
  int err = ws_configs_lookup(server->configs, path, &file, relative, message, sizeof message);
  if (err == ML_OK) return file;
  if (err == ML_EINVAL || err == ML_EIO)
    report_config_error(server, message);
  else
    lsp_log(LSP_LOG_ERROR, "%s: configuration: %s", path, ml_strerror(err));
  if (relative) {
    free(*relative);
    *relative = NULL;
  }
  return NULL;
}

/* The options of one document. Precedence mirrors the CLI's (lint/settings.c, options_for), with
 * the editor's settings in the place of the command line: the defaults, then the configuration
 * file, then the editor settings given explicitly (initializationOptions or
 * didChangeConfiguration: `select` replaces the rules, `ignore` removes rules, `targetVersion`
 * replaces the target; `unsafeFixes` likewise wins over `unsafe-fixes`, lsp_server_unsafe_fixes),
 * then the file's per-file-ignores, which the editor has no setting for. A setting the editor
 * leaves out lets the file decide. */
static void options_for(const lsp_settings *settings, const ws_config_file *file,
                        const char *relative, ml_options *options) {
  memset(options, 0, sizeof *options);
  ml_options_init(options);
  if (file) ml_config_apply(&file->config, options);
  if (settings->target_given) options->target = settings->options.target;
  if (settings->select_given) options->rules = settings->select;
  for (size_t w = 0; w < ML_MAX_RULES / 64; w++)
    options->rules.bits[w] &= ~settings->ignore.bits[w];
  if (file && relative) ml_config_apply_file(&file->config, relative, options);
}

void lsp_server_describe(lsp_server *server, const char *uri, lsp_file *out) {
  lsp_project_describe(&server->project, &server->documents, uri, out);
  char *relative = NULL;
  const ws_config_file *file = config_for(server, out->path, &relative);
  ml_options options;
  options_for(&server->settings, file, relative, &options);
  free(relative);
  int err = ml_linter_set_options(server->linter, &options);
  if (err) lsp_log(LSP_LOG_ERROR, "%s: cannot apply the configuration: %s", uri, ml_strerror(err));
}

size_t lsp_server_max_file_size(lsp_server *server, const char *path) {
  const ws_config_file *file = config_for(server, path, NULL);
  size_t limit = ML_DEFAULT_MAX_FILE_BYTES;
  if (!file || !file->config.max_file_size) return limit;
  const char *why = NULL;
  if (ws_size_parse(file->config.max_file_size, &limit, &why) != ML_OK) {
    char message[768];
    snprintf(message, sizeof message, "%.500s:%u: max-file-size: %s", file->path,
             (unsigned)file->config.max_file_size_line, why);
    report_config_error(server, message);
    return ML_DEFAULT_MAX_FILE_BYTES;
  }
  return limit;
}

bool lsp_server_unsafe_fixes(lsp_server *server, const char *uri) {
  if (server->settings.unsafe_given) return server->settings.unsafe_fixes;
  char *path = ws_uri_path(uri);
  const ws_config_file *file = config_for(server, path, NULL);
  free(path);
  return file && file->config.has_unsafe_fixes && file->config.unsafe_fixes;
}

lsp_document *lsp_server_document(lsp_server *server, const json_t *params, lsp_error *err) {
  const json_t *text_document = json_object_get(params, "textDocument");
  const char *uri = lsp_string_value(json_object_get(text_document, "uri"));
  if (!uri) {
    lsp_fail(err, LSP_INVALID_PARAMS, "textDocument.uri must be a string");
    return NULL;
  }
  lsp_document *document = lsp_documents_find(&server->documents, uri);
  if (!document) lsp_fail(err, LSP_INVALID_PARAMS, "unknown document %.200s", uri);
  return document;
}

