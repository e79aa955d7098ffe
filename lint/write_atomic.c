/* Atomic replacement: temp file in the same directory, fsync, the file's owner, extended
 * attributes and mode, re-check, rename, and a last look at the old file. */
#include "write_atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "modallint/error.h"

#include "signal_guard.h"

/* Fills `why` with the formatted phrase followed by ": " and the text of the current errno, and
 * returns ML_EIO with errno kept. */
static int refuse(char *why, size_t why_size, const char *format, ...) {
  int saved = errno;
  char phrase[192] = "";
  if (format != NULL) {
    va_list ap;
    va_start(ap, format);
    vsnprintf(phrase, sizeof phrase, format, ap);
    va_end(ap);
  }
  snprintf(why, why_size, "%s%s%s", phrase, phrase[0] ? ": " : "", strerror(saved));
  errno = saved;
  return ML_EIO;
}

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
static int may_replace(const char *target, const struct stat *original, char *why,
                       size_t why_size) {
  if ((original->st_mode & 0222) == 0) {
    errno = EACCES;
    return refuse(why, why_size, NULL);
  }
  if (faccessat(AT_FDCWD, target, W_OK, AT_EACCESS) != 0)
    return refuse(why, why_size, NULL);
  return ML_OK;
}

/* ---- extended attributes ---- */

/* The names of the extended attributes of the file open as `fd` (or, when `fd` is -1, at
 * `path`), as the NUL-separated list listxattr(2) gives, in a buffer the caller frees. A file
 * system without extended attributes has none. Returns 0, ML_EIO or ML_ENOMEM. */
static int list_names(int fd, const char *path, char **out, size_t *out_length) {
  *out = NULL;
  *out_length = 0;
  for (;;) {
    ssize_t size = fd >= 0 ? flistxattr(fd, NULL, 0) : listxattr(path, NULL, 0);
    if (size < 0)
      return errno == ENOTSUP ? ML_OK : ML_EIO;
    if (size == 0)
      return ML_OK;
    char *names = malloc((size_t)size);
    if (names == NULL)
      return ML_ENOMEM;
    ssize_t got = fd >= 0 ? flistxattr(fd, names, (size_t)size) : listxattr(path, names, (size_t)size);
    if (got >= 0) {
      *out = names;
      *out_length = (size_t)got;
      return ML_OK;
    }
    free(names);
    if (errno != ERANGE) /* ERANGE: an attribute was added meanwhile; ask again */
      return ML_EIO;
  }
}

/* The value of attribute `name`, in a buffer the caller frees (NULL when the value is empty).
 * Returns 0, ML_EIO or ML_ENOMEM. */
static int get_value(int fd, const char *path, const char *name, char **out, size_t *out_length) {
  *out = NULL;
  *out_length = 0;
  for (;;) {
    ssize_t size = fd >= 0 ? fgetxattr(fd, name, NULL, 0) : getxattr(path, name, NULL, 0);
    if (size < 0)
      return ML_EIO;
    if (size == 0)
      return ML_OK;
    char *value = malloc((size_t)size);
    if (value == NULL)
      return ML_ENOMEM;
    ssize_t got = fd >= 0 ? fgetxattr(fd, name, value, (size_t)size)
                          : getxattr(path, name, value, (size_t)size);
    if (got >= 0) {
      *out = value;
      *out_length = (size_t)got;
      return ML_OK;
    }
    free(value);
    if (errno != ERANGE)
      return ML_EIO;
  }
}

static bool in_list(const char *list, size_t length, const char *name) {
  for (const char *p = list; p < list + length; p += strlen(p) + 1)
    if (strcmp(p, name) == 0)
      return true;
  return false;
}

/* Copies `name` from the original (`held`, or `path` when it is -1) onto the temporary file
 * `fd`, unless it already has that value (a label the file system gave both alike). */
static int copy_attribute(int held, const char *path, int fd, const char *name) {
  char *value, *current;
  size_t length, current_length;
  int err = get_value(held, path, name, &value, &length);
  if (err != ML_OK)
    return err;
  bool same = get_value(fd, NULL, name, &current, &current_length) == ML_OK &&
              current_length == length && (length == 0 || memcmp(current, value, length) == 0);
  free(current);
  if (!same && fsetxattr(fd, name, value ? value : "", length, 0) != 0)
    err = ML_EIO;
  free(value);
  return err;
}

/* Gives the temporary file `fd` exactly the extended attributes of the original: the ACL the
 * directory's default ACL gave it is removed when the original had none, and every attribute of
 * the original (its access ACL, "user." attributes, security labels) is copied. */
