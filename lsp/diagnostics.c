#include "diagnostics.h"

#include <stdio.h>
#include <string.h>

#include "json_writer.h"
#include "log.h"
#include "session.h"
#include "positions.h"

enum { LSP_SEVERITY_ERROR = 1, LSP_SEVERITY_WARNING = 2, LSP_TAG_DEPRECATED = 2 };

/* Diagnostics are written as JSON text (json_writer.h): a big file has thousands, and building
 * them as jansson values cost most of an edit's time and memory. */

static void position_text(lsp_json_writer *w, const ml_source *source, uint32_t offset,
                          ml_column_kind kind) {
  ml_position p = ml_source_position(source, offset, kind);
  lsp_json_raw(w, "{\"line\":");
  lsp_json_int(w, (long long)p.line - 1);
  lsp_json_raw(w, ",\"character\":");
  lsp_json_int(w, (long long)p.column - 1);
  lsp_json_raw(w, "}");
}

static void range_text(lsp_json_writer *w, const ml_source *source, uint32_t start, uint32_t end,
                       ml_column_kind kind) {
  lsp_json_raw(w, "{\"start\":");
  position_text(w, source, start, kind);
  lsp_json_raw(w, ",\"end\":");
  position_text(w, source, end, kind);
  lsp_json_raw(w, "}");
}

/* What a diagnostic says of its fix: the title and applicability, not the edits. A fix can edit
 * every use of a name, and each of those uses has a finding carrying the same fix: sending the
 * edits with every diagnostic made a publish quadratic in the uses (8.4 MB for the benchmark's
 * 20,000-line file, 6.4 MB of it copies of one rename). The edits go out with the code action,
 * computed when the client asks for it. */
static void fix_summary_text(lsp_json_writer *w, const ml_fix *fix) {
  lsp_json_raw(w, "{\"title\":");
  lsp_json_cstring(w, fix->title);
  lsp_json_raw(w, ",\"applicability\":");
  lsp_json_cstring(w, ml_applicability_name(fix->applicability));
  lsp_json_raw(w, "}");
}

/* One diagnostic; `data` carries the document version and, for a fixable finding, the fix's title
 * and applicability. */
static void diagnostic_text(lsp_json_writer *w, const lsp_server *server,
                            const lsp_document *document, const ml_diag *diag) {
  lsp_json_raw(w, "{\"range\":");
  range_text(w, document->source, diag->start, diag->end, server->encoding);
  lsp_json_raw(w, ",\"severity\":");
  lsp_json_int(w, diag->severity == ML_SEVERITY_ERROR ? LSP_SEVERITY_ERROR
                                                      : LSP_SEVERITY_WARNING);
  lsp_json_raw(w, ",\"code\":");
  lsp_json_cstring(w, diag->rule->code);
  lsp_json_raw(w, ",\"codeDescription\":{\"href\":");
  lsp_json_cstring(w, ml_rule_url(diag->rule));
  lsp_json_raw(w, "},\"source\":\"" LSP_SOURCE_NAME "\",\"message\":");
  lsp_json_cstring(w, diag->message);
  lsp_json_raw(w, ",\"tags\":[");
  lsp_json_int(w, LSP_TAG_DEPRECATED);
  lsp_json_raw(w, "],\"data\":{\"version\":");
  lsp_json_int(w, (long long)document->version);
  if (diag->fix) {
    lsp_json_raw(w, ",\"fix\":");
    fix_summary_text(w, diag->fix);
  }
  lsp_json_raw(w, "}}");
}

static void diagnostics_text(lsp_json_writer *w, const lsp_server *server,
                             const lsp_document *document) {
  lsp_json_raw(w, "[");
  for (size_t i = 0; i < document->diags.count && !w->failed; i++) {
    if (i) lsp_json_raw(w, ",");
    diagnostic_text(w, server, document, &document->diags.items[i]);
  }
  lsp_json_raw(w, "]");
}

json_t *lsp_diagnostic_json(const lsp_server *server, const lsp_document *document,
                            const ml_diag *diag) {
  lsp_json_writer w;
  lsp_json_writer_init(&w);
  diagnostic_text(&w, server, document, diag);
  json_t *json = w.failed ? NULL : json_loadb(w.bytes, w.length, 0, NULL);
  lsp_json_writer_free(&w);
  return json;
}

static void publish_text(lsp_server *server, const char *uri, const lsp_document *document) {
  lsp_json_writer w;
  lsp_json_writer_init(&w);
  lsp_json_raw(&w, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\","
                   "\"params\":{\"uri\":");
  lsp_json_cstring(&w, uri);
  if (document) {
    lsp_json_raw(&w, ",\"version\":");
    lsp_json_int(&w, (long long)document->version);
    lsp_json_raw(&w, ",\"diagnostics\":");
    diagnostics_text(&w, server, document);
  } else {
    lsp_json_raw(&w, ",\"diagnostics\":[]");
  }
  lsp_json_raw(&w, "}}");
  if (w.failed)
    lsp_log(LSP_LOG_ERROR, "%s: out of memory writing its diagnostics", uri);
  else
    lsp_rpc_send_text(&server->rpc, w.bytes, w.length);
  lsp_json_writer_free(&w);
}

void lsp_diagnostics_publish(lsp_server *server, const lsp_document *document) {
  if (server->caps.pull_diagnostics) return;
  publish_text(server, document->uri, document);
}

void lsp_diagnostics_clear(lsp_server *server, const char *uri) {
  if (server->caps.pull_diagnostics) return;
  publish_text(server, uri, NULL);
}

int lsp_handle_document_diagnostic(lsp_server *server, json_t *params, json_t **result,
                                   lsp_error *err) {
  lsp_document *document = lsp_server_document(server, params, err);
  if (!document) return -1;
  /* The result changes with the text and with the settings; both are in the id. */
  char result_id[96];
  snprintf(result_id, sizeof result_id, "%" JSON_INTEGER_FORMAT ".%u.%u", document->version,
           server->settings_generation, document->lint_generation);
  const char *previous = lsp_string_value(json_object_get(params, "previousResultId"));
  if (previous && strcmp(previous, result_id) == 0) {
    *result = json_pack("{s:s, s:s}", "kind", "unchanged", "resultId", result_id);
    return *result ? 0 : lsp_fail(err, LSP_INTERNAL_ERROR, "out of memory");
  }
  lsp_json_writer w;
  lsp_json_writer_init(&w);
  lsp_json_raw(&w, "{\"kind\":\"full\",\"resultId\":");
  lsp_json_cstring(&w, result_id);
  lsp_json_raw(&w, ",\"items\":");
  diagnostics_text(&w, server, document);
  lsp_json_raw(&w, "}");
  int rc = w.failed || lsp_rpc_result_text(&server->rpc, w.bytes, w.length)
               ? lsp_fail(err, LSP_INTERNAL_ERROR, "out of memory")
               : 0;
  lsp_json_writer_free(&w);
  return rc;
}
