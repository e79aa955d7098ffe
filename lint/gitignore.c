/* .gitignore support (gitignore.h). Matching itself is the library's glob (modallint/glob.h),
 * which already has gitignore's meaning of `*`, `**`, anchoring and trailing slashes. */
#include "gitignore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "modallint/error.h"
#include "modallint/glob.h"

#include "workspace.h"

typedef struct rule {
  char *pattern;
  bool negate;
} rule;

typedef struct rules {
  rule *items;
  size_t count;
} rules;

/* The ignore files that govern the entries of one folder, shallowest first, each with where the
 * part of an entry's absolute path it sees begins (the same for every entry of the folder). */
typedef struct level {
  const rules *rules;
  size_t offset;
} level;

typedef struct governing {
  char *absolute; /* the folder's absolute path; NULL: no rules apply */
  size_t count;
  level *levels;
} governing;

struct cli_gitignore {
  ml__strmap rules;     /* absolute path of an ignore file -> rules * */
  ml__strmap absolute;  /* folder as given -> absolute path (ws_absolute_dir) */
  ml__strmap stops;     /* walk root as given -> the folder whose rules come first (char *) */
  ml__strmap governing; /* walk root + "\n" + folder as given -> governing * */
};

static void governing_free(void *value) {
  governing *gv = value;
  if (gv == NULL)
    return;
  free(gv->absolute);
  free(gv->levels);
  free(gv);
}

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
  ml__strmap_free(&g->rules, rules_free);
  ml__strmap_free(&g->absolute, free);
  ml__strmap_free(&g->stops, free);
  ml__strmap_free(&g->governing, governing_free);
  free(g);
}

int cli_gitignore_new(cli_gitignore **out) {
  cli_gitignore *g = calloc(1, sizeof *g);
  if (g == NULL)
    return ML_ENOMEM;
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
  if (ml__strmap_find(&g->rules, path, &cached)) {
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
    err = ml__strmap_put(&g->rules, path, r);
  if (err != ML_OK) {
    rules_free(r);
    return err;
  }
  *out = r;
  return ML_OK;
}

/* The repository root at or above absolute folder `dir`, else `dir` itself. */
static char *stop_for(const char *dir) {
  char *candidate = strdup(dir);
  while (candidate != NULL) {
    char *git = ws_path_join(candidate, ".git");
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

static int add_level(governing *gv, cli_gitignore *g, const char *file, size_t offset) {
  const rules *r;
  int err = rules_of(g, file, &r);
  if (err != ML_OK)
    return err;
  level *grown = realloc(gv->levels, (gv->count + 1) * sizeof *grown);
  if (grown == NULL)
    return ML_ENOMEM;
  gv->levels = grown;
  gv->levels[gv->count++] = (level){r, offset};
  return ML_OK;
}

/* Finds the ignore files governing the entries of folder `dir` (as given, ending in '/', or
 * ".") of the walk from `root`: .git/info/exclude of the stop, then the .gitignore of every
 * folder from the stop down to `dir`. */
static int build_governing(cli_gitignore *g, const char *root, const char *dir, governing *gv) {
  void *cached;
  const char *stop;
  if (ml__strmap_find(&g->stops, root, &cached)) {
    stop = cached;
  } else {
    const char *absolute_root;
    int err = ws_absolute_dir(&g->absolute, root, &absolute_root);
    if (err != ML_OK)
      return err;
    char *found = absolute_root ? stop_for(absolute_root) : NULL;
    if (absolute_root != NULL && found == NULL)
      return ML_ENOMEM;
    if ((err = ml__strmap_put(&g->stops, root, found)) != ML_OK) {
      free(found);
      return err;
    }
    stop = found;
  }
  if (stop == NULL)
    return ML_OK;
  const char *absolute;
  int err = ws_absolute_dir(&g->absolute, dir, &absolute);
  if (err != ML_OK || absolute == NULL)
    return err;
  /* Offsets are into an entry's path: the folder's absolute path, "/", the entry's name. */
  char *full = ws_path_join(absolute, "x");
  if (full == NULL)
    return ML_ENOMEM;
  size_t stop_length = strcmp(stop, "/") == 0 ? 0 : strlen(stop);
  if (strncmp(full, stop, stop_length) != 0 || full[stop_length] != '/') {
    free(full);
    return ML_OK;
  }
  char *exclude = ws_path_join(stop, ".git/info/exclude");
  err = exclude ? add_level(gv, g, exclude, stop_length + 1) : ML_ENOMEM;
  free(exclude);
  for (size_t at = stop_length; err == ML_OK;) {
    full[at] = '\0';
    char *file = ws_path_join(at == 0 ? "/" : full, ".gitignore");
    full[at] = '/';
    if (file == NULL) {
      err = ML_ENOMEM;
      break;
    }
    err = add_level(gv, g, file, at + 1);
    free(file);
    char *next = strchr(full + at + 1, '/');
    if (next == NULL)
      break;
    at = (size_t)(next - full);
  }
  free(full);
  if (err == ML_OK && (gv->absolute = strdup(absolute)) == NULL)
    err = ML_ENOMEM;
  return err;
}

/* The governing ignore files of folder `dir` of the walk from `root`, worked out once. */
static int governing_of(cli_gitignore *g, const char *root, const char *dir,
                        const governing **out) {
  char *key = malloc(strlen(root) + 1 + strlen(dir) + 1);
  if (key == NULL)
    return ML_ENOMEM;
  strcpy(key, root);
  strcat(key, "\n");
  strcat(key, dir);
  void *cached;
  if (ml__strmap_find(&g->governing, key, &cached)) {
    free(key);
    *out = cached;
    return ML_OK;
  }
  governing *gv = calloc(1, sizeof *gv);
  int err = gv ? build_governing(g, root, dir, gv) : ML_ENOMEM;
  if (err == ML_OK)
    err = ml__strmap_put(&g->governing, key, gv);
  free(key);
  if (err != ML_OK) {
    governing_free(gv);
    return err;
  }
  *out = gv;
  return ML_OK;
}

int cli_gitignore_ignored(cli_gitignore *g, const char *root, const char *path, bool is_dir,
                          bool *ignored) {
  *ignored = false;
  const char *slash = strrchr(path, '/');
  char *dir = slash ? strndup(path, (size_t)(slash - path + 1)) : strdup(".");
  if (dir == NULL)
    return ML_ENOMEM;
  const governing *gv;
  int err = governing_of(g, root, dir, &gv);
  free(dir);
  if (err != ML_OK || gv->absolute == NULL)
    return err;
  char *full = ws_path_join(gv->absolute, slash ? slash + 1 : path);
  if (full == NULL)
    return ML_ENOMEM;
  /* The last matching pattern wins; deeper files come later. */
  for (size_t i = 0; i < gv->count; i++) {
    const rules *r = gv->levels[i].rules;
    for (size_t k = 0; k < r->count; k++)
      if (ml_glob_match(r->items[k].pattern, full + gv->levels[i].offset, is_dir))
        *ignored = !r->items[k].negate;
  }
  free(full);
  return ML_OK;
}
