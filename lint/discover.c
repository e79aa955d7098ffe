/* File discovery: explicit paths, then a sorted recursive walk of directories. */
#include "discover.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "modallint/error.h"

#include "messages.h"
#include "notebook.h"

/* Directories that hold tooling, environments or build output rather than the user's code. */
static const char *const skipped_dirs[] = {".git",        "venv",  ".venv", "node_modules",
                                           "__pycache__", "build", "dist"};

static bool is_skipped(const char *name) {
  for (size_t i = 0; i < sizeof skipped_dirs / sizeof skipped_dirs[0]; i++)
    if (strcmp(name, skipped_dirs[i]) == 0)
      return true;
  return false;
}

/* Whether a walk lints the file at `path`: Python, or a text kind that may run `modal`. */
static bool is_lintable(const char *path) {
  ml_file_kind kind;
  return ml_file_kind_for_path(path, &kind) || cli_notebook_path(path);
}

/* Takes ownership of `path` (freed on failure too). */
static int push(cli_input_list *list, char *path, bool is_stdin) {
  if (list->count == list->capacity) {
    size_t capacity = list->capacity ? list->capacity * 2 : 16;
    cli_input *items = realloc(list->items, capacity * sizeof *items);
    if (items == NULL) {
      free(path);
      return ML_ENOMEM;
    }
    list->items = items;
    list->capacity = capacity;
  }
  list->items[list->count].path = path;
  list->items[list->count].is_stdin = is_stdin;
  list->items[list->count].options = NULL;
  ml_file_kind_for_path(is_stdin ? "" : path, &list->items[list->count].kind);
  list->count++;
  return ML_OK;
}

/* "dir" + "name", without doubling a slash and without the "./" a default "." would add. */
static char *join(const char *dir, const char *name) {
  size_t dlen = strlen(dir);
  if (strcmp(dir, ".") == 0)
    dlen = 0;
  bool slash = dlen > 0 && dir[dlen - 1] != '/';
  size_t nlen = strlen(name);
  char *out = malloc(dlen + slash + nlen + 1);
  if (out == NULL)
    return NULL;
  memcpy(out, dir, dlen);
  if (slash)
    out[dlen] = '/';
  memcpy(out + dlen + slash, name, nlen + 1);
  return out;
}

/* A directory entry: its name and the type the directory listing gave (DT_UNKNOWN on file
 * systems that do not say), which spares an lstat per file. */
typedef struct entry {
  char *name;
  unsigned char type;
} entry;

