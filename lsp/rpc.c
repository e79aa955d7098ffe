#include "rpc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_writer.h"
#include "log.h"

/* Reading pauses when this many messages wait, and resumes when the queue is drained below the
 * low mark: a client that floods the server cannot make it buffer without bound. */
#define QUEUE_HIGH 1024
#define QUEUE_LOW 256

int lsp_fail(lsp_error *err, int code, const char *format, ...) {
  err->code = code;
  va_list args;
  va_start(args, format);
  vsnprintf(err->message, sizeof err->message, format, args);
  va_end(args);
  return -1;
}

static void send_json(lsp_rpc *rpc, json_t *message) {
  char *text = message ? json_dumps(message, JSON_COMPACT) : NULL;
  json_decref(message);
  if (!text) {
    lsp_log(LSP_LOG_ERROR, "out of memory serialising a message");
    return;
  }
  lsp_transport_send(&rpc->transport, text, strlen(text));
  free(text);
}

void lsp_rpc_send_text(lsp_rpc *rpc, const char *text, size_t length) {
  lsp_transport_send(&rpc->transport, text, length);
}

int lsp_rpc_result_text(lsp_rpc *rpc, const char *text, size_t length) {
  char *copy = malloc(length + 1);
  if (!copy) return -1;
  memcpy(copy, text, length);
  copy[length] = '\0';
  free(rpc->result_text);
  rpc->result_text = copy;
  rpc->result_length = length;
  return 0;
}

/* The response carrying lsp_rpc_result_text's result; `id` is borrowed. */
static void respond_text(lsp_rpc *rpc, json_t *id) {
  char *id_text = json_dumps(id ? id : json_null(), JSON_COMPACT | JSON_ENCODE_ANY);
  lsp_json_writer w;
  lsp_json_writer_init(&w);
  lsp_json_raw(&w, "{\"jsonrpc\":\"2.0\",\"id\":");
  lsp_json_raw(&w, id_text ? id_text : "null");
  lsp_json_raw(&w, ",\"result\":");
  lsp_json_raw(&w, rpc->result_text);
  lsp_json_raw(&w, "}");
  if (w.failed || !id_text)
    lsp_log(LSP_LOG_ERROR, "out of memory serialising a response");
  else
    lsp_transport_send(&rpc->transport, w.bytes, w.length);
  lsp_json_writer_free(&w);
  free(id_text);
}

/* `id` and `result` are borrowed and stolen respectively. */
static void respond(lsp_rpc *rpc, json_t *id, json_t *result) {
  send_json(rpc, json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                           "result", result ? result : json_null()));
}

static void respond_error(lsp_rpc *rpc, json_t *id, int code, const char *message) {
  /* The client's mistakes are not the server's problems: only internal errors are errors. */
  lsp_log(code == LSP_INTERNAL_ERROR ? LSP_LOG_ERROR : LSP_LOG_INFO, "error %d: %s", code, message);
  send_json(rpc, json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id",
                           id ? id : json_null(), "error", "code", code, "message", message));
}

void lsp_rpc_notify(lsp_rpc *rpc, const char *method, json_t *params) {
  send_json(rpc, json_pack("{s:s, s:s, s:o}", "jsonrpc", "2.0", "method", method, "params",
                           params ? params : json_object()));
}

void lsp_rpc_request(lsp_rpc *rpc, const char *method, json_t *params) {
  json_int_t id = ++rpc->next_id;
  send_json(rpc, json_pack("{s:s, s:I, s:s, s:o}", "jsonrpc", "2.0", "id", id, "method", method,
                           "params", params ? params : json_object()));
}

const char *lsp_string_value(const json_t *json) {
  const char *text = json_string_value(json);
  return text && strlen(text) == json_string_length(json) ? text : NULL;
}

static bool valid_id(const json_t *id) { return json_is_integer(id) || json_is_string(id); }

/* json_equal compares strings by length, so "a\u0000b" and "a\u0000c" stay two ids. */
static bool same_id(const json_t *a, const json_t *b) {
  return valid_id(a) && valid_id(b) && json_equal(a, b);
}