static int keep_attributes(int held, const char *path, int fd, char *why, size_t why_size) {
  char *wanted = NULL, *present = NULL;
  size_t wanted_length, present_length;
  int err = list_names(held, path, &wanted, &wanted_length);
  if (err == ML_EIO)
    return refuse(why, why_size, "cannot read its extended attributes");
  if (err == ML_OK)
    err = list_names(fd, NULL, &present, &present_length);
  for (const char *p = present; err == ML_OK && p < present + present_length; p += strlen(p) + 1)
    if (!in_list(wanted, wanted_length, p) && fremovexattr(fd, p) != 0)
      err = refuse(why, why_size, "cannot drop the extended attribute %s its copy was given", p);
  for (const char *p = wanted; err == ML_OK && p < wanted + wanted_length; p += strlen(p) + 1) {
    err = copy_attribute(held, path, fd, p);
    if (err == ML_EIO)
      err = refuse(why, why_size, "cannot keep its extended attribute %s", p);
  }
  free(wanted);
  free(present);
  return err;
}

/* ---- the temporary file ---- */

/* Owner and group first (changing them clears the set-user-ID and set-group-ID bits), then the
 * extended attributes, then the mode: with an access ACL, the group bits are the ACL's mask, so
 * setting the original's mode last leaves the mask as the original had it. */
static int keep_metadata(int fd, int held, const char *target, const struct stat *original,
                         char *why, size_t why_size) {
  struct stat made;
  if (fstat(fd, &made) != 0)
    return refuse(why, why_size, NULL);
  uid_t uid = made.st_uid == original->st_uid ? (uid_t)-1 : original->st_uid;
  gid_t gid = made.st_gid == original->st_gid ? (gid_t)-1 : original->st_gid;
  if ((uid != (uid_t)-1 || gid != (gid_t)-1) && fchown(fd, uid, gid) != 0)
    return refuse(why, why_size, "cannot keep its owner and group (%lu:%lu)",
                  (unsigned long)original->st_uid, (unsigned long)original->st_gid);
  int err = keep_attributes(held, target, fd, why, why_size);
  if (err != ML_OK)
    return err;
  if (fchmod(fd, original->st_mode & 07777) != 0)
    return refuse(why, why_size, "cannot keep its permissions");
  return ML_OK;
}

/* Writes the temporary file `temp`, already open as `fd`, with the bytes and the metadata. */
static int fill_temp(int fd, int held, const char *target, const struct stat *original,
                     const char *bytes, size_t length, char *why, size_t why_size) {
  if (write_all(fd, bytes, length) != ML_OK || fsync(fd) != 0)
    return refuse(why, why_size, NULL);
  if (original == NULL)
    return fchmod(fd, new_file_mode()) == 0 ? ML_OK : refuse(why, why_size, NULL);
  return keep_metadata(fd, held, target, original, why, why_size);
}

/* Whether the file is still as it was read: through `held`, a descriptor of it, and through its
 * name, which must still lead to that same file. */
static int unchanged(int held, const char *target, const struct stat *original, char *why,
                     size_t why_size) {
  struct stat now;
  if (held >= 0) {
    if (fstat(held, &now) != 0)
      return refuse(why, why_size, NULL);
    if (!same_file_state(original, &now))
      return ML_ECHANGED;
  }
  if (stat(target, &now) != 0)
    return errno == ENOENT ? ML_ECHANGED : refuse(why, why_size, NULL);
  return same_file_state(original, &now) ? ML_OK : ML_ECHANGED;
}

/* All of the file open as `fd`, from its start, in a buffer the caller frees. */
static int read_whole(int fd, char **out, size_t *out_length) {
  struct stat st;
  if (fstat(fd, &st) != 0)
    return ML_EIO;
  size_t size = (size_t)st.st_size;
  char *buf = malloc(size + 1);
  if (buf == NULL)
    return ML_ENOMEM;
  size_t length = 0;
  while (length < size) {
    ssize_t n = pread(fd, buf + length, size - length, (off_t)length);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    length += (size_t)n;
  }
  *out = buf;
  *out_length = length;
  return ML_OK;
}

static int replace(const char *target, const char *bytes, size_t length,
                   const struct stat *original, bool may_restore, char *why, size_t why_size);

/* The old file changed in the instant between the last check and the rename, so the bytes
 * written to it are in a file that no longer has a name. They go back under the name, the same
 * safe way; should even that fail, they are kept beside it, never lost. */
