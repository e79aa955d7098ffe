/* modal-lsp: the modal-lint Language Server. Editors start it and speak LSP over stdin/stdout. */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "log.h"
#include "modallint/version.h"
#include "server.h"

static const char usage[] =
    "usage: modal-lsp [--stdio] [--log-level off|error|warn|info|debug] [--log-file PATH]\n"
    "                 [--max-output-queue BYTES]\n"
    "\n"
    "The modal-lint Language Server: live diagnostics and quick-fixes for deprecated Modal APIs.\n"
    "It speaks the Language Server Protocol over stdin and stdout; logs go to stderr or PATH.\n"
    "--max-output-queue caps the responses a client may leave unread (default 64 MiB, at least\n"
    "64 KiB).\n";

/* Below this a single publish of a modest file would exceed the cap and drop the client. */
#define MIN_OUTPUT_QUEUE ((size_t)64 << 10)

/* Whether argv[*i] is the option `name`, as "--name VALUE" or "--name=VALUE"; sets *value (NULL
 * when the value is missing: the caller reports it) and moves *i past what it used. */
static bool option(int argc, char **argv, int *i, const char *name, const char **value) {
  size_t length = strlen(name);
  if (strncmp(argv[*i], name, length) != 0) return false;
  if (argv[*i][length] == '=') {
    *value = argv[*i] + length + 1;
    return true;
  }
  if (argv[*i][length] != '\0') return false;
  *value = *i + 1 < argc ? argv[++*i] : NULL;
  return true;
}

/* A byte count: decimal digits only (no sign, space or suffix, which strtoull would take or wrap:
 * "-1" is 2^64-1 to it), without overflow, at least MIN_OUTPUT_QUEUE. */
static bool parse_bytes(const char *text, size_t *out) {
  if (!*text) return false;
  size_t value = 0;
  for (const char *p = text; *p; p++) {
    if (*p < '0' || *p > '9') return false;
    unsigned digit = (unsigned)(*p - '0');
    if (value > (SIZE_MAX - digit) / 10) return false;
    value = value * 10 + digit;
  }
  if (value < MIN_OUTPUT_QUEUE) return false;
  *out = value;
  return true;
}

static int bad_value(const char *name, const char *value, const char *expected) {
  if (!value)
    fprintf(stderr, "modal-lsp: %s needs a value: %s\n%s", name, expected, usage);
  else
    fprintf(stderr, "modal-lsp: %s: `%s` is not valid: %s\n%s", name, value, expected, usage);
  return 2;
}

int main(int argc, char **argv) {
  lsp_log_level level = LSP_LOG_INFO;
  const char *log_file = NULL;
  size_t max_output = 0; /* the transport's default cap */
  for (int i = 1; i < argc; i++) {
    const char *value;
    if (strcmp(argv[i], "--stdio") == 0) continue;
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(usage, stdout);
      return 0;
    }
    if (strcmp(argv[i], "--version") == 0) {
      printf("modal-lsp %s\n", ML_TOOL_VERSION);
      return 0;
    }
    if (option(argc, argv, &i, "--log-level", &value)) {
      if (!value || !lsp_log_level_parse(value, &level))
        return bad_value("--log-level", value, "one of off, error, warn, info, debug");
      continue;
    }
    if (option(argc, argv, &i, "--log-file", &value)) {
      if (!value || !*value) return bad_value("--log-file", value, "a file path");
      log_file = value;
      continue;
    }
    if (option(argc, argv, &i, "--max-output-queue", &value)) {
      if (!value || !parse_bytes(value, &max_output))
        return bad_value("--max-output-queue", value,
                         "a whole number of bytes, from 65536 up, without sign or suffix");
      continue;
    }
    fprintf(stderr, "modal-lsp: unknown argument `%s`\n%s", argv[i], usage);
    return 2;
  }
  int log_err = lsp_log_open(level, log_file);
  if (log_err != 0) {
    fprintf(stderr, "modal-lsp: cannot open log file %s: %s\n", log_file, strerror(-log_err));
    return 2;
  }
  /* A client that goes away must end the server through EPIPE on the next write, not a signal. */
  signal(SIGPIPE, SIG_IGN);

  uv_loop_t loop;
  if (uv_loop_init(&loop) != 0) {
    lsp_log(LSP_LOG_ERROR, "cannot create the event loop");
    return 1;
  }
  lsp_server server;
  int err = lsp_server_start(&server, &loop, 0, 1, max_output);
  if (err) {
    lsp_log(LSP_LOG_ERROR, "cannot start: %s", uv_strerror(err));
    return 1;
  }
  lsp_log(LSP_LOG_INFO, "modal-lsp %s started", ML_TOOL_VERSION);
  uv_run(&loop, UV_RUN_DEFAULT);
  int code = server.exit_code;
  lsp_server_free(&server);
  if (uv_loop_close(&loop) != 0) lsp_log(LSP_LOG_WARN, "handles were still open at exit");
  lsp_log(LSP_LOG_INFO, "exit status %d", code);
  lsp_log_close();
  return code;
}