static int compare_names(const void *a, const void *b) {
  return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static void free_names(entry *names, size_t count) {
  for (size_t i = 0; i < count; i++)
    free(names[i].name);
  free(names);
}

/* Reads the entries of `path` (without "." and ".."), sorted so output never depends on the file
 * system's order. */
static int read_names(const char *path, entry **out, size_t *out_count, size_t *failures) {
  *out = NULL;
  *out_count = 0;
  DIR *dir = opendir(path);
  if (dir == NULL) {
    cli_error("%s: %s", path, strerror(errno));
    (*failures)++;
    return ML_OK;
  }
  entry *names = NULL;
  size_t count = 0, capacity = 0;
  int err = ML_OK;
  struct dirent *found;
  errno = 0;
  while ((found = readdir(dir)) != NULL) {
    if (strcmp(found->d_name, ".") == 0 || strcmp(found->d_name, "..") == 0)
      continue;
    if (count == capacity) {
      capacity = capacity ? capacity * 2 : 32;
      entry *grown = realloc(names, capacity * sizeof *grown);
      if (grown == NULL) {
        err = ML_ENOMEM;
        break;
      }
      names = grown;
    }
    names[count].type = found->d_type;
    names[count].name = strdup(found->d_name);
    if (names[count].name == NULL) {
      err = ML_ENOMEM;
      break;
    }
    count++;
    errno = 0;
  }
  if (err == ML_OK && errno != 0) {
    cli_error("%s: %s", path, strerror(errno));
    (*failures)++;
  }
  closedir(dir);
  if (err != ML_OK) {
    free_names(names, count);
    return err;
  }
  if (count > 0)
    qsort(names, count, sizeof *names, compare_names);
  *out = names;
  *out_count = count;
  return ML_OK;
}

/* Whether the walk of `root` skips the entry `path`; a filter failure ends the walk. */
static int skipped(const cli_walk_filter *filter, const char *root, const char *path,
                   const char *name, bool is_dir, bool *skip) {
  if (filter == NULL) {
    *skip = is_dir && is_skipped(name);
    return ML_OK;
  }
  return filter->skip(filter->context, root, path, is_dir, skip);
}

/* The file type of `child` (an S_IF* value): from the listing when it says, else from lstat;
 * false (reported) when lstat fails. */
static bool type_of(const entry *e, const char *child, mode_t *mode, size_t *failures) {
  switch (e->type) {
    case DT_REG: *mode = S_IFREG; return true;
    case DT_DIR: *mode = S_IFDIR; return true;
    case DT_LNK: *mode = S_IFLNK; return true;
    default: break;
  }
  struct stat st;
  if (lstat(child, &st) != 0) {
    cli_error("%s: %s", child, strerror(errno));
    (*failures)++;
    return false;
  }
  *mode = st.st_mode & S_IFMT;
  return true;
}

static int walk(const char *root, const char *path, const cli_walk_filter *filter,
                cli_input_list *list, size_t *failures) {
  entry *names;
  size_t count;
  int err = read_names(path, &names, &count, failures);
  if (err != ML_OK)
    return err;
  for (size_t i = 0; i < count && err == ML_OK; i++) {
    char *child = join(path, names[i].name);
    if (child == NULL) {
      err = ML_ENOMEM;
      break;
    }
    mode_t mode;
    if (!type_of(&names[i], child, &mode, failures)) {
      free(child);
      continue;
    }
    /* A regular file that is not lintable needs no exclusion check. */
    if (S_ISREG(mode) && !is_lintable(child)) {
      free(child);
      continue;
    }
    bool skip = false;
    err = skipped(filter, root, child, names[i].name, S_ISDIR(mode), &skip);
    if (err != ML_OK || skip) {
      free(child);
    } else if (S_ISDIR(mode)) {
      err = walk(root, child, filter, list, failures);
      free(child);
    } else if (S_ISLNK(mode)) {
      /* A link to a file to lint is linted; a link to a directory is not followed, which is what
       * keeps a link back to an ancestor from looping. A dangling link is not an error (it may
       * name a file not generated yet); a loop of links is, as nobody means one. */
      bool lintable = is_lintable(child);
      struct stat st;
      int linked = lintable ? stat(child, &st) : -1;
      if (lintable && linked == 0 && S_ISREG(st.st_mode)) {
        err = push(list, child, false);
      } else if (lintable && linked != 0 && errno == ELOOP) {
        cli_error("%s: %s", child, strerror(errno));
        (*failures)++;
        free(child);
      } else {
        free(child);
      }
    } else if (S_ISREG(mode)) {
      err = push(list, child, false);
    } else {
      free(child);
    }
  }
  free_names(names, count);
  return err;
}

void cli_input_list_free(cli_input_list *list) {
  for (size_t i = 0; i < list->count; i++)
    free(list->items[i].path);
  free(list->items);
  list->items = NULL;
  list->count = list->capacity = 0;
}

int cli_discover(const char *const *paths, size_t count, cli_input_list *out, size_t *failures) {
  return cli_discover_filtered(paths, count, NULL, out, failures);
}

int cli_discover_filtered(const char *const *paths, size_t count, const cli_walk_filter *filter,
                          cli_input_list *out, size_t *failures) {
  static const char *const default_paths[] = {"."};
  if (count == 0) {
    paths = default_paths;
    count = 1;
  }
  for (size_t i = 0; i < count; i++) {
    int err = ML_OK;
    if (strcmp(paths[i], "-") == 0) {
      char *copy = strdup("-");
      err = copy ? push(out, copy, true) : ML_ENOMEM;
    } else {
      struct stat st;
      if (stat(paths[i], &st) != 0) {
        cli_error("%s: %s", paths[i], strerror(errno));
        (*failures)++;
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        err = walk(paths[i], paths[i], filter, out, failures);
      } else {
        char *copy = strdup(paths[i]);
        err = copy ? push(out, copy, false) : ML_ENOMEM;
      }
    }
    if (err != ML_OK)
      return err;
  }
  return ML_OK;
}
