/* Reading a whole input (a file or standard input) in one go. */
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

/* Reads all of `path` (or standard input when `is_stdin`). Returns 0, ML_ENOMEM, or ML_EIO with
 * errno telling why (EISDIR for a directory). */
int cli_read_file(const char *path, bool is_stdin, cli_file_data *out);
/* As cli_read_file for a path that may name anything (a file found while following imports):
 * only a regular file is read; anything else gives ML_EIO with errno EINVAL (EISDIR for a
 * directory), without blocking on a FIFO and without a separate stat. */
int cli_read_regular_file(const char *path, cli_file_data *out);
void cli_file_data_free(cli_file_data *data);

#endif
