/* libFuzzer harness: the language server's dispatch (lsp/server.c and the handlers behind it).
 *
 * The input is a list of JSON-RPC bodies separated by the byte 0x1E (ASCII record separator).
 * The harness frames each body and plays the stream to a whole server, in process, after an
 * `initialize` and the `didOpen` of a Modal file with findings (so document requests reach their
 * handlers), and before `shutdown` and `exit`. The server reads the stream from a memory file and
 * writes to /dev/null. Any crash, sanitizer report or leak (libFuzzer checks for leaks after each
 * input) is a finding; so is a server that never ends its event loop (libFuzzer's -timeout). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <uv.h>

#include "log.h"
#include "server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const prologue[] = {
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,"
    "\"rootUri\":null,\"capabilities\":{\"general\":{\"positionEncodings\":[\"utf-8\",\"utf-16\"]},"
    "\"textDocument\":{\"codeAction\":{\"codeActionLiteralSupport\":{\"codeActionKind\":"
    "{\"valueSet\":[\"quickfix\",\"source.fixAll\"]}},\"dataSupport\":true,\"resolveSupport\":"
    "{\"properties\":[\"edit\"]}}},\"workspace\":{\"applyEdit\":true,\"workspaceEdit\":"
    "{\"documentChanges\":true}}}}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
    "{\"uri\":\"file:///nonexistent-fuzz/app.py\",\"languageId\":\"python\",\"version\":1,"
    "\"text\":\"import modal\\nstub = modal.Stub()\\nimage = modal.Image.debian_slim()"
    ".copy_local_dir('a', '/b')\\n@stub.function(keep_warm=1, gpu=modal.gpu.A100(count=2), "
    "image=image)\\ndef f():\\n    return modal.Function.lookup('x', 'y')\\n\"}}}",
};

static const char *const epilogue[] = {
    "{\"jsonrpc\":\"2.0\",\"id\":999999,\"method\":\"shutdown\"}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}",
};

static void put_frame(FILE *out, const char *body, size_t length) {
  fprintf(out, "Content-Length: %zu\r\n\r\n", length);
  fwrite(body, 1, length, out);
}

/* The whole byte stream the server reads, in a memory file positioned at its start; -1 when the
 * harness itself cannot make one. */
static int stream_of(const uint8_t *data, size_t size) {
  int fd = memfd_create("fuzz-dispatch", MFD_CLOEXEC);
  if (fd < 0) return -1;
  FILE *out = fdopen(dup(fd), "w");
  if (out == NULL) {
    close(fd);
    return -1;
  }
  for (size_t i = 0; i < sizeof prologue / sizeof *prologue; i++)
    put_frame(out, prologue[i], strlen(prologue[i]));
  const uint8_t *start = data, *end = data + size;
  while (start <= end && size > 0) {
    const uint8_t *stop = memchr(start, 0x1E, (size_t)(end - start));
    if (stop == NULL) stop = end;
    put_frame(out, (const char *)start, (size_t)(stop - start));
    start = stop + 1;
  }
  for (size_t i = 0; i < sizeof epilogue / sizeof *epilogue; i++)
    put_frame(out, epilogue[i], strlen(epilogue[i]));
  fclose(out);
  lseek(fd, 0, SEEK_SET);
  return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int quiet = 0;
  if (!quiet) {
    lsp_log_open(LSP_LOG_OFF, NULL);
    quiet = 1;
  }
  int in = stream_of(data, size);
  int out = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (in < 0 || out < 0) {
    fprintf(stderr, "fuzz_dispatch: cannot set up the streams\n");
    abort();
  }
  uv_loop_t loop;
  if (uv_loop_init(&loop) != 0) abort();
  lsp_server server;
  if (lsp_server_start(&server, &loop, in, out, 0) != 0) {
    fprintf(stderr, "fuzz_dispatch: the server did not start\n");
    abort();
  }
  uv_run(&loop, UV_RUN_DEFAULT);
  lsp_server_free(&server);
  if (uv_loop_close(&loop) != 0) {
    fprintf(stderr, "fuzz_dispatch: handles still open after the server ended\n");
    abort();
  }
  close(in);
  close(out);
  return 0;
}
