/* What a request asks about one open document: which document its params name, how the library
 * should see it (its project, its configuration file, the options that follow), and whether its
 * unsafe fixes apply. The handlers (code_actions.c, diagnostics.c, hover.c) and server.c use these;
 * none of them calls back into a handler. */
#ifndef MODAL_LSP_SESSION_H
#define MODAL_LSP_SESSION_H

#include "server.h"

/* Describes the document `uri` for the library (project.h) and sets the linter's options for it
 * (the settings and the document's configuration file). Release with lsp_file_clear. */
void lsp_server_describe(lsp_server *server, const char *uri, lsp_file *out);

/* Whether fixes marked unsafe apply to the document `uri`: unsafeFixes when the editor gave it,
 * else the configuration file's unsafe-fixes, else no. */
bool lsp_server_unsafe_fixes(lsp_server *server, const char *uri);

/* The most bytes the document at `path` (NULL: not a file) may hold to be checked: its
 * configuration file's max-file-size, else ML_DEFAULT_MAX_FILE_BYTES, as the CLI decides for a
 * file without --max-file-size. An invalid value is reported like any invalid configuration and
 * the default applies. */
size_t lsp_server_max_file_size(lsp_server *server, const char *path);

/* The open document params.textDocument.uri names, or NULL with InvalidParams in `err`. */
lsp_document *lsp_server_document(lsp_server *server, const json_t *params, lsp_error *err);

#endif
