/* An LD_PRELOAD library that makes races happen on cue, so the tests of what modal-lint does when
 * the file system changes under it need no sleeps. Each hook acts once per process, when its
 * environment variable is set:
 *
 *   SHIM_APPEND_BEFORE_RENAME=TEXT   the first rename(2) onto an existing file first appends TEXT
 *                                    to that file: a write landing between modal-lint's last
 *                                    check and its rename.
 *   SHIM_UNLINK_ON_OPEN=NAME:VICTIM  the first open(2) of a path whose last part is NAME first
 *                                    deletes VICTIM: a file vanishing after the walk found it.
 *   SHIM_SIGNAL_ON_MKSTEMP=SIG       the first mkstemp(3) sends signal number SIG to the process
 *                                    right after making the temporary file.
 *
 * Test-only code: test/cli/meson.build builds it; it is never installed. */
/* Each symbol is defined under its own name: with 64-bit offsets the headers would rename open to
 * open64, and this file defines both. */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dlsym(RTLD_NEXT) */
#endif
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef int open_fn(const char *, int, ...);

static atomic_flag appended = ATOMIC_FLAG_INIT;
static atomic_flag unlinked = ATOMIC_FLAG_INIT;
static atomic_flag signalled = ATOMIC_FLAG_INIT;

static open_fn *real_open(const char *name) {
  return (open_fn *)dlsym(RTLD_NEXT, name);
}

int rename(const char *from, const char *to) {
  int (*real)(const char *, const char *) =
      (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
  const char *text = getenv("SHIM_APPEND_BEFORE_RENAME");
  struct stat st;
  if (text != NULL && stat(to, &st) == 0 && !atomic_flag_test_and_set(&appended)) {
    int fd = real_open("open")(to, O_WRONLY | O_APPEND);
    if (fd >= 0) {
      (void)!write(fd, text, strlen(text));
      (void)!write(fd, "\n", 1);
      close(fd);
    }
  }
  return real(from, to);
}

static void unlink_victim(const char *path) {
  const char *spec = getenv("SHIM_UNLINK_ON_OPEN");
  const char *colon = spec ? strchr(spec, ':') : NULL;
  if (colon == NULL)
    return;
  const char *slash = strrchr(path, '/');
  const char *last = slash ? slash + 1 : path;
  size_t name_length = (size_t)(colon - spec);
  if (strlen(last) == name_length && memcmp(last, spec, name_length) == 0 &&
      !atomic_flag_test_and_set(&unlinked))
    unlink(colon + 1);
}

static int open_with(const char *name, const char *path, int flags, va_list ap) {
  mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
  unlink_victim(path);
  return real_open(name)(path, flags, mode);
}

int open(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  int fd = open_with("open", path, flags, ap);
  va_end(ap);
  return fd;
}

int open64(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  int fd = open_with("open64", path, flags, ap);
  va_end(ap);
  return fd;
}

static int signal_after(int fd) {
  const char *sig = getenv("SHIM_SIGNAL_ON_MKSTEMP");
  if (fd >= 0 && sig != NULL && !atomic_flag_test_and_set(&signalled))
    kill(getpid(), atoi(sig));
  return fd;
}

int mkstemp(char *template) {
  int (*real)(char *) = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp");
  return signal_after(real(template));
}

int mkstemp64(char *template) {
  int (*real)(char *) = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp64");
  return signal_after(real(template));
}
