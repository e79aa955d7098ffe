/* The language server's floor for bench/run.sh: the incremental re-parse alone, for the same
 * edits bench/lsp_bench.py sends (a space added at the end of a non-empty line, then removed
 * again, at lines spread over the file), with the same tree-sitter objects as the server.
 *
 *   bare_reparse FILE EDITS
 *
 * Prints p50/p99/max of the time ts_parser_parse takes for each edit, given the previous tree
 * edited with ts_tree_edit, as "bare-reparse lines=N edits=E p50_ms=... p99_ms=... max_ms=...",
 * and how many of the edits took longer than 20 ms. No rule runs: what this prints is a lower
 * bound on the server's latency for those edits. Exits 1 if the last incrementally parsed tree
 * differs from a fresh parse of the final text (an edit was described wrongly), or if an even
 * number of edits did not give the original text back (one was made in the wrong place). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tree_sitter/api.h>

#include "reparse.h" /* test/support/ */

const TSLanguage *tree_sitter_python(void);

static char *read_all(const char *path, size_t *length) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t capacity = 1 << 20, used = 0;
  char *text = malloc(capacity + 2);
  size_t n;
  while (text && (n = fread(text + used, 1, capacity - used, f)) > 0) {
    used += n;
    if (used == capacity) {
      capacity *= 2;
      char *grown = realloc(text, capacity + 2);
      if (!grown) free(text);
      text = grown;
    }
  }
  fclose(f);
  *length = used;
  return text;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* lsp_bench.py's percentile: the value at the rounded rank. */
static double percentile(const double *sorted, size_t count, double p) {
  double rank = p / 100.0 * (double)(count - 1) + 0.5;
  size_t k = (size_t)rank;
  return sorted[k < count ? k : count - 1];
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: bare_reparse FILE EDITS\n");
    return 2;
  }
  size_t length;
  char *text = read_all(argv[1], &length);
  size_t edits = (size_t)atol(argv[2]);
  if (!text || edits == 0) {
    fprintf(stderr, "bare_reparse: cannot read %s, or no edits asked for\n", argv[1]);
    return 2;
  }
  /* Line ends, and the non-empty lines lsp_bench.py chooses from (by Python's str.strip()). */
  size_t lines = 1;
  for (size_t i = 0; i < length; i++) lines += text[i] == '\n';
  uint32_t *line_end = malloc(lines * sizeof *line_end);
  size_t *targets = malloc(lines * sizeof *targets);
  size_t target_count = 0, line = 0;
  int blank = 1;
  for (size_t i = 0; i <= length; i++) {
    if (i == length || text[i] == '\n') {
      line_end[line] = (uint32_t)i;
      if (!blank) targets[target_count++] = line;
      line++;
      blank = 1;
    } else if (!strchr(" \t\r\f\v", text[i])) {
      blank = 0;
    }
  }
  size_t step = lines / edits > 1 ? lines / edits : 1;
  size_t chosen = (target_count + step - 1) / step;
  if (chosen == 0) {
    fprintf(stderr, "bare_reparse: %s has no non-empty line\n", argv[1]);
    return 2;
  }

  char *original = malloc(length + 1);
  memcpy(original, text, length);
  size_t original_length = length;
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, tree_sitter_python());
  TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)length);
  char *edited = malloc(length + 2);
  double *times = malloc(edits * sizeof *times);
  size_t slow = 0;
  for (size_t n = 0; n < edits; n++) {
    size_t target = targets[((n / 2) % chosen) * step];
    uint32_t at = line_end[target]; /* the end of the line as the file is now (a space or not) */
    size_t new_length;
    TSInputEdit edit;
    if (n % 2 == 0) { /* add " " */
      memcpy(edited, text, at);
      edited[at] = ' ';
      memcpy(edited + at + 1, text + at, length - at);
      new_length = length + 1;
      edit = (TSInputEdit){at, at, at + 1, reparse_point_at(text, at), reparse_point_at(text, at),
                           reparse_point_at(edited, at + 1)};
    } else { /* remove it: the line's end moved one byte to the right */
      at--;
      memcpy(edited, text, at);
      memcpy(edited + at, text + at + 1, length - at - 1);
      new_length = length - 1;
      edit = (TSInputEdit){at, at + 1, at, reparse_point_at(text, at), reparse_point_at(text, at + 1),
                           reparse_point_at(edited, at)};
    }
    for (size_t k = target; k < lines; k++) line_end[k] += n % 2 == 0 ? 1 : (uint32_t)-1;
    ts_tree_edit(tree, &edit);
    double start = now_ms();
    TSTree *reparsed = ts_parser_parse_string(parser, tree, edited, (uint32_t)new_length);
    times[n] = now_ms() - start;
    slow += times[n] > 20.0;
    ts_tree_delete(tree);
    tree = reparsed;
    char *swap = text;
    text = edited;
    edited = swap;
    length = new_length;
  }
  /* The incremental tree must be the tree of the text: otherwise an edit was misdescribed and the
   * times are of some other work. */
  TSTree *fresh = ts_parser_parse_string(parser, NULL, text, (uint32_t)length);
  int same = reparse_same_nodes(ts_tree_root_node(tree), ts_tree_root_node(fresh));
  ts_tree_delete(fresh);
  if (!same) {
    fprintf(stderr, "bare_reparse: the re-parsed tree differs from a fresh parse of the text\n");
    return 1;
  }
  /* Each removal takes back the space the edit before it added. */
  if (edits % 2 == 0 && (length != original_length || memcmp(text, original, length) != 0)) {
    fprintf(stderr, "bare_reparse: the edits did not give the original text back\n");
    return 1;
  }
  qsort(times, edits, sizeof *times, compare_doubles);
  printf("bare-reparse lines=%zu edits=%zu p50_ms=%.2f p99_ms=%.2f max_ms=%.2f over_20ms=%zu\n",
         lines, edits, percentile(times, edits, 50), percentile(times, edits, 99),
         times[edits - 1], slow);
  ts_tree_delete(tree);
  ts_parser_delete(parser);
  free(text);
  free(edited);
  free(times);
  free(original);
  free(line_end);
  free(targets);
  return 0;
}
