/* cli_diff_write on random texts: applying the printed hunks to the old text gives the new text,
 * and the number of changed lines is the minimum (checked against an LCS table). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"

#include "diff.h"

static unsigned long long seed = 88172645463325252ull;

static unsigned next(void) {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return (unsigned)(seed >> 32);
}

static size_t random_text(char *buf, int lines) {
  size_t n = 0;
  for (int i = 0; i < lines; i++) {
    buf[n++] = (char)('a' + next() % 4);
    buf[n++] = '\n';
  }
  if (n > 0 && next() % 5 == 0)
    n--; /* sometimes no newline at the end */
  return n;
}

static int split(const char *text, size_t n, const char **starts, size_t *lens) {
  int count = 0;
  size_t i = 0;
  while (i < n) {
    const char *nl = memchr(text + i, '\n', n - i);
    size_t end = nl ? (size_t)(nl - text) + 1 : n;
    starts[count] = text + i;
    lens[count++] = end - i;
    i = end;
  }
  return count;
}

static int same(const char *a, size_t al, const char *b, size_t bl) {
  return al == bl && memcmp(a, b, al) == 0;
}

static int min_changes(const char **as, size_t *al, int na, const char **bs, size_t *bl, int nb) {
  static int t[64][64];
  for (int i = na; i >= 0; i--)
    for (int j = nb; j >= 0; j--)
      t[i][j] = i == na || j == nb ? 0
                : same(as[i], al[i], bs[j], bl[j])
                    ? t[i + 1][j + 1] + 1
                    : (t[i + 1][j] > t[i][j + 1] ? t[i + 1][j] : t[i][j + 1]);
  return na + nb - 2 * t[0][0];
}

/* Applies a unified diff to `old`, returns the result's length in `out`. -1 when malformed. */
static long apply(const char *diff, const char *old, size_t old_len, char *out, int *changes) {
  const char *os[64], *ds[512];
  size_t ol[64], dl[512];
  int no = split(old, old_len, os, ol), nd = split(diff, strlen(diff), ds, dl);
  long n = 0;
  int oi = 0;
  char last = ' ';
  *changes = 0;
  for (int k = 2; k < nd; k++) {
    const char *l = ds[k];
    if (l[0] == '@') {
      int start, count = 1;
      if (sscanf(l, "@@ -%d,%d", &start, &count) < 1)
        return -1;
      int first = count == 0 ? start : start - 1; /* 0-based index of the hunk's first old line */
      while (oi < first) {
        memcpy(out + n, os[oi], ol[oi]);
        n += (long)ol[oi++];
      }
    } else if (l[0] == ' ' || l[0] == '+') {
      if (l[0] == ' ')
        oi++;
      else
        (*changes)++;
      memcpy(out + n, l + 1, dl[k] - 1);
      n += (long)dl[k] - 1;
      last = l[0];
    } else if (l[0] == '-') {
      oi++;
      (*changes)++;
      last = '-';
    } else if (l[0] == '\\') {
      if (last != '-')
        n--; /* the line just written has no newline */
    } else {
      return -1;
    }
  }
  while (oi < no) {
    memcpy(out + n, os[oi], ol[oi]);
    n += (long)ol[oi++];
  }
  return n;
}

int main(void) {
  int failures = 0;
  for (int round = 0; round < 3000; round++) {
    char a[128], b[128], result[256];
    size_t an = random_text(a, (int)(next() % 30)), bn = random_text(b, (int)(next() % 30));
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    bool changed = false;
    int err = cli_diff_write(out, cli_palette_get(false), "x.py", a, an, b, bn, &changed);
    fclose(out);
    const char *as[64], *bs[64];
    size_t al[64], bl[64];
    int na = split(a, an, as, al), nb = split(b, bn, bs, bl);
    int changes = 0;
    long rn = err == ML_OK ? apply(buf, a, an, result, &changes) : -1;
    int ok = err == ML_OK && changed == !same(a, an, b, bn) && rn == (long)bn &&
             memcmp(result, b, bn) == 0 &&
             changes == min_changes(as, al, na, bs, bl, nb) &&
             (changed || size == 0) &&
             (!changed || strncmp(buf, "--- a/x.py\n+++ b/x.py\n@@ -", 26) == 0);
    if (!ok) {
      failures++;
      printf("not ok - round %d\n--- old\n%.*s\n--- new\n%.*s\n--- diff\n%s\n", round, (int)an, a,
             (int)bn, b, buf);
    }
    free(buf);
    if (failures > 3)
      break;
  }
  printf("%s - random diffs apply and are minimal\n", failures == 0 ? "ok" : "not ok");
  return failures == 0 ? 0 : 1;
}
