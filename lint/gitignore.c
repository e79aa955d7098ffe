/* .gitignore support (gitignore.h). Matching itself is the library's glob (modallint/glob.h),
 * which already has gitignore's meaning of `*`, `**`, anchoring and trailing slashes. */
#include "gitignore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "modallint/error.h"
#include "modallint/glob.h"

#include "dir_cache.h"

typedef struct rule {
  char *pattern;
  bool negate;
} rule;

typedef struct rules {
  rule *items;
  size_t count;
} rules;

struct cli_gitignore {
  cli_dir_cache *rules;    /* absolute path of an ignore file -> rules * */
  cli_dir_cache *absolute; /* folder as given -> absolute path (char *, NULL when missing) */
  cli_dir_cache *stops;    /* walk root as given -> the folder whose rules come first (char *) */
};

static void rules_free(void *value) {
  rules *r = value;
  if (r == NULL)
    return;
  for (size_t i = 0; i < r->count; i++)
    free(r->items[i].pattern);
  free(r->items);
  free(r);
}

void cli_gitignore_free(cli_gitignore *g) {
  if (g == NULL)
    return;
  cli_dir_cache_free(g->rules, rules_free);
  cli_dir_cache_free(g->absolute, free);
  cli_dir_cache_free(g->stops, free);
  free(g);
}

int cli_gitignore_new(cli_gitignore **out) {
  cli_gitignore *g = calloc(1, sizeof *g);
  if (g == NULL)
    return ML_ENOMEM;
  if (cli_dir_cache_new(&g->rules) != ML_OK || cli_dir_cache_new(&g->absolute) != ML_OK ||
      cli_dir_cache_new(&g->stops) != ML_OK) {
    cli_gitignore_free(g);
    return ML_ENOMEM;
  }
  *out = g;
  return ML_OK;
}

/* One line of an ignore file into `r`; blank lines and comments add nothing. */
static int add_line(rules *r, char *line, size_t n) {
  if (n > 0 && line[n - 1] == '\r')
    n--;
  /* Trailing spaces are dropped unless escaped with a backslash. */
  while (n > 0 && line[n - 1] == ' ' && !(n > 1 && line[n - 2] == '\\'))
    n--;
  if (n == 0 || line[0] == '#')
    return ML_OK;
  bool negate = line[0] == '!';
  if (negate) {
    line++;
    n--;
  } else if (line[0] == '\\' && (line[1] == '#' || line[1] == '!')) {
    line++; /* "\#" and "\!" are literal */
    n--;
  }
  if (n == 0)
    return ML_OK;
  rule *grown = realloc(r->items, (r->count + 1) * sizeof *grown);
  if (grown == NULL)
    return ML_ENOMEM;
  r->items = grown;
  char *pattern = strndup(line, n);
  if (pattern == NULL)
    return ML_ENOMEM;
  r->items[r->count].pattern = pattern;
  r->items[r->count].negate = negate;
  r->count++;
  return ML_OK;
}

/* The rules of the ignore file at `path` (cached; an unreadable file has none). */
static int rules_of(cli_gitignore *g, const char *path, const rules **out) {
  void *cached;
  if (cli_dir_cache_get(g->rules, path, &cached)) {
    *out = cached;
    return ML_OK;
  }
  rules *r = calloc(1, sizeof *r);
  if (r == NULL)
    return ML_ENOMEM;
  int err = ML_OK;
  FILE *f = fopen(path, "r");
  if (f != NULL) {
    char *line = NULL;
    size_t capacity = 0;
    ssize_t n;
    while (err == ML_OK && (n = getline(&line, &capacity, f)) >= 0)
      err = add_line(r, line, (size_t)n > 0 && line[n - 1] == '\n' ? (size_t)n - 1 : (size_t)n);
    free(line);
    fclose(f);
  }
  if (err == ML_OK)
    err = cli_dir_cache_put(g->rules, path, r);
  if (err != ML_OK) {
    rules_free(r);
    return err;
  }
  *out = r;
  return ML_OK;
}

