/* Project discovery for MDL111: which top-level modules a Python file's project defines
 * (workspace.h). */
#include "workspace.h"

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "modallint/error.h"

/* Files whose presence marks a project root, as packaging tools and git see it. */
static const char *const root_markers[] = {"pyproject.toml", "setup.py", "setup.cfg", ".git"};

/* Folders that hold environments or build output, never the project's own modules. */
static const char *const skipped_dirs[] = {"venv",  "node_modules", "__pycache__",
                                           "build", "dist",         "site-packages"};

/* --- folders -------------------------------------------------------------------------------- */

typedef struct listing {
  ml__vec names; /* of char *: the top-level modules a folder defines */
} listing;

typedef struct folder {
  ml_project *project; /* the modules importable from files of this folder */
  char *package;       /* the top-level package holding the folder, or NULL */
} folder;

struct ws_projects {
  pthread_mutex_t lock; /* the CLI's workers look up concurrently; projects, once built, are
                           never changed, so only the maps need guarding */
  ml__strmap listings; /* absolute folder path -> listing */
  ml__strmap folders;  /* folder path as derived from the file path -> folder */
};

static bool is_identifier(const char *name, size_t length) {
  if (length == 0 || (name[0] >= '0' && name[0] <= '9')) return false;
  for (size_t i = 0; i < length; i++) {
    unsigned char c = (unsigned char)name[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '_' || c >= 0x80))
      return false;
  }
  return true;
}

static bool join(char *out, size_t size, const char *dir, const char *name) {
  int n = snprintf(out, size, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, name);
  return n > 0 && (size_t)n < size;
}

static bool exists_in(const char *dir, const char *name) {
  char path[PATH_MAX];
  struct stat st;
  return join(path, sizeof path, dir, name) && stat(path, &st) == 0;
}

