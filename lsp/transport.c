#include "transport.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

typedef struct write_request {
  uv_write_t req;
  lsp_transport *transport;
  char bytes[]; /* header and body, freed with the request */
} write_request;

static void feed(lsp_transport *transport, const char *data, size_t length) {
  while (length > 0) {
    lsp_frame frame;
    size_t used;
    lsp_framer_feed(&transport->framer, data, length, &used, &frame);
    data += used;
    length -= used;
    if (frame.kind == LSP_FRAME_MESSAGE)
      transport->callbacks.on_body(transport->data, frame.body, frame.length);
    else if (frame.kind == LSP_FRAME_ERROR)
      transport->callbacks.on_frame_error(transport->data, frame.error);
  }
}

static void end_of_input(lsp_transport *transport) {
  transport->reading = false;
  if (!lsp_framer_idle(&transport->framer))
    lsp_log(LSP_LOG_WARN, "input ended in the middle of a message");
  transport->callbacks.on_eof(transport->data);
}

static void alloc_cb(uv_handle_t *handle, size_t suggested, uv_buf_t *buf) {
  (void)handle;
  buf->base = malloc(suggested);
  buf->len = buf->base ? suggested : 0;
}

static void read_cb(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
  lsp_transport *transport = stream->data;
  if (nread > 0) feed(transport, buf->base, (size_t)nread);
  free(buf->base);
  if (nread == UV_ENOBUFS) {
    lsp_log(LSP_LOG_ERROR, "out of memory for a read buffer");
  } else if (nread < 0) {
    if (nread != UV_EOF) lsp_log(LSP_LOG_ERROR, "reading stdin: %s", uv_strerror((int)nread));
    uv_read_stop(stream);
    end_of_input(transport);
  }
}

static void start_file_read(lsp_transport *transport);

static void file_read_cb(uv_fs_t *req) {
  lsp_transport *transport = req->data;
  ssize_t result = req->result;
  uv_fs_req_cleanup(req);
  if (!transport->reading) return; /* closed while the read was in flight */
  if (result > 0) {
    transport->file_offset += result;
    feed(transport, transport->file_buffer, (size_t)result);
    if (transport->reading && !transport->paused) start_file_read(transport);
    return;
  }
  if (result < 0) lsp_log(LSP_LOG_ERROR, "reading stdin: %s", uv_strerror((int)result));
  end_of_input(transport);
}

static void start_file_read(lsp_transport *transport) {
  uv_buf_t buf = uv_buf_init(transport->file_buffer, sizeof transport->file_buffer);
  transport->file_read.data = transport;
  int err = uv_fs_read(transport->loop, &transport->file_read, transport->in_fd, &buf, 1,
                       transport->file_offset, file_read_cb);
  if (err) {
    lsp_log(LSP_LOG_ERROR, "reading stdin: %s", uv_strerror(err));
    end_of_input(transport);
  }
}

/* Pipes, sockets and terminals become libuv streams; anything else (a regular file in a test or a
 * fuzzing harness) is read with uv_fs_read or written with write(2). */
static int open_stream(uv_loop_t *loop, int fd, void *handle, bool *is_stream) {
  uv_handle_type type = uv_guess_handle(fd);
  *is_stream = true;
  if (type == UV_NAMED_PIPE || type == UV_TCP) {
    int err = uv_pipe_init(loop, handle, 0);
    return err ? err : uv_pipe_open(handle, fd);
  }
  if (type == UV_TTY) return uv_tty_init(loop, handle, fd, 0);
  *is_stream = false;
  return 0;
}

int lsp_transport_start(lsp_transport *transport, uv_loop_t *loop, int in_fd, int out_fd,
                        size_t max_output, const lsp_transport_callbacks *callbacks, void *data) {
  memset(transport, 0, sizeof *transport);
  transport->loop = loop;
  transport->callbacks = *callbacks;
  transport->data = data;
  transport->in_fd = in_fd;
  transport->out_fd = out_fd;
  transport->max_output = max_output ? max_output : LSP_MAX_OUTPUT_QUEUE;
  lsp_framer_init(&transport->framer, 0);
  int err = open_stream(loop, out_fd, &transport->out, &transport->out_is_stream);
  if (err) return err;
  if (transport->out_is_stream) transport->out.pipe.data = transport;
  err = open_stream(loop, in_fd, &transport->in, &transport->in_is_stream);
  if (err) return err;
  transport->reading = true;
  if (!transport->in_is_stream) {
    start_file_read(transport);
    return 0;
  }
  transport->in.pipe.data = transport;
  return uv_read_start((uv_stream_t *)&transport->in, alloc_cb, read_cb);
}

static void fatal(lsp_transport *transport) {
  if (transport->failed) return;
  transport->failed = true;
  transport->callbacks.on_fatal(transport->data);
}

size_t lsp_transport_unsent(const lsp_transport *transport) {
  return transport->out_is_stream ? uv_stream_get_write_queue_size(
                                        (const uv_stream_t *)&transport->out)
                                  : 0;
}

/* Calls on_output_low when the output fell below the watched mark. */
static void check_low(lsp_transport *transport) {
  if (!transport->low_mark || transport->failed) return;
  if (lsp_transport_unsent(transport) >= transport->low_mark) return;
  transport->low_mark = 0;
  if (transport->callbacks.on_output_low) transport->callbacks.on_output_low(transport->data);
}

