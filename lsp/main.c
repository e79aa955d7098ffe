/* modal-lsp: the modal-lint Language Server. Editors start it and speak LSP over stdin/stdout. */
#include <signal.h>
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
    "--max-output-queue caps the responses a client may leave unread (default 64 MiB).\n";

static const char *option_value(int argc, char **argv, int *i, const char *name) {
  size_t length = strlen(name);
  if (strncmp(argv[*i], name, length) != 0) return NULL;
  if (argv[*i][length] == '=') return argv[*i] + length + 1;
  if (argv[*i][length] == '\0' && *i + 1 < argc) return argv[++*i];
  return NULL;
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
    if ((value = option_value(argc, argv, &i, "--log-level")) != NULL) {
      if (!lsp_log_level_parse(value, &level)) {
        fprintf(stderr, "modal-lsp: unknown log level `%s`\n%s", value, usage);
        return 2;
      }
      continue;
    }
    if ((value = option_value(argc, argv, &i, "--log-file")) != NULL) {
      log_file = value;
      continue;
    }
    if ((value = option_value(argc, argv, &i, "--max-output-queue")) != NULL) {
      char *end;
      unsigned long long bytes = strtoull(value, &end, 10);
      if (*end || bytes == 0) {
        fprintf(stderr, "modal-lsp: --max-output-queue needs a byte count\n");
        return 2;
      }
      max_output = (size_t)bytes;
      continue;
    }
    fprintf(stderr, "modal-lsp: unknown argument `%s`\n%s", argv[i], usage);
    return 2;
  }
  if (lsp_log_open(level, log_file) != 0) {
    fprintf(stderr, "modal-lsp: cannot open log file %s\n", log_file);
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