static void handle(lsp_rpc *rpc, lsp_incoming *incoming) {
  json_t *message = incoming->message;
  if (incoming->unparsed) {
    if (rpc->hooks.on_unparsed)
      rpc->hooks.on_unparsed(rpc->data, lsp_string_value(json_object_get(message, "method")),
                             lsp_string_value(json_object_get(message, "uri")));
    return;
  }
  json_t *id = json_object_get(message, "id");
  const char *method = lsp_string_value(json_object_get(message, "method"));
  json_t *params = json_object_get(message, "params");
  /* `"params": null` is how many clients (Python's among them) spell the void params of shutdown
   * and exit; refusing it would leave a server that never exits. */
  if (json_is_null(params)) params = NULL;
  bool is_request = id != NULL;
  if (!method) {
    /* A response to one of our requests (workspace/applyEdit); nothing waits for it. */
    json_t *error = json_object_get(message, "error");
    const char *why = lsp_string_value(json_object_get(error, "message"));
    if (error)
      lsp_log(LSP_LOG_WARN, "the client answered request %" JSON_INTEGER_FORMAT " with an error: %s",
              json_integer_value(id), why ? why : "(no message)");
    return;
  }
  if (incoming->cancelled) {
    respond_error(rpc, id, LSP_REQUEST_CANCELLED, "the request was cancelled");
    return;
  }
  if (params && !json_is_object(params) && !json_is_array(params)) {
    if (is_request) respond_error(rpc, id, LSP_INVALID_PARAMS, "params must be an object");
    return;
  }
  lsp_log(LSP_LOG_DEBUG, "%s %s", is_request ? "request" : "notification", method);
  json_t *result = NULL;
  lsp_error err = {0, ""};
  int rc = rpc->hooks.dispatch(rpc->data, method, params, is_request ? &result : NULL, &err);
  if (!is_request) {
    if (rc) lsp_log(LSP_LOG_WARN, "%s: %s", method, err.message);
  } else if (rc) {
    json_decref(result);
    respond_error(rpc, id, err.code ? err.code : LSP_INTERNAL_ERROR, err.message);
  } else if (rpc->result_text && !result) {
    respond_text(rpc, id);
  } else {
    respond(rpc, id, result);
  }
  free(rpc->result_text);
  rpc->result_text = NULL;
}

static void idle_cb(uv_idle_t *idle) {
  lsp_rpc *rpc = idle->data;
  if (rpc->count == 0 || rpc->stopped) {
    /* The loop polled input once since the last message: nothing more arrived. */
    uv_idle_stop(idle);
    if (!rpc->stopped && rpc->hooks.on_drained) rpc->hooks.on_drained(rpc->data);
    if (rpc->eof && !rpc->stopped) rpc->hooks.on_eof(rpc->data);
    return;
  }
  lsp_incoming incoming = rpc->queue[rpc->head];
  rpc->head++;
  rpc->count--;
  if (rpc->count == 0) rpc->head = 0;
  if (rpc->count < QUEUE_LOW) lsp_transport_resume(&rpc->transport);
  handle(rpc, &incoming);
  json_decref(incoming.message);
}

static void wake(lsp_rpc *rpc) {
  if (!rpc->stopped) uv_idle_start(&rpc->idle, idle_cb);
}

static bool cancel_queued(lsp_rpc *rpc, const json_t *id) {
  for (size_t i = 0; i < rpc->count; i++) {
    lsp_incoming *item = &rpc->queue[rpc->head + i];
    if (!item->unparsed && json_object_get(item->message, "method") &&
        same_id(json_object_get(item->message, "id"), id)) {
      item->cancelled = true;
      return true;
    }
  }
  return false;
}

