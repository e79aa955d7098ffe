/* Bytes in and out over libuv: stdin is read and framed, framed messages are written to stdout.
 *
 * The outgoing queue is capped: a client that stops reading cannot make the server buffer without
 * bound. When the cap is hit the transport logs an error and reports a fatal condition; the server
 * then exits. */
#ifndef MODAL_LSP_TRANSPORT_H
#define MODAL_LSP_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "framing.h"

#define LSP_MAX_OUTPUT_QUEUE ((size_t)64 << 20)

typedef struct lsp_transport_callbacks {
  /* One message body; the callee may rewrite it in place (it is dropped after the call). */
  void (*on_body)(void *data, char *body, size_t length);
  void (*on_frame_error)(void *data, const char *why);
  void (*on_eof)(void *data);   /* stdin ended or failed */
  void (*on_fatal)(void *data); /* stdout failed or the client stopped reading */
  /* What waited for the client fell below the mark lsp_transport_watch_output set (may be
   * NULL): work held back so as not to pile up output can go on. */
  void (*on_output_low)(void *data);
} lsp_transport_callbacks;

typedef struct lsp_transport {
  uv_loop_t *loop;
  lsp_framer framer;
  lsp_transport_callbacks callbacks;
  void *data;
  union {
    uv_pipe_t pipe;
    uv_tty_t tty;
  } in, out;
  bool in_is_stream;  /* else a regular file read with uv_fs_read */
  bool out_is_stream; /* else blocking write(2) */
  bool reading;
  bool paused;
  bool in_closed;
  bool failed;
  int in_fd;
  int out_fd;
  uv_fs_t file_read;
  char file_buffer[65536];
  int64_t file_offset;
  size_t max_output;
  size_t low_mark;    /* lsp_transport_watch_output's; 0 when nothing waits for it */
  size_t peak_unsent; /* the most that ever waited for the client, for the log */
  size_t closing;     /* handles still closing */
  void (*closed)(void *data);
} lsp_transport;

/* Starts reading `in_fd`. `max_output` of 0 means LSP_MAX_OUTPUT_QUEUE. Returns 0 or a uv error. */
int lsp_transport_start(lsp_transport *transport, uv_loop_t *loop, int in_fd, int out_fd,
                        size_t max_output, const lsp_transport_callbacks *callbacks, void *data);

/* Frames `body` (copied) and queues it for stdout. Returns 0, or a negative uv error after which
 * the message is dropped (on_fatal was called). */
int lsp_transport_send(lsp_transport *transport, const char *body, size_t length);

/* Bytes queued for the client and not yet written (0 when the output is not a stream). */
size_t lsp_transport_unsent(const lsp_transport *transport);

/* Calls on_output_low once, as soon as fewer than `mark` bytes wait for the client (at once when
 * that is already so). */
void lsp_transport_watch_output(lsp_transport *transport, size_t mark);

/* Back-pressure: stop and resume reading while the server works through a backlog. */
void lsp_transport_pause(lsp_transport *transport);
void lsp_transport_resume(lsp_transport *transport);

/* Stops reading, lets queued writes finish, closes the handles, then calls `closed`. */
void lsp_transport_close(lsp_transport *transport, void (*closed)(void *data));

#endif
