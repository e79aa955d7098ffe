/* A tiny LSP client for tests: spawns modal-lsp with pipes, writes framed messages, reads them back
 * with a timeout per read so a hung server fails the test instead of blocking it. */
#ifndef MODAL_LSP_TEST_CLIENT_H
#define MODAL_LSP_TEST_CLIENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define CLIENT_TIMEOUT_MS 10000

typedef struct client {
  pid_t pid;
  int in;  /* the server's stdin */
  int out; /* the server's stdout */
  char *buffer;
  size_t start;    /* bytes of `buffer` already taken as messages */
  size_t length;   /* bytes of `buffer` read, taken or not */
  size_t capacity;
  bool read_while_sending; /* as editors do: a write the server is not reading yet does not
                              stop the client from reading what the server writes */
  json_t *backlog; /* messages read while waiting for another one */
  int status;      /* exit status once reaped, else -1 */
} client;

/* The server binary, set by main from argv[1]. */
extern const char *client_server_path;

/* Starts the server with `args` (NULL-terminated, may be NULL) after the program name. */
client *client_start(const char *const *args);
/* Kills the server if it still runs and frees everything. */
void client_free(client *c);

/* Writes `bytes`; with read_while_sending, reads whatever the server writes meanwhile (kept for
 * client_read), so neither side waits for the other. */
void client_send_raw(client *c, const void *bytes, size_t length);
/* Frames and sends `message` (stolen). */
void client_send(client *c, json_t *message);
void client_request(client *c, int id, const char *method, json_t *params);
void client_notify(client *c, const char *method, json_t *params);
void client_close_stdin(client *c);
/* Waits until the server has read every byte written to it so far (the pipe is empty), so the
 * next write reaches it in another read. False on timeout. */
bool client_wait_consumed(client *c, int timeout_ms);
/* Waits until the server has read everything written so far and is idle: blocked in its event
 * loop's wait for input or output (state 'S' in /proc, seen twice in a row), so it has done all
 * it will do before more of either. A wait on the server's state, not on time. False on
 * timeout. */
bool client_wait_idle(client *c, int timeout_ms);

/* The next message from the server (new reference), or NULL on timeout or end of output. */
json_t *client_read(client *c, int timeout_ms);
/* Reads until the response with integer `id`, keeping other messages in the backlog. */
json_t *client_response(client *c, int id);
/* The first notification or request named `method`, from the backlog or read until it comes. */
json_t *client_message(client *c, const char *method);
/* Like client_message but fails (returns NULL) after a short wait; for asserting absence. */
json_t *client_message_within(client *c, const char *method, int timeout_ms);

/* initialize (with `capabilities` and `options`, both stolen, either may be NULL) and initialized;
 * returns the initialize result. */
json_t *client_initialize(client *c, json_t *capabilities, json_t *options);
void client_open(client *c, const char *uri, const char *text);

/* Waits for the process to end; its exit status, 128+signal, or -1 on timeout. */
int client_wait(client *c, int timeout_ms);

#endif