static int enqueue(lsp_rpc *rpc, json_t *message, bool unparsed) {
  if (rpc->head + rpc->count == rpc->capacity) {
    if (rpc->head > 0) {
      memmove(rpc->queue, rpc->queue + rpc->head, rpc->count * sizeof *rpc->queue);
      rpc->head = 0;
    } else {
      size_t capacity = rpc->capacity ? rpc->capacity * 2 : 64;
      lsp_incoming *queue = realloc(rpc->queue, capacity * sizeof *queue);
      if (!queue) return -1;
      rpc->queue = queue;
      rpc->capacity = capacity;
    }
  }
  rpc->queue[rpc->head + rpc->count].message = message;
  rpc->queue[rpc->head + rpc->count].cancelled = false;
  rpc->queue[rpc->head + rpc->count].unparsed = unparsed;
  rpc->count++;
  if (rpc->count >= QUEUE_HIGH) lsp_transport_pause(&rpc->transport);
  return 0;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* The code unit of the escape "\uXXXX" at `p` (6 bytes before `end`), or -1. */
static long escape_unit(const char *p, const char *end) {
  if (end - p < 6 || p[0] != '\\' || p[1] != 'u') return -1;
  long unit = 0;
  for (int i = 2; i < 6; i++) {
    int d = hex_digit(p[i]);
    if (d < 0) return -1;
    unit = unit * 16 + d;
  }
  return unit;
}

/* Rewrites the escapes of lone surrogates inside strings ("\ud800" not followed by a low one, a
 * "\udc00" on its own) to "\ufffd", in place. jansson refuses them, and an editor sends whatever
 * UTF-16 its buffer holds: refused, the document's text would silently differ from the editor's.
 * The replacement has the same width in the message and is one UTF-16 unit in the text, as the
 * surrogate was to the client, so its positions still point at the same characters. Escapes are
 * read in order, so the "\\" of an escaped backslash is never taken for the start of one;
 * outside strings nothing is touched (it is invalid JSON whatever it says). */
static void replace_lone_surrogates(char *body, size_t length) {
  char *p = body, *end = body + length;
  bool in_string = false;
  while (p < end) {
    if (!in_string) {
      p = memchr(p, '"', (size_t)(end - p));
      if (!p) return;
      in_string = true;
      p++;
      continue;
    }
    if (*p == '"') {
      in_string = false;
      p++;
      continue;
    }
    if (*p != '\\') {
      p++;
      continue;
    }
    long unit = escape_unit(p, end);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      long low = escape_unit(p + 6, end);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        p += 12; /* a pair: one character */
        continue;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) {
      memcpy(p + 2, "fffd", 4);
      p += 6;
      continue;
    }
    p += p + 1 < end ? 2 : 1; /* any other escape, whatever follows the backslash */
  }
}

/* The raw string token starting at the quote `p`; returns the byte after it, or NULL. */
static const char *string_end(const char *p, const char *end) {
  for (p++; p < end; p++) {
    if (*p == '\\') p++;
    else if (*p == '"') return p + 1;
  }
  return NULL;
}

static const char *skip_space(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
  return p;
}

/* The string value of the first member named `key` anywhere in `body`, found by scanning tokens
 * (so a key spelled inside a string value is not one), decoded; NULL when there is none or it is
 * not a valid string. New reference. For a message that does not parse as a whole. */
