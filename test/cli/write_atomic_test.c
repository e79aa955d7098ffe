/* cli_write_atomic: replaces the file with its mode kept, refuses a file that changed since it was
 * read or is read-only, and never leaves its temporary file behind. Prints TAP-like lines; exits 1 on failure. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "modallint/error.h"

#include "write_atomic.h"

static int failures;

static void expect(int ok, const char *name) {
  printf("%s - %s\n", ok ? "ok" : "not ok", name);
  if (!ok)
    failures++;
}

static void put(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
    perror(path);
    exit(2);
  }
}

static int has(const char *path, const char *text) {
  char buf[256] = {0};
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return 0;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  return n == strlen(text) && memcmp(buf, text, n) == 0;
}

static int entries(const char *dir) {
  DIR *d = opendir(dir);
  int n = 0;
  if (d == NULL)
    return -1;
  for (struct dirent *e; (e = readdir(d)) != NULL;)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
      n++;
  closedir(d);
  return n;
}

int main(void) {
  char dir[] = "/tmp/modal-lint-write-XXXXXX";
  if (mkdtemp(dir) == NULL) {
    perror("mkdtemp");
    return 2;
  }
  char path[sizeof dir + 16];
  char why[256];
  snprintf(path, sizeof path, "%s/app.py", dir);

  put(path, "old\n");
  chmod(path, 0640);
  struct stat st;
  stat(path, &st);
  int err = cli_write_atomic(path, "new text\n", 9, &st, why, sizeof why);
  struct stat after;
  stat(path, &after);
  expect(err == ML_OK, "replaces the file");
  expect(has(path, "new text\n"), "new content");
  expect((after.st_mode & 07777) == 0640, "keeps the mode");
  expect(after.st_ino != st.st_ino, "renamed over, not rewritten in place");
  expect(entries(dir) == 1, "no temporary file after success");

  stat(path, &st);
  put(path, "edited by someone else\n");
  err = cli_write_atomic(path, "fixed\n", 6, &st, why, sizeof why);
  expect(err == ML_ECHANGED, "refuses a file that changed since it was read");
  expect(has(path, "edited by someone else\n"), "the other edit survives");
  expect(entries(dir) == 1, "no temporary file after a refusal");

  char missing[sizeof dir + 16];
  snprintf(missing, sizeof missing, "%s/gone.py", dir);
  err = cli_write_atomic(missing, "x", 1, &st, why, sizeof why);
  expect(err == ML_EIO && errno == ENOENT, "a vanished file is an I/O error");
  expect(entries(dir) == 1, "no temporary file after an error");

  /* Renaming would succeed (the directory is writable), and root passes every access check: the
   * file's own mode must be what stops it. */
  chmod(path, 0444);
  stat(path, &st);
  err = cli_write_atomic(path, "fixed\n", 6, &st, why, sizeof why);
  stat(path, &after);
  expect(err == ML_EIO && errno == EACCES, "refuses a read-only file");
  expect(has(path, "edited by someone else\n"), "the read-only file is untouched");
  expect((after.st_mode & 07777) == 0444 && after.st_ino == st.st_ino, "and not replaced");
  expect(entries(dir) == 1, "no temporary file after refusing a read-only file");
  chmod(path, 0644);

  if (geteuid() != 0) {
    stat(path, &st);
    chmod(dir, 0555);
    err = cli_write_atomic(path, "fixed\n", 6, &st, why, sizeof why);
    chmod(dir, 0755);
    expect(err == ML_EIO && errno == EACCES, "an unwritable directory is an I/O error");
    expect(has(path, "edited by someone else\n"), "the file is untouched");
    expect(entries(dir) == 1, "no temporary file in an unwritable directory");
  }

  unlink(path);
  rmdir(dir);
  printf("%d failed\n", failures);
  return failures == 0 ? 0 : 1;
}
