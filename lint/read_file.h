/* Reading a whole input (a file or standard input) in one go, never more than a bound. */
#ifndef MODAL_LINT_READ_FILE_H
#define MODAL_LINT_READ_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

typedef struct cli_file_data {
  char *bytes;     /* NUL-terminated, owned: cli_file_data_free */
  size_t length;
  struct stat st;  /* what fstat said when the file was read (zeroed for stdin) */
} cli_file_data;

/* Reads all of `path` (or standard input when `is_stdin`), provided it holds at most `max_bytes`.
 * Only a regular file is read: anything else (a FIFO, a device, a socket) is refused without
 * being read and without blocking, so a named pipe's data is never consumed and /dev/zero never
 * fills memory. A regular file's size is checked before any byte is read; standard input is read
 * up to the bound and no further.
 * Returns 0; ML_ETOOBIG when the input holds more than `max_bytes` (out->length then says how
 * much is known: the file's size, or `max_bytes` + 1 for standard input); ML_EIO with errno
 * EISDIR for a directory, ENODEV for anything else that is not a regular file (out->st says what
 * it is) and otherwise what the system said; ML_ENOMEM. On failure nothing is left to free. */
int cli_read_file(const char *path, bool is_stdin, size_t max_bytes, cli_file_data *out);
/* As cli_read_file for a path found while following imports (never standard input). */
int cli_read_regular_file(const char *path, size_t max_bytes, cli_file_data *out);
void cli_file_data_free(cli_file_data *data);

/* "a named pipe", "a character device"...: what a non-regular `st` is, for messages. */
const char *cli_file_type_name(const struct stat *st);

#endif
