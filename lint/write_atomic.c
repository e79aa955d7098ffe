/* Atomic replacement: temp file in the same directory, fsync, fchmod, re-check, rename. A file
 * that is not writable is refused rather than replaced. */
#include "write_atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "modallint/error.h"

static int write_all(int fd, const char *bytes, size_t length) {
  while (length > 0) {
    ssize_t n = write(fd, bytes, length);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return ML_EIO;
    }
    bytes += n;
    length -= (size_t)n;
  }
  return ML_OK;
}

static bool same_file_state(const struct stat *a, const struct stat *b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* "DIR/.NAME.XXXXXX" for mkstemp: hidden, so editors and our own walk ignore a file they might
 * glimpse, and in the same directory, so rename stays on one file system. */
static char *temp_template(const char *target) {
  const char *slash = strrchr(target, '/');
  size_t dir_len = slash ? (size_t)(slash - target) + 1 : 0;
  const char *base = target + dir_len;
  static const char suffix[] = ".modal-lint-XXXXXX";
  size_t len = dir_len + 1 + strlen(base) + sizeof suffix;
  char *out = malloc(len);
  if (out == NULL)
    return NULL;
  memcpy(out, target, dir_len);
  out[dir_len] = '.';
  strcpy(out + dir_len + 1, base);
  strcat(out, suffix);
  return out;
}

/* Makes the rename itself durable; a failure here loses nothing, so it is not reported. */
static void sync_parent(const char *target) {
  const char *slash = strrchr(target, '/');
  char dir[PATH_MAX];
  if (slash == NULL) {
    strcpy(dir, ".");
  } else {
    size_t len = slash == target ? 1 : (size_t)(slash - target);
    if (len >= sizeof dir)
      return;
    memcpy(dir, target, len);
    dir[len] = '\0';
  }
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
}

/* The mode a new file gets from open(2): 0666 less the umask (read without changing it for good,
 * which the process does single-threaded, before any worker starts). */
static mode_t new_file_mode(void) {
  mode_t mask = umask(022);
  umask(mask);
  return 0666 & ~mask;
}

/* Renaming over a file needs only the directory's permission, so a read-only file would be
 * replaced all the same. Its owner made it read-only to protect it: ask the file itself, and look
 * at the mode bits too, since root passes every access check. */
static int may_replace(const char *target, const struct stat *original) {
  if ((original->st_mode & 0222) == 0) {
    errno = EACCES;
    return ML_EIO;
  }
  return faccessat(AT_FDCWD, target, W_OK, AT_EACCESS) == 0 ? ML_OK : ML_EIO;
}

/* `original` NULL: the target does not exist yet, so there is no mode to keep and nothing that
 * could have changed. */
static int write_temp_and_rename(const char *target, const char *bytes, size_t length,
                                 const struct stat *original) {
  if (original != NULL && may_replace(target, original) != ML_OK)
    return ML_EIO;
  char *temp = temp_template(target);
  if (temp == NULL)
    return ML_ENOMEM;
  int fd = mkstemp(temp);
  if (fd < 0) {
    int saved = errno;
    free(temp);
    errno = saved;
    return ML_EIO;
  }
  int err = write_all(fd, bytes, length);
  if (err == ML_OK && fsync(fd) != 0)
    err = ML_EIO;
  if (err == ML_OK && fchmod(fd, original ? original->st_mode & 07777 : new_file_mode()) != 0)
    err = ML_EIO;
  int saved = errno;
  if (close(fd) != 0 && err == ML_OK) {
    err = ML_EIO;
    saved = errno;
  }
  if (err == ML_OK && original != NULL) {
    struct stat now;
    if (stat(target, &now) != 0) {
      err = ML_EIO;
      saved = errno;
    } else if (!same_file_state(original, &now)) {
      err = ML_ECHANGED;
    }
  }
  if (err == ML_OK && rename(temp, target) != 0) {
    err = ML_EIO;
    saved = errno;
  }
  if (err != ML_OK)
    unlink(temp);
  else
    sync_parent(target);
  free(temp);
  errno = saved;
  return err;
}

/* Holds off Ctrl-C and friends while the temporary file exists; they are delivered as soon as it
 * is gone, so an interrupted run never leaves one behind. */
static int write_blocking_signals(const char *target, const char *bytes, size_t length,
                                  const struct stat *original) {
  sigset_t block, previous;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGHUP);
  sigaddset(&block, SIGQUIT);
  sigprocmask(SIG_BLOCK, &block, &previous);
  int err = write_temp_and_rename(target, bytes, length, original);
  int saved = errno;
  sigprocmask(SIG_SETMASK, &previous, NULL);
  errno = saved;
  return err;
}

int cli_write_atomic_create(const char *path, const char *bytes, size_t length) {
  struct stat st;
  if (stat(path, &st) == 0)
    return cli_write_atomic(path, bytes, length, &st);
  if (errno != ENOENT)
    return ML_EIO;
  return write_blocking_signals(path, bytes, length, NULL);
}

int cli_write_atomic(const char *path, const char *bytes, size_t length,
                     const struct stat *original) {
  /* Write through a symbolic link rather than replacing the link with a regular file. */
  char *target = realpath(path, NULL);
  if (target == NULL)
    return errno == ENOMEM ? ML_ENOMEM : ML_EIO;
  int err = write_blocking_signals(target, bytes, length, original);
  int saved = errno;
  free(target);
  errno = saved;
  return err;
}