static bool is_regular_in(const char *dir, const char *name) {
  char path[PATH_MAX];
  struct stat st;
  return join(path, sizeof path, dir, name) && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool has_suffix(const char *name, const char *suffix) {
  size_t n = strlen(name), m = strlen(suffix);
  return n > m && strcmp(name + n - m, suffix) == 0;
}

/* A namespace package (PEP 420) is any folder; only one that holds Python files directly is taken
 * for one, so `docs/` or `data/` do not count. */
static bool holds_python(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return false;
  bool found = false;
  struct dirent *entry;
  while (!found && (entry = readdir(d)) != NULL)
    found = has_suffix(entry->d_name, ".py") && is_regular_in(dir, entry->d_name);
  closedir(d);
  return found;
}

static bool is_skipped(const char *name) {
  if (name[0] == '.') return true;
  for (size_t i = 0; i < sizeof skipped_dirs / sizeof skipped_dirs[0]; i++)
    if (strcmp(name, skipped_dirs[i]) == 0) return true;
  return false;
}

/* Whether a folder entry defines a module; its name is the first *length bytes of `name`. */
static bool entry_module(const char *dir, const char *name, size_t *length) {
  char path[PATH_MAX];
  struct stat st;
  if (is_skipped(name) || !join(path, sizeof path, dir, name) || stat(path, &st) != 0) return false;
  if (S_ISREG(st.st_mode)) {
    if (!has_suffix(name, ".py")) return false;
    *length = strlen(name) - 3;
    return is_identifier(name, *length) && strncmp(name, "__init__", *length) != 0;
  }
  if (!S_ISDIR(st.st_mode)) return false;
  *length = strlen(name);
  return is_identifier(name, *length) && (exists_in(path, "__init__.py") || holds_python(path));
}

static void listing_free(void *value) {
  listing *l = value;
  if (!l) return;
  for (size_t i = 0; i < l->names.count; i++) free(*(char **)ml__vec_at(&l->names, i));
  ml__vec_free(&l->names);
  free(l);
}

static int read_listing(const char *dir, listing *out) {
  DIR *d = opendir(dir);
  if (!d) return ML_OK; /* unreadable: no modules from here */
  int err = ML_OK;
  struct dirent *entry;
  while (err == ML_OK && (entry = readdir(d)) != NULL) {
    size_t length;
    if (!entry_module(dir, entry->d_name, &length)) continue;
    char *name = strndup(entry->d_name, length);
    err = name ? ml__vec_push(&out->names, &name) : ML_ENOMEM;
    if (err) free(name);
  }
  closedir(d);
  return err;
}

static int listing_of(ws_projects *projects, const char *dir, const listing **out) {
  listing *l = ml__strmap_get(&projects->listings, dir);
  if (!l) {
    l = calloc(1, sizeof *l);
    if (l) ml__vec_init(&l->names, sizeof(char *));
    int err = l ? read_listing(dir, l) : ML_ENOMEM;
    if (err == ML_OK) err = ml__strmap_put(&projects->listings, dir, l);
    if (err != ML_OK) {
      listing_free(l);
      return err;
    }
  }
  *out = l;
  return ML_OK;
}

/* Cuts the last component off an absolute path in place; false at "/". */
static bool to_parent(char *path) {
  char *slash = strrchr(path, '/');
  if (!slash || (slash == path && path[1] == '\0')) return false;
  if (slash == path) slash[1] = '\0';
  else *slash = '\0';
  return true;
}

static int add_modules_of(ws_projects *projects, ml_project *project, const char *dir) {
  const listing *l;
  int err = listing_of(projects, dir, &l);
  for (size_t i = 0; err == ML_OK && i < l->names.count; i++) {
    err = ml_project_add_module(project, *(char **)ml__vec_at(&l->names, i));
    if (err == ML_EINVAL) err = ML_OK; /* not a name Python can import */
  }
  return err;
}

/* Builds the folder record of `absolute` (an absolute folder path). */
static int build_folder(ws_projects *projects, const char *absolute, folder *f) {
  char top[PATH_MAX], root[PATH_MAX], src[PATH_MAX];
  int err = ml_project_new(&f->project);
  if (err != ML_OK) return err;
  err = add_modules_of(projects, f->project, absolute);

  /* The top-level package holding the folder, and the folder that holds it. */
  snprintf(top, sizeof top, "%s", absolute);
  if (err == ML_OK && exists_in(absolute, "__init__.py")) {
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", top);
    while (to_parent(parent) && exists_in(parent, "__init__.py")) snprintf(top, sizeof top, "%s", parent);
    const char *name = strrchr(top, '/');
    f->package = strdup(name ? name + 1 : top);
    if (!f->package) err = ML_ENOMEM;
    snprintf(parent, sizeof parent, "%s", top);
    if (err == ML_OK && to_parent(parent)) err = add_modules_of(projects, f->project, parent);
  }

  snprintf(root, sizeof root, "%s", absolute);
  bool found = false;
  do {
    for (size_t i = 0; !found && i < sizeof root_markers / sizeof root_markers[0]; i++)
      found = exists_in(root, root_markers[i]);
  } while (!found && to_parent(root));
  if (err == ML_OK && found) {
    err = add_modules_of(projects, f->project, root);
    if (err == ML_OK && join(src, sizeof src, root, "src") && exists_in(root, "src"))
      err = add_modules_of(projects, f->project, src);
  }
  return err;
}

static void folder_free(void *value) {
  folder *f = value;
  if (!f) return;
  ml_project_free(f->project);
  free(f->package);
  free(f);
}

int ws_projects_new(ws_projects **out) {
  ws_projects *projects = calloc(1, sizeof *projects);
  if (!projects) return ML_ENOMEM;
  if (pthread_mutex_init(&projects->lock, NULL) != 0) {
    free(projects);
    return ML_ENOMEM;
  }
  *out = projects;
  return ML_OK;
}

void ws_projects_free(ws_projects *projects) {
  if (!projects) return;
  ml__strmap_free(&projects->listings, listing_free);
  ml__strmap_free(&projects->folders, folder_free);
  pthread_mutex_destroy(&projects->lock);
  free(projects);
}

static int lookup_locked(ws_projects *projects, const char *path, const ml_project **project,
                         char *module, size_t module_size) {
  const char *slash = strrchr(path, '/');
  char dir[PATH_MAX];
  if (!slash) snprintf(dir, sizeof dir, ".");
  else if (slash == path) snprintf(dir, sizeof dir, "/");
  else snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);

  folder *f = ml__strmap_get(&projects->folders, dir);
  if (!f) {
    f = calloc(1, sizeof *f);
    char absolute[PATH_MAX];
    int err = f ? ML_OK : ML_ENOMEM;
    if (err == ML_OK && realpath(dir, absolute) != NULL) err = build_folder(projects, absolute, f);
    else if (err == ML_OK) err = ml_project_new(&f->project); /* no such folder: no modules */
    if (err == ML_OK) err = ml__strmap_put(&projects->folders, dir, f);
    if (err != ML_OK) {
      folder_free(f);
      return err;
    }
  }
  *project = f->project;
  const char *base = slash ? slash + 1 : path;
  size_t length = strlen(base);
  if (has_suffix(base, ".pyi")) length -= 4;
  else if (has_suffix(base, ".py")) length -= 3;
  snprintf(module, module_size, "%.*s", f->package ? (int)strlen(f->package) : (int)length,
           f->package ? f->package : base);
  return ML_OK;
}

int ws_projects_lookup(ws_projects *projects, const char *path, const ml_project **project,
                        char *module, size_t module_size) {
  pthread_mutex_lock(&projects->lock);
  int err = lookup_locked(projects, path, project, module, module_size);
  pthread_mutex_unlock(&projects->lock);
  return err;
}
