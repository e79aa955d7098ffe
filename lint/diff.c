/* Unified diff: split into lines, find a shortest edit script with Myers' linear-space algorithm
 * (E. Myers, "An O(ND) Difference Algorithm and Its Variations", 1986), then print hunks. */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"

#include "escape.h"
#include "workspace.h"

enum { CONTEXT = 3 };

typedef struct line {
  const char *text; /* including its "\n", if it has one */
  size_t length;
  uint64_t hash;
} line;

typedef struct lines {
  line *items;
  long count;
} lines;

typedef struct diff_state {
  const lines *a;
  const lines *b;
  bool *deleted;  /* per line of a */
  bool *inserted; /* per line of b */
  long *forward;  /* Myers' V arrays, reused by every recursion level */
  long *backward;
} diff_state;

/* A run of changed lines: a[a0, a1) became b[b0, b1). */
typedef struct change {
  long a0, a1, b0, b1;
} change;

static int split_lines(const char *text, size_t length, lines *out) {
  long count = 0;
  for (size_t i = 0; i < length; i++)
    if (text[i] == '\n')
      count++;
  if (length > 0 && text[length - 1] != '\n')
    count++;
  out->count = count;
  out->items = malloc((size_t)(count > 0 ? count : 1) * sizeof *out->items);
  if (out->items == NULL)
    return ML_ENOMEM;
  size_t start = 0;
  for (long n = 0; n < count; n++) {
    const char *nl = memchr(text + start, '\n', length - start);
    size_t end = nl ? (size_t)(nl - text) + 1 : length;
    out->items[n].text = text + start;
    out->items[n].length = end - start;
    out->items[n].hash = ml__fnv1a(ML__FNV1A_BASIS, text + start, end - start);
    start = end;
  }
  return ML_OK;
}

static bool same_line(const diff_state *s, long i, long j) {
  const line *x = &s->a->items[i], *y = &s->b->items[j];
  return x->hash == y->hash && x->length == y->length && memcmp(x->text, y->text, x->length) == 0;
}

static long wrap(long k, long z) { return ((k % z) + z) % z; }
static long max_long(long a, long b) { return a > b ? a : b; }
static long min_long(long a, long b) { return a < b ? a : b; }

/* Marks the lines of a[xoff, xlim) and b[yoff, ylim) that a shortest edit script deletes and
 * inserts. Searches forward and backward at once for the middle snake, then recurses on both
 * sides of it; the V arrays are indexed modulo their size, which the search never outgrows. */
static void compare(diff_state *s, long xoff, long xlim, long yoff, long ylim) {
  while (xoff < xlim && yoff < ylim && same_line(s, xoff, yoff))
    xoff++, yoff++;
  while (xoff < xlim && yoff < ylim && same_line(s, xlim - 1, ylim - 1))
    xlim--, ylim--;
  long n = xlim - xoff, m = ylim - yoff;
  if (n == 0 || m == 0) {
    for (long i = xoff; i < xlim; i++)
      s->deleted[i] = true;
    for (long j = yoff; j < ylim; j++)
      s->inserted[j] = true;
    return;
  }
  long total = n + m, z = 2 * min_long(n, m) + 2, w = n - m;
  memset(s->forward, 0, (size_t)z * sizeof *s->forward);
  memset(s->backward, 0, (size_t)z * sizeof *s->backward);
  for (long h = 0; h <= total / 2 + (total % 2 != 0); h++) {
    for (int r = 0; r < 2; r++) {
      long *c = r == 0 ? s->forward : s->backward;
      long *d = r == 0 ? s->backward : s->forward;
      int o = r == 0 ? 1 : 0;
      long kmin = -(h - 2 * max_long(0, h - m)), kmax = h - 2 * max_long(0, h - n);
      for (long k = kmin; k <= kmax; k += 2) {
        long x = (k == -h || (k != h && c[wrap(k - 1, z)] < c[wrap(k + 1, z)]))
                     ? c[wrap(k + 1, z)]
                     : c[wrap(k - 1, z)] + 1;
        long y = x - k, x0 = x, y0 = y;
        while (x < n && y < m &&
               (o ? same_line(s, xoff + x, yoff + y)
                  : same_line(s, xoff + n - x - 1, yoff + m - y - 1)))
          x++, y++;
        c[wrap(k, z)] = x;
        long opposite = -(k - w);
        if (total % 2 == o && opposite >= -(h - o) && opposite <= h - o &&
            c[wrap(k, z)] + d[wrap(opposite, z)] >= n) {
          long edits = o ? 2 * h - 1 : 2 * h;
          long sx = o ? x0 : n - x, sy = o ? y0 : m - y; /* the snake: a[sx,ex) == b[sy,ey) */
          long ex = o ? x : n - x0, ey = o ? y : m - y0;
          if (edits > 1 || (sx != ex && sy != ey)) {
            compare(s, xoff, xoff + sx, yoff, yoff + sy);
            compare(s, xoff + ex, xlim, yoff + ey, ylim);
          } else {
            /* Unreachable once common ends are trimmed (one edit leaves a side empty); marking
             * everything keeps the output a correct, if longer, diff should it ever happen. */
            for (long i = xoff; i < xlim; i++)
              s->deleted[i] = true;
            for (long j = yoff; j < ylim; j++)
              s->inserted[j] = true;
          }
          return;
        }
      }
    }
  }
}

