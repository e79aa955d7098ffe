/* Findings as LSP diagnostics: pushed with textDocument/publishDiagnostics, or pulled with
 * textDocument/diagnostic when the client supports it (then never pushed). */
#ifndef MODAL_LSP_DIAGNOSTICS_H
#define MODAL_LSP_DIAGNOSTICS_H

#include "server.h"

/* One diagnostic; `data` carries the document version and, for a fixable finding, the fix's title
 * and applicability (its edits come with the code action). New reference or NULL. */
json_t *lsp_diagnostic_json(const lsp_server *server, const lsp_document *document,
                            const ml_diag *diag);

/* Pushes the document's findings (nothing in pull mode). */
void lsp_diagnostics_publish(lsp_server *server, const lsp_document *document);
/* Pushes an empty list, so the client forgets a closed document's findings. */
void lsp_diagnostics_clear(lsp_server *server, const char *uri);

int lsp_handle_document_diagnostic(lsp_server *server, json_t *params, json_t **result,
                                   lsp_error *err);

#endif
