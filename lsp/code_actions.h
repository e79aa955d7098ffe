/* Code actions: a quick fix per fixable finding, "Disable MDLnnn for this line", and fix-all
 * (source.fixAll.modal-lint and the modal-lint.applyAutofix command). Edits are computed from the
 * server's own findings for the current text, never trusted from the client. */
#ifndef MODAL_LSP_CODE_ACTIONS_H
#define MODAL_LSP_CODE_ACTIONS_H

#include "server.h"

int lsp_handle_code_action(lsp_server *server, json_t *params, json_t **result, lsp_error *err);
int lsp_handle_code_action_resolve(lsp_server *server, json_t *params, json_t **result,
                                   lsp_error *err);
int lsp_handle_execute_command(lsp_server *server, json_t *params, json_t **result,
                               lsp_error *err);

#endif
