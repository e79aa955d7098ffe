#include "diagnostics.h"

#include <stdio.h>
#include <string.h>

#include "positions.h"

enum { LSP_SEVERITY_ERROR = 1, LSP_SEVERITY_WARNING = 2, LSP_TAG_DEPRECATED = 2 };

static json_t *fix_json(const lsp_server *server, const lsp_document *document, const ml_fix *fix) {
  json_t *edits = json_array();
  for (size_t i = 0; edits && i < fix->edit_count; i++) {
    const ml_edit *edit = &fix->edits[i];
    if (json_array_append_new(edits, json_pack("{s:o, s:s}", "range",
                                               lsp_range_json(document->source, edit->start,
                                                              edit->end, server->encoding),
                                               "newText", edit->text))) {
      json_decref(edits);
      return NULL;
    }
  }
  return json_pack("{s:s, s:s, s:o}", "title", fix->title, "applicability",
                   ml_applicability_name(fix->applicability), "edits", edits);
}

json_t *lsp_diagnostic_json(const lsp_server *server, const lsp_document *document,
                            const ml_diag *diag) {
  json_t *data = json_pack("{s:I}", "version", document->version);
  if (data && diag->fix) json_object_set_new(data, "fix", fix_json(server, document, diag->fix));
  return json_pack("{s:o, s:i, s:s, s:{s:s}, s:s, s:s, s:[i], s:o}", "range",
                   lsp_range_json(document->source, diag->start, diag->end, server->encoding),
                   "severity",
                   diag->severity == ML_SEVERITY_ERROR ? LSP_SEVERITY_ERROR : LSP_SEVERITY_WARNING,
                   "code", diag->rule->code, "codeDescription", "href", ml_rule_url(diag->rule),
                   "source", LSP_SOURCE_NAME, "message", diag->message, "tags",
                   LSP_TAG_DEPRECATED, "data", data);
}

static json_t *diagnostics_json(const lsp_server *server, const lsp_document *document) {
  json_t *items = json_array();
  for (size_t i = 0; items && i < document->diags.count; i++) {
    if (json_array_append_new(items,
                              lsp_diagnostic_json(server, document, &document->diags.items[i]))) {
      json_decref(items);
      return NULL;
    }
  }
  return items;
}

void lsp_diagnostics_publish(lsp_server *server, const lsp_document *document) {
  if (server->caps.pull_diagnostics) return;
  lsp_rpc_notify(&server->rpc, "textDocument/publishDiagnostics",
                 json_pack("{s:s, s:I, s:o}", "uri", document->uri, "version", document->version,
                           "diagnostics", diagnostics_json(server, document)));
}

void lsp_diagnostics_clear(lsp_server *server, const char *uri) {
  if (server->caps.pull_diagnostics) return;
  lsp_rpc_notify(&server->rpc, "textDocument/publishDiagnostics",
                 json_pack("{s:s, s:[]}", "uri", uri, "diagnostics"));
}

int lsp_handle_document_diagnostic(lsp_server *server, json_t *params, json_t **result,
                                   lsp_error *err) {
  lsp_document *document = lsp_server_document(server, params, err);
  if (!document) return -1;
  /* The result changes with the text and with the settings; both are in the id. */
  char result_id[96];
  snprintf(result_id, sizeof result_id, "%" JSON_INTEGER_FORMAT ".%u.%u", document->version,
           server->settings_generation, document->lint_generation);
  const char *previous = json_string_value(json_object_get(params, "previousResultId"));
  if (previous && strcmp(previous, result_id) == 0) {
    *result = json_pack("{s:s, s:s}", "kind", "unchanged", "resultId", result_id);
  } else {
    *result = json_pack("{s:s, s:s, s:o}", "kind", "full", "resultId", result_id, "items",
                        diagnostics_json(server, document));
  }
  return *result ? 0 : lsp_fail(err, LSP_INTERNAL_ERROR, "out of memory");
}