static json_t *scan_member(const char *body, size_t length, const char *key) {
  const char *p = body, *end = body + length;
  size_t key_length = strlen(key);
  while ((p = memchr(p, '"', (size_t)(end - p))) != NULL) {
    const char *token_end = string_end(p, end);
    if (!token_end) return NULL;
    bool named = (size_t)(token_end - p) == key_length + 2 && memcmp(p + 1, key, key_length) == 0;
    p = token_end;
    if (!named) continue;
    const char *colon = skip_space(p, end);
    if (colon == end || *colon != ':') continue;
    const char *value = skip_space(colon + 1, end);
    if (value == end || *value != '"') continue;
    const char *value_end = string_end(value, end);
    if (!value_end) return NULL;
    return json_loadb(value, (size_t)(value_end - value), JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
  }
  return NULL;
}

/* Queues the news of a message that could not be parsed, in its turn: whatever it was about to
 * change is unknown from now on. */
static void queue_unparsed(lsp_rpc *rpc, const char *body, size_t length) {
  json_t *method = scan_member(body, length, "method");
  json_t *uri = scan_member(body, length, "uri");
  json_t *found = json_object();
  if (found && method) json_object_set(found, "method", method);
  if (found && uri) json_object_set(found, "uri", uri);
  json_decref(method);
  json_decref(uri);
  if (!found || enqueue(rpc, found, true)) {
    json_decref(found);
    lsp_log(LSP_LOG_ERROR, "out of memory queueing a message");
    return;
  }
  wake(rpc);
}

static void on_body(void *data, char *body, size_t length) {
  lsp_rpc *rpc = data;
  if (rpc->stopped) return;
  replace_lone_surrogates(body, length);
  json_error_t error;
  json_t *message = json_loadb(body, length, JSON_ALLOW_NUL, &error);
  if (!message) {
    char text[256];
    snprintf(text, sizeof text, "invalid JSON at byte %d: %s", error.position, error.text);
    respond_error(rpc, NULL, LSP_PARSE_ERROR, text);
    queue_unparsed(rpc, body, length);
    return;
  }
  json_t *id = json_object_get(message, "id");
  json_t *method = json_object_get(message, "method");
  const char *version = lsp_string_value(json_object_get(message, "jsonrpc"));
  bool response = !method && id && (json_object_get(message, "result") ||
                                    json_object_get(message, "error"));
  if (!json_is_object(message) || !version || strcmp(version, "2.0") != 0 ||
      (method && !lsp_string_value(method)) || (!method && !response) ||
      (id && !valid_id(id) && !(response && json_is_null(id)))) {
    respond_error(rpc, valid_id(id) ? id : NULL, LSP_INVALID_REQUEST,
                  json_is_array(message) ? "batches are not part of the Language Server Protocol"
                                         : "not a JSON-RPC 2.0 request, notification or response");
    json_decref(message);
    return;
  }
  if (method && !id && strcmp(json_string_value(method), "$/cancelRequest") == 0) {
    /* Seen on arrival, not in turn: the request it names may still wait in the queue. */
    json_t *target = json_object_get(json_object_get(message, "params"), "id");
    if (!valid_id(target) || !cancel_queued(rpc, target))
      lsp_log(LSP_LOG_DEBUG, "$/cancelRequest for a request that is not waiting");
    json_decref(message);
    return;
  }
  if (enqueue(rpc, message, false)) {
    lsp_log(LSP_LOG_ERROR, "out of memory queueing a message");
    if (id && method) respond_error(rpc, id, LSP_INTERNAL_ERROR, "out of memory");
    json_decref(message);
    return;
  }
  wake(rpc);
}

static void on_frame_error(void *data, const char *why) {
  lsp_rpc *rpc = data;
  if (rpc->stopped) return;
  respond_error(rpc, NULL, LSP_INVALID_REQUEST, why);
}

static void on_eof(void *data) {
  lsp_rpc *rpc = data;
  rpc->eof = true;
  /* The queue is finished first; the idle callback reports the end once it is empty. */
  wake(rpc);
}

static void on_fatal(void *data) {
  lsp_rpc *rpc = data;
  if (!rpc->stopped) rpc->hooks.on_fatal(rpc->data);
}

static void on_output_low(void *data) {
  lsp_rpc *rpc = data;
  if (!rpc->stopped && rpc->hooks.on_output_low) rpc->hooks.on_output_low(rpc->data);
}

size_t lsp_rpc_unsent(const lsp_rpc *rpc) { return lsp_transport_unsent(&rpc->transport); }

void lsp_rpc_watch_output(lsp_rpc *rpc, size_t mark) {
  lsp_transport_watch_output(&rpc->transport, mark);
}

int lsp_rpc_start(lsp_rpc *rpc, uv_loop_t *loop, int in_fd, int out_fd, size_t max_output,
                  const lsp_rpc_hooks *hooks, void *data) {
  memset(rpc, 0, sizeof *rpc);
  rpc->hooks = *hooks;
  rpc->data = data;
  int err = uv_idle_init(loop, &rpc->idle);
  if (err) return err;
  rpc->idle.data = rpc;
  lsp_transport_callbacks callbacks = {on_body, on_frame_error, on_eof, on_fatal, on_output_low};
  return lsp_transport_start(&rpc->transport, loop, in_fd, out_fd, max_output, &callbacks, rpc);
}

static void transport_closed(void *data) {
  lsp_rpc *rpc = data;
  for (size_t i = 0; i < rpc->count; i++) json_decref(rpc->queue[rpc->head + i].message);
  free(rpc->queue);
  rpc->queue = NULL;
  rpc->count = 0;
  if (rpc->closed) rpc->closed(rpc->data);
}

static void idle_closed(uv_handle_t *handle) {
  lsp_rpc *rpc = handle->data;
  lsp_transport_close(&rpc->transport, transport_closed);
}

void lsp_rpc_stop(lsp_rpc *rpc, void (*closed)(void *data)) {
  if (rpc->stopped) return;
  rpc->stopped = true;
  rpc->closed = closed;
  uv_idle_stop(&rpc->idle);
  uv_close((uv_handle_t *)&rpc->idle, idle_closed);
}