void lsp_transport_watch_output(lsp_transport *transport, size_t mark) {
  transport->low_mark = mark ? mark : 1;
  check_low(transport);
}

static void write_cb(uv_write_t *req, int status) {
  write_request *w = (write_request *)req;
  lsp_transport *transport = w->transport;
  free(w);
  if (status < 0 && status != UV_ECANCELED) {
    /* Every write still queued fails the same way: the first says it. */
    if (!transport->failed) lsp_log(LSP_LOG_ERROR, "writing stdout: %s", uv_strerror(status));
    fatal(transport);
    return;
  }
  check_low(transport);
}

static int write_blocking(int fd, const char *bytes, size_t length) {
  while (length > 0) {
    ssize_t n = write(fd, bytes, length);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return uv_translate_sys_error(errno);
    bytes += n;
    length -= (size_t)n;
  }
  return 0;
}

int lsp_transport_send(lsp_transport *transport, const char *body, size_t length) {
  if (transport->failed) return UV_EPIPE;
  char header[64];
  int header_length = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", length);
  size_t total = (size_t)header_length + length;
  if (!transport->out_is_stream) {
    int err = write_blocking(transport->out_fd, header, (size_t)header_length);
    if (!err) err = write_blocking(transport->out_fd, body, length);
    if (err) {
      lsp_log(LSP_LOG_ERROR, "writing stdout: %s", uv_strerror(err));
      fatal(transport);
    }
    return err;
  }
  uv_stream_t *stream = (uv_stream_t *)&transport->out;
  size_t queued = uv_stream_get_write_queue_size(stream);
  if (queued + total > transport->max_output) {
    lsp_log(LSP_LOG_ERROR,
            "the client has not read %zu bytes of responses; dropping the connection", queued);
    fatal(transport);
    return UV_ENOBUFS;
  }
  write_request *w = malloc(sizeof *w + total);
  if (!w) {
    lsp_log(LSP_LOG_ERROR, "out of memory for a %zu-byte message", total);
    fatal(transport);
    return UV_ENOMEM;
  }
  w->transport = transport;
  memcpy(w->bytes, header, (size_t)header_length);
  memcpy(w->bytes + header_length, body, length);
  uv_buf_t buf = uv_buf_init(w->bytes, (unsigned)total);
  int err = uv_write(&w->req, stream, &buf, 1, write_cb);
  if (err) {
    free(w);
    lsp_log(LSP_LOG_ERROR, "writing stdout: %s", uv_strerror(err));
    fatal(transport);
    return err;
  }
  size_t unsent = uv_stream_get_write_queue_size(stream);
  if (unsent > transport->peak_unsent) transport->peak_unsent = unsent;
  return 0;
}

void lsp_transport_pause(lsp_transport *transport) {
  if (transport->paused || !transport->reading) return;
  transport->paused = true;
  if (transport->in_is_stream) uv_read_stop((uv_stream_t *)&transport->in);
}

void lsp_transport_resume(lsp_transport *transport) {
  if (!transport->paused) return;
  transport->paused = false;
  if (!transport->reading) return;
  if (transport->in_is_stream)
    uv_read_start((uv_stream_t *)&transport->in, alloc_cb, read_cb);
  else
    start_file_read(transport);
}

static void close_cb(uv_handle_t *handle) {
  lsp_transport *transport = handle->data;
  if (--transport->closing == 0) {
    lsp_framer_free(&transport->framer);
    if (transport->closed) transport->closed(transport->data);
  }
}

static void shutdown_cb(uv_shutdown_t *req, int status) {
  (void)status; /* a client that already went away is no reason to complain */
  uv_handle_t *out = (uv_handle_t *)req->handle;
  free(req);
  uv_close(out, close_cb);
}

void lsp_transport_close(lsp_transport *transport, void (*closed)(void *data)) {
  transport->closed = closed;
  transport->low_mark = 0;
  lsp_log(LSP_LOG_INFO, "at most %zu bytes waited for the client to read them",
          transport->peak_unsent);
  transport->reading = false;
  transport->closing = 1; /* held until both handles are on their way */
  if (transport->in_is_stream && !transport->in_closed) {
    transport->in_closed = true;
    transport->closing++;
    transport->in.pipe.data = transport;
    uv_close((uv_handle_t *)&transport->in, close_cb);
  }
  if (transport->out_is_stream && transport->failed) {
    /* The client stopped reading or went away: waiting for the queue to drain would never end. */
    transport->closing++;
    transport->out.pipe.data = transport;
    uv_close((uv_handle_t *)&transport->out, close_cb);
  } else if (transport->out_is_stream) {
    transport->closing++;
    transport->out.pipe.data = transport;
    /* uv_shutdown waits for the queued writes, so the last response still reaches the client. */
    uv_shutdown_t *req = malloc(sizeof *req);
    if (!req || uv_shutdown(req, (uv_stream_t *)&transport->out, shutdown_cb) != 0) {
      free(req);
      uv_close((uv_handle_t *)&transport->out, close_cb);
    }
  }
  transport->closing--;
  if (transport->closing == 0) {
    lsp_framer_free(&transport->framer);
    if (closed) closed(transport->data);
  }
}
