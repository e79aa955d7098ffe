#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static lsp_log_level threshold = LSP_LOG_INFO;
static FILE *file; /* NULL: stderr */
static lsp_log_sink sink;
static void *sink_data;
static bool in_sink; /* the sink may log while sending; never recurse into it */

static const char *const level_names[] = {"off", "error", "warn", "info", "debug"};

bool lsp_log_level_parse(const char *text, lsp_log_level *out) {
  for (int i = 0; i <= LSP_LOG_DEBUG; i++) {
    if (strcmp(text, level_names[i]) == 0) {
      *out = (lsp_log_level)i;
      return true;
    }
  }
  if (strcmp(text, "warning") == 0) {
    *out = LSP_LOG_WARN;
    return true;
  }
  return false;
}

int lsp_log_open(lsp_log_level level, const char *path) {
  threshold = level;
  if (!path) return 0;
  FILE *f = fopen(path, "a");
  if (!f) return -errno;
  /* Line-buffered so a crash or a kill still leaves the last lines for the bug report. */
  setvbuf(f, NULL, _IOLBF, 0);
  file = f;
  return 0;
}

void lsp_log_close(void) {
  if (file) fclose(file);
  file = NULL;
  sink = NULL;
}

void lsp_log_set_level(lsp_log_level level) { threshold = level; }

void lsp_log_set_sink(lsp_log_sink new_sink, void *data) {
  sink = new_sink;
  sink_data = data;
}

void lsp_log(lsp_log_level level, const char *format, ...) {
  if (level == LSP_LOG_OFF || level > threshold) return;
  char message[1024];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  FILE *out = file ? file : stderr;
  fprintf(out, "modal-lsp %s: %s\n", level_names[level], message);
  if (sink && !in_sink) {
    in_sink = true;
    sink(sink_data, level, message);
    in_sink = false;
  }
}
