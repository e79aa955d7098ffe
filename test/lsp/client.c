#include "client.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *client_server_path;

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

client *client_start(const char *const *args) {
  int to_server[2], from_server[2];
  if (pipe(to_server) || pipe(from_server)) return NULL;
  const char *argv[16] = {client_server_path, "--log-level", "error"};
  size_t argc = 3;
  for (size_t i = 0; args && args[i] && argc < 15; i++) argv[argc++] = args[i];
  argv[argc] = NULL;
  pid_t pid = fork();
  if (pid < 0) return NULL;
  if (pid == 0) {
    dup2(to_server[0], 0);
    dup2(from_server[1], 1);
    close(to_server[0]);
    close(to_server[1]);
    close(from_server[0]);
    close(from_server[1]);
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  close(to_server[0]);
  close(from_server[1]);
  client *c = calloc(1, sizeof *c);
  c->pid = pid;
  c->in = to_server[1];
  c->out = from_server[0];
  c->backlog = json_array();
  c->status = -1;
  return c;
}

int client_wait(client *c, int timeout_ms) {
  if (c->status >= 0) return c->status;
  long long deadline = now_ms() + timeout_ms;
  for (;;) {
    int status;
    pid_t r = waitpid(c->pid, &status, WNOHANG);
    if (r == c->pid) {
      c->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return c->status;
    }
    if (now_ms() > deadline) return -1;
    usleep(2000);
  }
}

void client_free(client *c) {
  if (!c) return;
  if (c->in >= 0) close(c->in);
  close(c->out);
  if (c->status < 0 && client_wait(c, 2000) < 0) {
    kill(c->pid, SIGKILL);
    client_wait(c, 2000);
  }
  free(c->buffer);
  json_decref(c->backlog);
  free(c);
}

/* Reads what the server has written into the buffer; false at the end of its output. */
static bool read_some(client *c) {
  if (c->start > 0 && c->start == c->length) c->start = c->length = 0;
  if (c->capacity - c->length < 65536) {
    if (c->start > 0) { /* taken messages go first: the buffer holds what is still unread */
      memmove(c->buffer, c->buffer + c->start, c->length - c->start);
      c->length -= c->start;
      c->start = 0;
    }
    if (c->capacity - c->length < 65536) {
      c->capacity = c->capacity * 2 + 65536;
      c->buffer = realloc(c->buffer, c->capacity);
    }
  }
  ssize_t n = read(c->out, c->buffer + c->length, c->capacity - c->length);
  if (n <= 0) return false;
  c->length += (size_t)n;
  return true;
}

void client_send_raw(client *c, const void *bytes, size_t length) {
  const char *p = bytes;
  while (length > 0) {
    if (c->read_while_sending) {
      struct pollfd pfd[2] = {{c->in, POLLOUT, 0}, {c->out, POLLIN, 0}};
      if (poll(pfd, 2, -1) < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if ((pfd[1].revents & (POLLIN | POLLHUP)) && !read_some(c)) return;
      if (!(pfd[0].revents & (POLLOUT | POLLERR | POLLHUP))) continue;
    }
    ssize_t n = write(c->in, p, length);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return; /* the server went away; the test notices on its next read */
    p += n;
    length -= (size_t)n;
  }
}

void client_send(client *c, json_t *message) {
  char *body = json_dumps(message, JSON_COMPACT);
  json_decref(message);
  char header[64];
  int n = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", strlen(body));
  /* One write for header and body, like real clients, so one read may see several messages. */
  size_t total = (size_t)n + strlen(body);
  char *frame = malloc(total);
  memcpy(frame, header, (size_t)n);
  memcpy(frame + n, body, strlen(body));
  client_send_raw(c, frame, total);
  free(frame);
  free(body);
}

void client_request(client *c, int id, const char *method, json_t *params) {
  client_send(c, json_pack("{s:s, s:i, s:s, s:o}", "jsonrpc", "2.0", "id", id, "method", method,
                           "params", params ? params : json_object()));
}

void client_notify(client *c, const char *method, json_t *params) {
  client_send(c, json_pack("{s:s, s:s, s:o}", "jsonrpc", "2.0", "method", method, "params",
                           params ? params : json_object()));
}

void client_close_stdin(client *c) {
  close(c->in);
  c->in = -1;
}

bool client_wait_consumed(client *c, int timeout_ms) {
  long long deadline = now_ms() + timeout_ms;
  for (;;) {
    int unread = 0;
    /* FIONREAD on either end of a pipe counts the bytes in it. */
    if (ioctl(c->in, FIONREAD, &unread) != 0) return false;
    if (unread == 0) return true;
    if (now_ms() > deadline) return false;
    sched_yield();
  }
}

/* The state letter of /proc/PID/stat ('R' running, 'S' sleeping...), or 0. */
static char process_state(pid_t pid) {
  char path[64], text[512];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = '\0';
  const char *paren = strrchr(text, ')'); /* the command name may hold spaces */
  return paren && paren[1] == ' ' ? paren[2] : 0;
}

bool client_wait_idle(client *c, int timeout_ms) {
  long long deadline = now_ms() + timeout_ms;
  int idle = 0;
  while (idle < 2) { /* twice in a row: not a passing wait */
    if (now_ms() > deadline) return false;
    if (!client_wait_consumed(c, timeout_ms)) return false;
    idle = process_state(c->pid) == 'S' ? idle + 1 : 0;
    sched_yield();
  }
  return true;
}

/* A complete message at the start of the unread bytes, or NULL. */
static json_t *take_message(client *c) {
  char *unread = c->buffer + c->start;
  size_t available = c->length - c->start;
  char *end = memmem(unread, available, "\r\n\r\n", 4);
  if (!end) return NULL;
  size_t header = (size_t)(end - unread) + 4;
  size_t body = 0;
  if (sscanf(unread, "Content-Length: %zu", &body) != 1) {
    fprintf(stderr, "client: bad header from the server\n");
    return NULL;
  }
  if (available < header + body) return NULL;
  json_error_t error;
  json_t *message = json_loadb(unread + header, body, JSON_ALLOW_NUL, &error);
  if (!message) fprintf(stderr, "client: invalid JSON from the server: %s\n", error.text);
  /* An offset, not a memmove per message: a flood leaves megabytes behind each one. */
  c->start += header + body;
  if (c->start == c->length) c->start = c->length = 0;
  return message;
}

json_t *client_read(client *c, int timeout_ms) {
  long long deadline = now_ms() + timeout_ms;
  for (;;) {
    json_t *message = c->buffer ? take_message(c) : NULL;
    if (message) return message;
    long long left = deadline - now_ms();
    if (left <= 0) return NULL;
    struct pollfd pfd = {c->out, POLLIN, 0};
    int r = poll(&pfd, 1, (int)left);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return NULL;
    if (!read_some(c)) return NULL;
  }
}

static bool is_response(const json_t *m, int id) {
  return !json_object_get(m, "method") && json_is_integer(json_object_get(m, "id")) &&
         json_integer_value(json_object_get(m, "id")) == id;
}

json_t *client_response(client *c, int id) {
  size_t i;
  json_t *m;
  json_array_foreach(c->backlog, i, m) {
    if (is_response(m, id)) {
      json_incref(m);
      json_array_remove(c->backlog, i);
      return m;
    }
  }
  while ((m = client_read(c, CLIENT_TIMEOUT_MS)) != NULL) {
    if (is_response(m, id)) return m;
    json_array_append_new(c->backlog, m);
  }
  return NULL;
}

json_t *client_message_within(client *c, const char *method, int timeout_ms) {
  size_t i;
  json_t *m;
  json_array_foreach(c->backlog, i, m) {
    const char *name = json_string_value(json_object_get(m, "method"));
    if (name && strcmp(name, method) == 0) {
      json_incref(m);
      json_array_remove(c->backlog, i);
      return m;
    }
  }
  while ((m = client_read(c, timeout_ms)) != NULL) {
    const char *name = json_string_value(json_object_get(m, "method"));
    if (name && strcmp(name, method) == 0) return m;
    json_array_append_new(c->backlog, m);
  }
  return NULL;
}

json_t *client_message(client *c, const char *method) {
  return client_message_within(c, method, CLIENT_TIMEOUT_MS);
}

json_t *client_initialize(client *c, json_t *capabilities, json_t *options) {
  json_t *params = json_pack("{s:i, s:o}", "processId", (int)getpid(), "capabilities",
                             capabilities ? capabilities : json_object());
  if (options) json_object_set_new(params, "initializationOptions", options);
  client_request(c, 1000, "initialize", params);
  json_t *response = client_response(c, 1000);
  client_notify(c, "initialized", NULL);
  return response;
}

void client_open(client *c, const char *uri, const char *text) {
  client_notify(c, "textDocument/didOpen",
                json_pack("{s:{s:s, s:s, s:i, s:s}}", "textDocument", "uri", uri, "languageId",
                          "python", "version", 1, "text", text));
}
