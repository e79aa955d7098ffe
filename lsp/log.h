/* Logging for modal-lsp. stdout carries only protocol bytes, so logs go to stderr (or a file given
 * with --log-file) and, once a client is connected, also to window/logMessage. */
#ifndef MODAL_LSP_LOG_H
#define MODAL_LSP_LOG_H

#include <stdbool.h>

typedef enum lsp_log_level {
  LSP_LOG_OFF = 0,
  LSP_LOG_ERROR = 1, /* the numbers of window/logMessage's MessageType */
  LSP_LOG_WARN = 2,
  LSP_LOG_INFO = 3,
  LSP_LOG_DEBUG = 4
} lsp_log_level;

/* Receives every message at or above the level, for window/logMessage. */
typedef void (*lsp_log_sink)(void *data, lsp_log_level level, const char *message);

/* Parses "off", "error", "warn", "info" or "debug"; false for anything else. */
bool lsp_log_level_parse(const char *text, lsp_log_level *out);

/* Sets the threshold and opens `path` for appending (NULL: stderr). Returns 0 or -errno. */
int lsp_log_open(lsp_log_level level, const char *path);
void lsp_log_close(void);
void lsp_log_set_level(lsp_log_level level);
void lsp_log_set_sink(lsp_log_sink sink, void *data);

void lsp_log(lsp_log_level level, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

#endif
