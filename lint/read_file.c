/* One fstat to size the buffer, then (for a regular file) one read of that many bytes: a whole
 * repository is read with four system calls per file (open, fstat, read, close). Anything else is read until end of file. */
#include "read_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "modallint/error.h"

/* Reads `fd` to its end, or (when `exact`) until `hint` bytes are in: the size fstat gave a
 * regular file, which is also what --fix later checks to see that the file did not change.
 * Otherwise `hint` is the expected size and the buffer grows if the input is longer (a pipe that
 * fstat cannot size). */
static int read_all(int fd, size_t hint, bool exact, char **out, size_t *out_length) {
  /* Room for the NUL and one more byte, so the read that sees end of file needs no growth. */
  size_t capacity = hint + 2 > 4096 ? hint + 2 : 4096;
  char *buf = malloc(capacity);
  if (buf == NULL)
    return ML_ENOMEM;
  size_t length = 0;
  while (!exact || length < hint) {
    if (length + 1 >= capacity) {
      if (capacity > SIZE_MAX / 2) {
        free(buf);
        return ML_ETOOBIG;
      }
      char *grown = realloc(buf, capacity * 2);
      if (grown == NULL) {
        free(buf);
        return ML_ENOMEM;
      }
      buf = grown;
      capacity *= 2;
    }
    ssize_t n = read(fd, buf + length, capacity - length - 1);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      int saved = errno;
      free(buf);
      errno = saved;
      return ML_EIO;
    }
    if (n == 0)
      break;
    length += (size_t)n;
  }
  buf[length] = '\0';
  *out = buf;
  *out_length = length;
  return ML_OK;
}

void cli_file_data_free(cli_file_data *data) {
  free(data->bytes);
  data->bytes = NULL;
  data->length = 0;
}

/* Opens `path` with `flags` and reads it; a non-regular file is refused with EINVAL when
 * `regular_only` (after the one fstat the read needs anyway). */
static int read_path(const char *path, int flags, bool regular_only, cli_file_data *out) {
  int fd;
  do
    fd = open(path, flags | O_RDONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return ML_EIO;
  int err = ML_OK;
  if (fstat(fd, &out->st) != 0) {
    err = ML_EIO;
  } else if (S_ISDIR(out->st.st_mode)) {
    errno = EISDIR;
    err = ML_EIO;
  } else if (regular_only && !S_ISREG(out->st.st_mode)) {
    errno = EINVAL;
    err = ML_EIO;
  } else {
    bool sized = S_ISREG(out->st.st_mode) && out->st.st_size > 0;
    size_t hint = sized ? (size_t)out->st.st_size : 0;
    err = read_all(fd, hint, sized, &out->bytes, &out->length);
  }
  int saved = errno;
  close(fd);
  errno = saved;
  return err;
}

int cli_read_file(const char *path, bool is_stdin, cli_file_data *out) {
  memset(out, 0, sizeof *out);
  if (is_stdin)
    return read_all(STDIN_FILENO, 0, false, &out->bytes, &out->length);
  return read_path(path, 0, false, out);
}

int cli_read_regular_file(const char *path, cli_file_data *out) {
  memset(out, 0, sizeof *out);
  /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. It changes nothing
   * for a regular file. */
  return read_path(path, O_NONBLOCK, true, out);
}
