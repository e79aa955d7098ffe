/* Hover: the rule's documentation, on a finding or on a code inside a `# noqa:` comment. */
#ifndef MODAL_LSP_HOVER_H
#define MODAL_LSP_HOVER_H

#include "server.h"

int lsp_handle_hover(lsp_server *server, json_t *params, json_t **result, lsp_error *err);

#endif