static char *join(const char *dir, const char *name) {
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

static int cached_absolute(cli_gitignore *g, const char *dir, const char **out) {
  void *cached;
  if (cli_dir_cache_get(g->absolute, dir, &cached)) {
    *out = cached;
    return ML_OK;
  }
  char *absolute = cli_absolute_dir(dir);
  *out = absolute;
  int err = cli_dir_cache_put(g->absolute, dir, absolute);
  if (err != ML_OK)
    free(absolute);
  return err;
}

/* The repository root at or above absolute folder `dir`, else `dir` itself. */
static char *stop_for(const char *dir) {
  char *candidate = strdup(dir);
  while (candidate != NULL) {
    char *git = join(candidate, ".git");
    struct stat st;
    bool found = git != NULL && lstat(git, &st) == 0;
    free(git);
    if (found)
      return candidate;
    char *slash = strrchr(candidate, '/');
    if (slash == NULL || strcmp(candidate, "/") == 0)
      break;
    if (slash == candidate)
      slash[1] = '\0';
    else
      *slash = '\0';
  }
  free(candidate);
  return strdup(dir);
}

/* Applies the rules of the ignore file `file` (whose patterns are relative to `base`) to `path`. */
static int apply(cli_gitignore *g, const char *file, const char *relative, bool is_dir,
                 bool *ignored) {
  const rules *r;
  int err = rules_of(g, file, &r);
  if (err != ML_OK)
    return err;
  for (size_t i = 0; i < r->count; i++)
    if (ml_glob_match(r->items[i].pattern, relative, is_dir))
      *ignored = !r->items[i].negate;
  return ML_OK;
}

int cli_gitignore_ignored(cli_gitignore *g, const char *root, const char *path, bool is_dir,
                          bool *ignored) {
  *ignored = false;
  void *cached;
  const char *stop;
  if (cli_dir_cache_get(g->stops, root, &cached)) {
    stop = cached;
  } else {
    const char *absolute_root;
    int err = cached_absolute(g, root, &absolute_root);
    if (err != ML_OK)
      return err;
    char *found = absolute_root ? stop_for(absolute_root) : NULL;
    if (absolute_root != NULL && found == NULL)
      return ML_ENOMEM;
    if ((err = cli_dir_cache_put(g->stops, root, found)) != ML_OK) {
      free(found);
      return err;
    }
    stop = found;
  }
  if (stop == NULL)
    return ML_OK;
  const char *slash = strrchr(path, '/');
  char *dir = slash ? strndup(path, (size_t)(slash - path + 1)) : strdup(".");
  if (dir == NULL)
    return ML_ENOMEM;
  const char *absolute;
  int err = cached_absolute(g, dir, &absolute);
  free(dir);
  if (err != ML_OK || absolute == NULL)
    return err;
  /* full = absolute folder + name; each governing folder sees the part below it. */
  char *full = join(absolute, slash ? slash + 1 : path);
  if (full == NULL)
    return ML_ENOMEM;
  size_t stop_length = strcmp(stop, "/") == 0 ? 0 : strlen(stop);
  if (strncmp(full, stop, stop_length) != 0 || full[stop_length] != '/') {
    free(full);
    return ML_OK;
  }
  char *exclude = join(stop, ".git/info/exclude");
  err = exclude ? apply(g, exclude, full + stop_length + 1, is_dir, ignored) : ML_ENOMEM;
  free(exclude);
  /* Every folder from the stop down to the entry's own folder, shallowest first. */
  for (size_t at = stop_length; err == ML_OK;) {
    full[at] = '\0';
    char *file = join(at == 0 ? "/" : full, ".gitignore");
    full[at] = '/';
    if (file == NULL) {
      err = ML_ENOMEM;
      break;
    }
    err = apply(g, file, full + at + 1, is_dir, ignored);
    free(file);
    char *next = strchr(full + at + 1, '/');
    if (next == NULL)
      break;
    at = (size_t)(next - full);
  }
  free(full);
  return err;
}