static int restore(int held, const char *target, char *why, size_t why_size) {
  char *bytes;
  size_t length;
  int err = read_whole(held, &bytes, &length);
  if (err != ML_OK)
    return refuse(why, why_size, "the file changed while it was replaced, and its new content "
                                 "could not be read back");
  struct stat now;
  err = stat(target, &now) == 0 ? ML_OK : ML_EIO;
  if (err == ML_OK)
    err = replace(target, bytes, length, &now, false, why, why_size);
  if (err != ML_OK) {
    char saved[PATH_MAX];
    snprintf(saved, sizeof saved, "%s.modal-lint-saved", target);
    int fd = open(saved, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    bool kept = fd >= 0 && write_all(fd, bytes, length) == ML_OK && fsync(fd) == 0;
    if (fd >= 0)
      close(fd);
    snprintf(why, why_size, "the file changed while it was replaced; its changed content is %s %s",
             kept ? "saved in" : "lost: it could not be written to", saved);
    err = ML_EIO;
  } else {
    err = ML_ECHANGED;
  }
  free(bytes);
  return err;
}

/* `original` NULL: the target does not exist yet, so there is no metadata to keep and nothing
 * that could have changed. `may_restore` is false while restoring, so that a file changing
 * without end cannot keep this going. */
static int replace(const char *target, const char *bytes, size_t length,
                   const struct stat *original, bool may_restore, char *why, size_t why_size) {
  int held = -1;
  if (original != NULL) {
    int err = may_replace(target, original, why, why_size);
    if (err != ML_OK)
      return err;
    /* A file its owner may write but not read (a report that -o replaces) is checked by name
     * only, without the last look after the rename. */
    held = open(target, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (held < 0 && errno != EACCES)
      return refuse(why, why_size, NULL);
    err = unchanged(held, target, original, why, why_size);
    if (err != ML_OK) {
      if (held >= 0)
        close(held);
      return err;
    }
  }
  char *temp = temp_template(target);
  if (temp == NULL) {
    if (held >= 0)
      close(held);
    return ML_ENOMEM;
  }
  cli_temp_file_begin();
  int err = ML_OK;
  int fd = mkstemp(temp);
  if (fd < 0) {
    err = refuse(why, why_size, NULL);
  } else {
    err = fill_temp(fd, held, target, original, bytes, length, why, why_size);
    if (close(fd) != 0 && err == ML_OK)
      err = refuse(why, why_size, NULL);
    if (err == ML_OK && original != NULL)
      err = unchanged(held, target, original, why, why_size);
    if (err == ML_OK && rename(temp, target) != 0)
      err = refuse(why, why_size, NULL);
    if (err != ML_OK)
      unlink(temp);
  }
  cli_temp_file_end();
  free(temp);
  if (err == ML_OK) {
    sync_parent(target);
    struct stat after;
    if (held >= 0 && may_restore && fstat(held, &after) == 0 && !same_file_state(original, &after))
      err = restore(held, target, why, why_size);
  }
  if (held >= 0) {
    int saved = errno;
    close(held);
    errno = saved;
  }
  return err;
}

/* Writes to what `path` names as it is: a terminal, a pipe, a device. */
static int write_through(const char *path, const char *bytes, size_t length, char *why,
                         size_t why_size) {
  int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return refuse(why, why_size, NULL);
  int err = write_all(fd, bytes, length) == ML_OK ? ML_OK : refuse(why, why_size, NULL);
  if (close(fd) != 0 && err == ML_OK)
    err = refuse(why, why_size, NULL);
  return err;
}

int cli_write_atomic_create(const char *path, const char *bytes, size_t length, char *why,
                            size_t why_size) {
  struct stat st;
  if (stat(path, &st) == 0) {
    if (S_ISREG(st.st_mode))
      return cli_write_atomic(path, bytes, length, &st, why, why_size);
    if (S_ISDIR(st.st_mode)) {
      errno = EISDIR;
      return refuse(why, why_size, NULL);
    }
    return write_through(path, bytes, length, why, why_size);
  }
  if (errno != ENOENT)
    return refuse(why, why_size, NULL);
  return replace(path, bytes, length, NULL, false, why, why_size);
}

int cli_write_atomic(const char *path, const char *bytes, size_t length,
                     const struct stat *original, char *why, size_t why_size) {
  /* Write through a symbolic link rather than replacing the link with a regular file. */
  char *target = realpath(path, NULL);
  if (target == NULL)
    return errno == ENOMEM ? ML_ENOMEM : refuse(why, why_size, NULL);
  int err = replace(target, bytes, length, original, true, why, why_size);
  int saved = errno;
  free(target);
  errno = saved;
  return err;
}
