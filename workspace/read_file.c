/* Reading files and resolving folders (workspace.h). One fstat to size the buffer, then (for a
 * regular file) one read of that many bytes: a whole repository is read with four system calls
 * per file (open, fstat, read, close). Standard input is read until end of file or until it
 * passes the bound. */
#include "workspace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "modallint/error.h"

/* Reads `fd` until end of file, or (when `exact`) until `hint` bytes are in: the size fstat gave a
 * regular file, which is also what --fix later checks to see that the file did not change.
 * Otherwise `hint` is the expected size and the buffer grows if the input is longer (a pipe that
 * fstat cannot size), up to `max_bytes` + 1 bytes: reading one byte past the bound is how a
 * stream is known to be too long without reading the rest of it. */
static int read_all(int fd, size_t hint, bool exact, size_t max_bytes, char **out,
                    size_t *out_length) {
  size_t limit = max_bytes < SIZE_MAX - 2 ? max_bytes + 1 : SIZE_MAX - 2;
  /* Room for the NUL and one more byte, so the read that sees end of file needs no growth. */
  size_t capacity = hint + 2 > 4096 ? hint + 2 : 4096;
  if (!exact && capacity > limit + 1)
    capacity = limit + 1;
  char *buf = malloc(capacity);
  if (buf == NULL)
    return ML_ENOMEM;
  size_t length = 0;
  while (exact ? length < hint : length < limit) {
    if (length + 1 >= capacity) {
      size_t grown_capacity = capacity > (limit + 1) / 2 ? limit + 1 : capacity * 2;
      char *grown = realloc(buf, grown_capacity);
      if (grown == NULL) {
        free(buf);
        return ML_ENOMEM;
      }
      buf = grown;
      capacity = grown_capacity;
    }
    size_t room = capacity - length - 1;
    if (exact && room > hint - length)
      room = hint - length;
    ssize_t n = read(fd, buf + length, room);
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
  if (!exact && length > max_bytes) {
    free(buf);
    *out_length = length;
    return ML_ETOOBIG;
  }
  buf[length] = '\0';
  *out = buf;
  *out_length = length;
  return ML_OK;
}

void ws_file_data_free(ws_file_data *data) {
  free(data->bytes);
  data->bytes = NULL;
  data->length = 0;
}

const char *ws_file_type_name(const struct stat *st) {
  switch (st->st_mode & S_IFMT) {
  case S_IFREG: return "a regular file";
  case S_IFDIR: return "a directory";
  case S_IFIFO: return "a named pipe";
  case S_IFCHR: return "a character device";
  case S_IFBLK: return "a block device";
  case S_IFSOCK: return "a socket";
  case S_IFLNK: return "a symbolic link";
  default: return "not a regular file";
  }
}

int ws_read_regular_file(const char *path, size_t max_bytes, ws_file_data *out) {
  memset(out, 0, sizeof *out);
  int fd;
  /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer; O_NOCTTY: a
   * terminal named as an input must not become the controlling one. Neither changes anything for
   * a regular file. */
  do
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return ML_EIO;
  int err = ML_OK;
  if (fstat(fd, &out->st) != 0) {
    err = ML_EIO;
  } else if (S_ISDIR(out->st.st_mode)) {
    errno = EISDIR;
    err = ML_EIO;
  } else if (!S_ISREG(out->st.st_mode)) {
    errno = ENODEV;
    err = ML_EIO;
  } else if ((uintmax_t)out->st.st_size > max_bytes) {
    out->length = (size_t)out->st.st_size;
    err = ML_ETOOBIG;
  } else {
    size_t size = (size_t)out->st.st_size;
    /* A file that reports size 0 may still have content (/proc): read it as a stream. */
    err = read_all(fd, size, size > 0, max_bytes, &out->bytes, &out->length);
  }
  int saved = errno;
  close(fd);
  errno = saved;
  return err;
}

int ws_read_file(const char *path, bool is_stdin, size_t max_bytes, ws_file_data *out) {
  if (!is_stdin)
    return ws_read_regular_file(path, max_bytes, out);
  memset(out, 0, sizeof *out);
  return read_all(STDIN_FILENO, 0, false, max_bytes, &out->bytes, &out->length);
}

int ws_absolute_dir(ml__strmap *cache, const char *dir, const char **out) {
  void *cached;
  if (ml__strmap_find(cache, dir, &cached)) {
    *out = cached;
    return ML_OK;
  }
  char *absolute = realpath(dir[0] == '\0' ? "." : dir, NULL);
  *out = absolute;
  int err = ml__strmap_put(cache, dir, absolute);
  if (err != ML_OK)
    free(absolute);
  return err;
}

char *ws_path_join(const char *dir, const char *name) {
  size_t d = strlen(dir), n = strlen(name);
  bool slash = d > 0 && dir[d - 1] != '/';
  char *out = malloc(d + slash + n + 1);
  if (out == NULL)
    return NULL;
  memcpy(out, dir, d);
  if (slash)
    out[d] = '/';
  memcpy(out + d + slash, name, n + 1);
  return out;
}
