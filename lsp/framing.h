/* The base protocol's framing: "Content-Length: N\r\n...\r\n\r\n" followed by N bytes of JSON.
 *
 * A pure state machine over bytes, with no I/O, so tests can feed it any split of a stream. After a
 * block it cannot frame (no Content-Length, a malformed header, a length over the cap) it reports
 * one error and skips ahead to the next "Content-Length:" it sees, so one bad message costs the
 * client that message only. */
#ifndef MODAL_LSP_FRAMING_H
#define MODAL_LSP_FRAMING_H

#include <stdbool.h>
#include <stddef.h>

/* Messages larger than this are refused: a wrong length must not make the server allocate
 * gigabytes. The largest real Python file an editor sends is far below it. */
#define LSP_FRAME_MAX_BODY ((size_t)64 << 20)
/* A header block longer than this is garbage, not headers. */
#define LSP_FRAME_MAX_HEADER 8192

typedef enum lsp_frame_kind {
  LSP_FRAME_NONE = 0,    /* every byte given was consumed; feed more */
  LSP_FRAME_MESSAGE = 1, /* a complete body */
  LSP_FRAME_ERROR = 2    /* bytes that cannot be framed were skipped; `error` says why */
} lsp_frame_kind;

typedef struct lsp_frame {
  lsp_frame_kind kind;
  char *body;       /* LSP_FRAME_MESSAGE: the framer's buffer, NUL-terminated, which the receiver
                       may rewrite in place; valid until the next lsp_framer_feed or free */
  size_t length;
  char error[160];  /* LSP_FRAME_ERROR: a one-line explanation */
} lsp_frame;

typedef struct lsp_framer {
  int state;
  size_t max_body;
  char header[LSP_FRAME_MAX_HEADER];
  size_t header_length;
  char *body; /* owned */
  size_t body_length;
  size_t body_filled;
  bool body_ready; /* the body was handed out; drop it on the next feed */
  size_t resync_matched; /* bytes of "content-length:" matched while resynchronising */
} lsp_framer;

/* `max_body` of 0 means LSP_FRAME_MAX_BODY. */
void lsp_framer_init(lsp_framer *framer, size_t max_body);
void lsp_framer_free(lsp_framer *framer);

/* Consumes bytes of `data` until an event or the end of the data, and says how many in `*used`.
 * Call again with the rest (even when `*used` equals `length`, until it answers LSP_FRAME_NONE with
 * nothing left) so several messages in one read each come out. */
void lsp_framer_feed(lsp_framer *framer, const char *data, size_t length, size_t *used,
                     lsp_frame *out);

/* True between messages: no partial header or body is buffered. */
bool lsp_framer_idle(const lsp_framer *framer);

#endif
