/* The line hash of lint/fingerprint.c.
 *
 *   cli-fingerprint-test            checks values derived by hand from the action's definition
 *   cli-fingerprint-test FILE       prints "LINE HASH:N" for every line of FILE, for
 *                                   sarif/validate.sh to compare with sarif/fingerprint.mjs
 *
 * By hand: the hash of a line is sum(unit_i * 37^(99-i)) mod 2^64 over the 100 units from its
 * first non-blank one, the text being followed by 0xFFFF and zeros. For the empty text, line 1
 * is 0xFFFF * 37^99; for "a\n", line 1 is 97*37^99 + 10*37^98 + 0xFFFF*37^97 and line 2 equals the
 * empty text's line 1 (so it is its first occurrence: ":1"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"

static int failures;

static void expect(const char *text, size_t length, unsigned line, const char *want) {
  cli_line_hashes h;
  char got[48] = "";
  if (cli_line_hashes_compute(text, length, &h) != 0 ||
      cli_line_hash_format(&h, line, got, sizeof got) != 0 || strcmp(got, want) != 0) {
    printf("not ok - line %u of \"%.*s\": got %s, want %s\n", line, (int)length, text, got, want);
    failures++;
  } else {
    printf("ok - line %u of \"%.*s\" is %s\n", line, (int)length, text, want);
  }
  cli_line_hashes_free(&h);
}

static int self_check(void) {
  expect("", 0, 1, "c129715d7a2bc9a3:1");
  expect("a\n", 2, 1, "243cbaa4685aab12:1");
  expect("a\n", 2, 2, "c129715d7a2bc9a3:1");
  /* Blanks are skipped, and "\r\n", "\r" and "\n" are one and the same line end. */
  expect("  \ta\r\n", 5, 1, "243cbaa4685aab12:1");
  expect("a\r", 2, 1, "243cbaa4685aab12:1");
  /* Identical windows: in 101 "\n" the windows of lines 1 and 2 both see 100 line ends. */
  char ends[101];
  memset(ends, '\n', sizeof ends);
  char first[48];
  cli_line_hashes h;
  if (cli_line_hashes_compute(ends, sizeof ends, &h) == 0 &&
      cli_line_hash_format(&h, 1, first, sizeof first) == 0) {
    char *colon = strchr(first, ':');
    strcpy(colon, ":2");
    expect(ends, sizeof ends, 2, first);
  } else {
    failures++;
  }
  cli_line_hashes_free(&h);
  return failures == 0 ? 0 : 1;
}

static int print_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return 2;
  }
  size_t capacity = 1 << 16, length = 0, n;
  char *bytes = malloc(capacity);
  while (bytes != NULL && (n = fread(bytes + length, 1, capacity - length, f)) > 0) {
    length += n;
    if (length == capacity) {
      char *grown = realloc(bytes, capacity *= 2);
      if (grown == NULL)
        free(bytes);
      bytes = grown;
    }
  }
  fclose(f);
  cli_line_hashes h;
  if (bytes == NULL || cli_line_hashes_compute(bytes, length, &h) != 0) {
    free(bytes);
    return 2;
  }
  for (unsigned line = 1; line <= h.count; line++) {
    char text[48];
    cli_line_hash_format(&h, line, text, sizeof text);
    printf("%u %s\n", line, text);
  }
  cli_line_hashes_free(&h);
  free(bytes);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2)
    return print_file(argv[1]);
  return self_check();
}
