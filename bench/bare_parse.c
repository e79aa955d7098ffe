/* The floors for bench/run.sh: read and parse every .py file under the given folders with
 * tree-sitter-python on N threads, and nothing else (the same skipped folders as modal-lint).
 *
 *   bare_parse [--walk] -j N PATH...
 *
 * With --walk, each tree is also walked once with a tree cursor, visiting every node and reading
 * the least a walk that dispatches on node kinds must read (kind and namedness): the floor of a
 * linter built as DESIGN.md's one walk, with no rule doing anything.
 *
 * Prints the number of files and bytes parsed (and nodes visited, with --walk). Built by bench/run.sh from the release build's own
 * tree-sitter-python and tree-sitter runtime objects, with the same link-time optimisation, so
 * both programs parse with the same code. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

static char **paths;
static size_t count, capacity;
static size_t next;
static size_t total_bytes;
static bool walk_trees;
static size_t total_nodes;
static volatile size_t read_sum; /* what the walks read, stored so that no read is optimised out */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void add(const char *path) {
  if (count == capacity) {
    capacity = capacity ? capacity * 2 : 1024;
    paths = realloc(paths, capacity * sizeof *paths);
    if (!paths) exit(2);
  }
  paths[count++] = strdup(path);
}

static int compare(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void find_files(const char *dir) {
  static const char *const skipped[] = {".git", ".venv", "venv", "node_modules", "__pycache__",
                                        "build", "dist"};
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' && (e->d_name[1] == 0 || (e->d_name[1] == '.' && !e->d_name[2])))
      continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(path, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      int skip = 0;
      for (size_t i = 0; i < sizeof skipped / sizeof skipped[0]; i++)
        skip |= strcmp(e->d_name, skipped[i]) == 0;
      if (!skip) find_files(path);
    } else if (S_ISREG(st.st_mode)) {
      size_t n = strlen(e->d_name);
      if (n > 3 && strcmp(e->d_name + n - 3, ".py") == 0) add(path);
    }
  }
  closedir(d);
}

/* Visits every node of `tree` in document order; returns how many, and adds what it read to
 * `sink`. */
static size_t visit_every_node(const TSTree *tree, size_t *sink) {
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
  size_t nodes = 0;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    nodes++;
    *sink += ts_node_symbol(node) + ts_node_is_named(node);
    if (ts_tree_cursor_goto_first_child(&cursor)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return nodes;
      }
    }
  }
}

static void *worker(void *arg) {
  (void)arg;
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, tree_sitter_python());
  size_t bytes = 0, nodes = 0, sink = 0;
  for (;;) {
    pthread_mutex_lock(&lock);
    size_t i = next++;
    pthread_mutex_unlock(&lock);
    if (i >= count) break;
    int fd = open(paths[i], O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat st;
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
      char *buf = malloc((size_t)st.st_size + 1);
      ssize_t n = buf ? read(fd, buf, (size_t)st.st_size) : -1;
      if (n > 0) {
        TSTree *tree = ts_parser_parse_string(parser, NULL, buf, (uint32_t)n);
        if (walk_trees) nodes += visit_every_node(tree, &sink);
        ts_tree_delete(tree);
        bytes += (size_t)n;
      }
      free(buf);
    }
    close(fd);
  }
  ts_parser_delete(parser);
  pthread_mutex_lock(&lock);
  total_bytes += bytes;
  total_nodes += nodes;
  read_sum += sink;
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(int argc, char **argv) {
  int jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
  int first = 1;
  if (argc > first && strcmp(argv[first], "--walk") == 0) {
    walk_trees = true;
    first++;
  }
  if (argc > first + 1 && strcmp(argv[first], "-j") == 0) {
    jobs = atoi(argv[first + 1]);
    first += 2;
  }
  if (jobs < 1) jobs = 1;
  for (int i = first; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) find_files(argv[i]);
    else add(argv[i]);
  }
  qsort(paths, count, sizeof *paths, compare);
  pthread_t threads[256];
  if (jobs > 256) jobs = 256;
  for (int t = 0; t < jobs; t++) pthread_create(&threads[t], NULL, worker, NULL);
  for (int t = 0; t < jobs; t++) pthread_join(threads[t], NULL);
  printf("parsed %zu files, %zu bytes on %d threads", count, total_bytes, jobs);
  if (walk_trees) printf(", visited %zu nodes", total_nodes);
  printf("\n");
  for (size_t i = 0; i < count; i++) free(paths[i]);
  free(paths);
  return 0;
}