static void put_line(FILE *out, const cli_palette *palette, const char *color, char prefix,
                     const line *l) {
  fprintf(out, "%s%c", color, prefix);
  fwrite(l->text, 1, l->length, out);
  bool newline = l->length > 0 && l->text[l->length - 1] == '\n';
  if (!newline)
    fputc('\n', out);
  if (color[0] != '\0')
    fputs(palette->reset, out);
  if (!newline)
    fputs("\\ No newline at end of file\n", out);
}

static void put_range(FILE *out, long start, long count) {
  if (count == 1)
    fprintf(out, "%ld", start + 1);
  else if (count == 0)
    fprintf(out, "%ld,0", start);
  else
    fprintf(out, "%ld,%ld", start + 1, count);
}

/* Prints changes[first, last] as one hunk with its context. */
static void put_hunk(FILE *out, const cli_palette *palette, const lines *a, const lines *b,
                     const change *changes, size_t first, size_t last) {
  long a_start = max_long(0, changes[first].a0 - CONTEXT);
  long b_start = changes[first].b0 - (changes[first].a0 - a_start);
  long a_end = min_long(a->count, changes[last].a1 + CONTEXT);
  long b_end = changes[last].b1 + (a_end - changes[last].a1);
  fprintf(out, "%s@@ -", palette->hunk);
  put_range(out, a_start, a_end - a_start);
  fputs(" +", out);
  put_range(out, b_start, b_end - b_start);
  fprintf(out, " @@%s\n", palette->reset);
  long i = a_start;
  for (size_t c = first; c <= last; c++) {
    for (; i < changes[c].a0; i++)
      put_line(out, palette, "", ' ', &a->items[i]);
    for (; i < changes[c].a1; i++)
      put_line(out, palette, palette->removed, '-', &a->items[i]);
    for (long j = changes[c].b0; j < changes[c].b1; j++)
      put_line(out, palette, palette->added, '+', &b->items[j]);
  }
  for (; i < a_end; i++)
    put_line(out, palette, "", ' ', &a->items[i]);
}

/* Collects the runs of marked lines, walking both texts in step over the unchanged ones. */
static change *collect_changes(const diff_state *s, size_t *out_count) {
  size_t count = 0, capacity = 8;
  change *changes = malloc(capacity * sizeof *changes);
  if (changes == NULL)
    return NULL;
  long i = 0, j = 0;
  while (i < s->a->count || j < s->b->count) {
    if (i < s->a->count && j < s->b->count && !s->deleted[i] && !s->inserted[j]) {
      i++, j++;
      continue;
    }
    change c = {i, i, j, j};
    while (c.a1 < s->a->count && s->deleted[c.a1])
      c.a1++;
    while (c.b1 < s->b->count && s->inserted[c.b1])
      c.b1++;
    if (count == capacity) {
      capacity *= 2;
      change *grown = realloc(changes, capacity * sizeof *grown);
      if (grown == NULL) {
        free(changes);
        return NULL;
      }
      changes = grown;
    }
    changes[count++] = c;
    i = c.a1;
    j = c.b1;
  }
  *out_count = count;
  return changes;
}

int cli_diff_write(FILE *out, const cli_palette *palette, const char *path, const char *old_text,
                   size_t old_length, const char *new_text, size_t new_length, bool *changed) {
  *changed = false;
  if (old_length == new_length && memcmp(old_text, new_text, old_length) == 0)
    return ML_OK;
  lines a = {0}, b = {0};
  diff_state s = {&a, &b, NULL, NULL, NULL, NULL};
  change *changes = NULL;
  size_t change_count = 0;
  int err = ML_ENOMEM;
  if (split_lines(old_text, old_length, &a) != ML_OK || split_lines(new_text, new_length, &b) != ML_OK)
    goto done;
  size_t z = 2 * (size_t)min_long(a.count, b.count) + 2;
  s.deleted = calloc((size_t)a.count + 1, sizeof *s.deleted);
  s.inserted = calloc((size_t)b.count + 1, sizeof *s.inserted);
  s.forward = malloc(z * sizeof *s.forward);
  s.backward = malloc(z * sizeof *s.backward);
  if (s.deleted == NULL || s.inserted == NULL || s.forward == NULL || s.backward == NULL)
    goto done;
  compare(&s, 0, a.count, 0, b.count);
  changes = collect_changes(&s, &change_count);
  if (changes == NULL)
    goto done;
  err = ML_OK;
  if (change_count == 0)
    goto done;
  *changed = true;
  /* The name as a terminal may safely show it: a patch tool reading a name that holds a newline
   * would have been misled anyway. */
  fprintf(out, "%s--- a/", palette->bold);
  cli_escape_puts(out, path, true);
  fprintf(out, "%s\n%s+++ b/", palette->reset, palette->bold);
  cli_escape_puts(out, path, true);
  fprintf(out, "%s\n", palette->reset);
  size_t first = 0;
  for (size_t c = 1; c <= change_count; c++) {
    /* Changes whose contexts would touch or overlap share a hunk. */
    if (c < change_count && changes[c].a0 - changes[c - 1].a1 <= 2 * CONTEXT)
      continue;
    put_hunk(out, palette, &a, &b, changes, first, c - 1);
    first = c;
  }
done:
  free(changes);
  free(s.deleted);
  free(s.inserted);
  free(s.forward);
  free(s.backward);
  free(a.items);
  free(b.items);
  return err;
}
