/* JSON-RPC 2.0 over the transport: validation, a queue of incoming messages, cancellation, and
 * exactly one response per request.
 *
 * Messages are handled one per loop iteration, so a `$/cancelRequest` that arrives while a request
 * still waits in the queue is seen first, and that request is answered with RequestCancelled
 * instead of being worked on. */
#ifndef MODAL_LSP_RPC_H
#define MODAL_LSP_RPC_H

#include <jansson.h>
#include <stdbool.h>
#include <uv.h>

#include "transport.h"

enum {
  LSP_PARSE_ERROR = -32700,
  LSP_INVALID_REQUEST = -32600,
  LSP_METHOD_NOT_FOUND = -32601,
  LSP_INVALID_PARAMS = -32602,
  LSP_INTERNAL_ERROR = -32603,
  LSP_SERVER_NOT_INITIALIZED = -32002,
  LSP_REQUEST_CANCELLED = -32800,
  LSP_CONTENT_MODIFIED = -32801
};

typedef struct lsp_error {
  int code;
  char message[256];
} lsp_error;

/* Fills `err` and returns -1, so handlers can `return lsp_fail(err, ...)`. */
int lsp_fail(lsp_error *err, int code, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* json_string_value for strings used as C strings (methods, URIs, names): NULL unless `json` is a
 * string without an embedded NUL. Messages are parsed with JSON_ALLOW_NUL so that a document's
 * text may hold "\u0000"; a NUL inside a URI would make two URIs compare equal. */
const char *lsp_string_value(const json_t *json);

/* What the server does with one message. For a request it returns 0 and sets `*result` (a new
 * reference; json_null() for a void result) or returns nonzero with `err` filled. For a
 * notification `result` is NULL and errors are only logged. */
typedef int (*lsp_rpc_dispatch)(void *data, const char *method, json_t *params, json_t **result,
                                lsp_error *err);

typedef struct lsp_rpc_hooks {
  lsp_rpc_dispatch dispatch;
  void (*on_eof)(void *data);    /* input ended and every queued message was handled */
  void (*on_fatal)(void *data);  /* output broke; the server should exit */
  void (*on_drained)(void *data); /* every message read so far was handled (may be NULL): work
                                     deferred while more were waiting can be done now */
  /* A message that is not JSON, in its turn among the others (may be NULL). `method` and `uri`
   * are what a lexical scan found under those keys (each NULL when not found): a notification
   * the server could not apply means its copy of that document is no longer the editor's. */
  void (*on_unparsed)(void *data, const char *method, const char *uri);
  void (*on_output_low)(void *data); /* see lsp_rpc_watch_output (may be NULL) */
} lsp_rpc_hooks;

typedef struct lsp_incoming {
  json_t *message; /* owned; for an unparsed one, {"method": ..., "uri": ...} as found */
  bool cancelled;
  bool unparsed;
} lsp_incoming;

typedef struct lsp_rpc {
  lsp_transport transport;
  uv_idle_t idle;
  lsp_incoming *queue;
  size_t head;
  size_t count; /* items from head */
  size_t capacity;
  json_int_t next_id;
  bool eof;
  bool stopped; /* after exit: nothing more is handled */
  lsp_rpc_hooks hooks;
  void *data;
  void (*closed)(void *data);
  char *result_text;      /* lsp_rpc_result_text's, for the request being handled */
  size_t result_length;
} lsp_rpc;

/* Starts reading. `max_output` as for lsp_transport_start. Returns 0 or a uv error. */
int lsp_rpc_start(lsp_rpc *rpc, uv_loop_t *loop, int in_fd, int out_fd, size_t max_output,
                  const lsp_rpc_hooks *hooks, void *data);

/* Sends a notification or a server-to-client request; `params` is stolen. */
void lsp_rpc_notify(lsp_rpc *rpc, const char *method, json_t *params);
void lsp_rpc_request(lsp_rpc *rpc, const char *method, json_t *params);

/* Sends `text`, one complete serialised JSON-RPC message, as it is (json_writer.h). */
void lsp_rpc_send_text(lsp_rpc *rpc, const char *text, size_t length);

/* Makes `text` (serialised JSON, copied) the result of the request being handled, for results too
 * large to build as jansson values; the handler then returns 0 with `*result` left NULL. Only
 * valid inside a request's dispatch. Returns 0, or -1 when out of memory (`err` untouched). */
int lsp_rpc_result_text(lsp_rpc *rpc, const char *text, size_t length);

/* Bytes written and not yet read by the client. */
size_t lsp_rpc_unsent(const lsp_rpc *rpc);
/* Calls hooks.on_output_low once, when fewer than `mark` bytes wait for the client. */
void lsp_rpc_watch_output(lsp_rpc *rpc, size_t mark);

/* Drops the queue, flushes what was written, closes every handle and then calls `closed`. */
void lsp_rpc_stop(lsp_rpc *rpc, void (*closed)(void *data));

#endif
