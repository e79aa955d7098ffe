/* Building the project index (workspace.h): records, folders and roots, following imports, and
 * the index built once and frozen. index_update.c keeps one up to date instead. Touches only the
 * file system and the library's index; prints nothing. */
#include "index_internal.h"

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "modallint/error.h"
#include "modallint/index.h"
#include "modallint/lint.h"

/* Files whose presence marks a project root (as projects.c sees it). */
static const char *const root_markers[] = {"pyproject.toml", "setup.py", "setup.cfg", ".git"};

typedef ws__root root;
typedef ws__folder folder;
typedef ws__record record;

/* --- folders and roots ---------------------------------------------------------------------- */

static bool has_suffix(const char *name, const char *suffix) {
  size_t n = strlen(name), m = strlen(suffix);
  return n > m && strcmp(name + n - m, suffix) == 0;
}

/* Writes the concatenation of the NULL-terminated `parts` to `out`; false when it does not fit.
 * (This runs for every import of every file: snprintf was a tenth of a monorepo run.) */
static bool concat(char *out, size_t size, const char *const *parts) {
  size_t used = 0;
  for (; *parts; parts++) {
    size_t n = strlen(*parts);
    if (used + n >= size) return false;
    memcpy(out + used, *parts, n);
    used += n;
  }
  out[used] = '\0';
  return true;
}

typedef struct listing {
  ml__vec names; /* of char *, sorted */
} listing;

static void listing_free(void *value) {
  listing *l = value;
  if (!l) return;
  for (size_t i = 0; i < l->names.count; i++) free(*(char **)ml__vec_at(&l->names, i));
  ml__vec_free(&l->names);
  free(l);
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of `dir`, read once; an unreadable folder lists nothing. NULL when out of memory. */
static listing *listing_of(ws_index *ix, const char *dir) {
  listing *l = ml__strmap_get(&ix->listings, dir);
  if (l) return l;
  if (!(l = calloc(1, sizeof *l))) return NULL;
  ml__vec_init(&l->names, sizeof(char *));
  DIR *d = opendir(dir);
  bool failed = false;
  for (struct dirent *entry; d && !failed && (entry = readdir(d)) != NULL;) {
    if (entry->d_name[0] == '.' && strcmp(entry->d_name, ".git") != 0) continue;
    char *name = strdup(entry->d_name);
    failed = !name || ml__vec_push(&l->names, &name) != ML_OK;
    if (failed) free(name);
  }
  if (d) closedir(d);
  if (l->names.count) qsort(l->names.data, l->names.count, sizeof(char *), compare_names);
  if (failed || ml__strmap_put(&ix->listings, dir, l) != ML_OK) {
    listing_free(l);
    return NULL;
  }
  return l;
}

/* Whether `dir` has an entry `name` (of any type). Out of memory counts as no. */
static bool exists_in(ws_index *ix, const char *dir, const char *name) {
  const listing *l = listing_of(ix, dir);
  const char *key = name;
  return l && l->names.count &&
         bsearch(&key, l->names.data, l->names.count, sizeof(char *), compare_names);
}

/* Cuts the last component off an absolute path in place; false at "/". */
static bool to_parent(char *path) {
  char *slash = strrchr(path, '/');
  if (!slash || (slash == path && path[1] == '\0')) return false;
  if (slash == path) slash[1] = '\0';
  else *slash = '\0';
  return true;
}

static bool is_marked_root(ws_index *ix, const char *dir) {
  for (size_t i = 0; i < sizeof root_markers / sizeof root_markers[0]; i++)
    if (exists_in(ix, dir, root_markers[i])) return true;
  return false;
}

static void root_free(void *value) {
  root *r = value;
  if (!r) return;
  free(r->path);
  ml_index_free(r->index);
  ml__strmap_free(&r->modules, NULL);
  ml__strmap_free(&r->missing, NULL);
  free(r);
}

static void folder_free(void *value) {
  folder *f = value;
  if (!f) return;
  free(f->key);
  for (size_t i = 0; i < 4; i++) free(f->prefixes[i]);
  free(f);
}

static int root_of(ws_index *ix, const char *path, root **out) {
  root *r = ml__strmap_get(&ix->roots, path);
  if (!r) {
    r = calloc(1, sizeof *r);
    int err = r && (r->path = strdup(path)) ? ml_index_new(&r->index) : ML_ENOMEM;
    if (!err) err = ml__strmap_put(&ix->roots, path, r);
    if (err) {
      root_free(r);
      return err;
    }
  }
  *out = r;
  return ML_OK;
}

/* The dotted key of `dir` below `top` ("" when equal); NULL (no error) when `dir` is not below it
 * or a folder name holds a dot. */
static char *relative_key(const char *top, const char *dir) {
  size_t n = strlen(top);
  if (strcmp(top, "/") == 0) n = 0;
  if (strncmp(top, dir, n) != 0 || (dir[n] != '\0' && dir[n] != '/')) return NULL;
  const char *rest = dir[n] == '/' ? dir + n + 1 : dir + n;
  if (strchr(rest, '.')) return NULL;
  char *key = strdup(rest);
  for (char *p = key; p && *p; p++)
    if (*p == '/') *p = '.';
  return key ? key : NULL;
}

static int add_prefix(folder *f, const char *prefix) {
  size_t n = 0;
  for (; f->prefixes[n]; n++)
    if (strcmp(f->prefixes[n], prefix) == 0) return ML_OK;
  return (f->prefixes[n] = strdup(prefix)) ? ML_OK : ML_ENOMEM;
}

/* Builds the record of `absolute`: its root (marker, else the folder above its top-level
 * package), its key and its import prefixes. */
static int build_folder(ws_index *ix, const char *absolute, folder *f) {
  char base[PATH_MAX], top[PATH_MAX];
  snprintf(base, sizeof base, "%s", absolute);
  /* The folder holding the top-level package (or the folder itself): sys.path[0] for a script. */
  while (exists_in(ix, base, "__init__.py")) {
    snprintf(top, sizeof top, "%s", base);
    if (!to_parent(top)) break;
    snprintf(base, sizeof base, "%s", top);
  }
  snprintf(top, sizeof top, "%s", absolute);
  bool marked = false;
  do marked = is_marked_root(ix, top);
  while (!marked && to_parent(top));
  /* A marker below the package's folder (odd) or none: the package's folder is the root. */
  if (!marked || strncmp(base, top, strlen(strcmp(top, "/") == 0 ? "" : top)) != 0)
    snprintf(top, sizeof top, "%s", base);
  int err = root_of(ix, top, &f->root);
  if (err) return err;
  f->key = relative_key(top, absolute);
  char *base_key = relative_key(top, base);
  if (!f->key || !base_key) {
    free(base_key);
    f->root = NULL; /* not importable by a dotted name */
    return ML_OK;
  }
  err = add_prefix(f, base_key);
  free(base_key);
  if (!err) err = add_prefix(f, "");
  if (!err) err = add_prefix(f, "src");
  return err;
}

static int folder_of(ws_index *ix, const char *path, folder **out) {
  const char *slash = strrchr(path, '/');
  char dir[PATH_MAX], absolute[PATH_MAX];
  size_t dir_length = !slash ? 0 : slash == path ? 1 : (size_t)(slash - path);
  if (dir_length >= sizeof dir) dir_length = sizeof dir - 1; /* cannot be opened anyway */
  if (!slash) {
    strcpy(dir, ".");
  } else {
    memcpy(dir, path, dir_length);
    dir[dir_length] = '\0';
  }
  folder *f = ml__strmap_get(&ix->folders, dir);
  if (f) {
    *out = f;
    return ML_OK;
  }
  f = calloc(1, sizeof *f);
  if (!f) return ML_ENOMEM;
  /* An absolute, clean path is used as it is (realpath costs a readlink per component, per
   * folder); keys only need to be derived the same way for every file. */
  bool clean = dir[0] == '/' && !strstr(dir, "/./") && !strstr(dir, "/../") && !strstr(dir, "//") &&
               !has_suffix(dir, "/.") && !has_suffix(dir, "/..");
  if (clean) snprintf(absolute, sizeof absolute, "%s", dir);
  int err = clean || realpath(dir, absolute) ? build_folder(ix, absolute, f) : ML_OK;
  if (!err) err = ml__strmap_put(&ix->folders, dir, f);
  if (err) {
    folder_free(f);
    return err;
  }
  *out = f;
  return ML_OK;
}

/* --- records -------------------------------------------------------------------------------- */

static int key_of(const folder *f, const char *path, char **key, bool *is_package) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t stem = strlen(base) - (has_suffix(base, ".pyi") ? 4 : 3);
  *key = NULL;
  *is_package = stem == 8 && strncmp(base, "__init__", 8) == 0;
  if (!f->root || memchr(base, '.', stem)) return ML_OK;
  char text[WS_MAX_KEY], name[WS_MAX_KEY];
  if (stem >= sizeof name) return ML_OK;
  memcpy(name, base, stem);
  name[stem] = '\0';
  bool fits = *is_package ? concat(text, sizeof text, (const char *const[]){f->key, NULL})
                          : concat(text, sizeof text,
                                   (const char *const[]){f->key, f->key[0] ? "." : "", name, NULL});
  if (!fits || text[0] == '\0') return ML_OK;
  return (*key = strdup(text)) ? ML_OK : ML_ENOMEM;
}

int ws__add_record(ws_index *ix, const char *path, bool input, size_t *at) {
  void *known = ml__strmap_get(&ix->by_path, path);
  if (known) {
    *at = (size_t)(uintptr_t)known - 1;
    ws__records(ix)[*at].input |= input;
    return ML_OK;
  }
  size_t count = ix->records.count;
  if (ml__vec_reserve(&ix->records, count + 1) != ML_OK) return ML_ENOMEM;
  record *r = &ws__records(ix)[count];
  memset(r, 0, sizeof *r);
  ml__vec_init(&r->targets, sizeof(size_t));
  r->input = input;
  if (!(r->path = strdup(path))) return ML_ENOMEM;
  int err = folder_of(ix, path, &r->folder);
  if (!err) err = key_of(r->folder, path, &r->key, &r->is_package);
  if (!err) err = ml__strmap_put(&ix->by_path, path, (void *)(uintptr_t)(count + 1));
  ml__strmap *modules = r->key ? &r->folder->root->modules : NULL;
  if (!err && modules && !ml__strmap_get(modules, r->key))
    err = ml__strmap_put(modules, r->key, (void *)(uintptr_t)(count + 1));
  if (err) {
    ml__strmap_remove(&ix->by_path, path, NULL);
    free(r->path);
    free(r->key);
    return err;
  }
  *at = ix->records.count++;
  return ML_OK;
}

/* --- following imports ------------------------------------------------------------------------ */

typedef struct follow {
  ws_index *ix;
  size_t from;        /* the record whose imports are followed */
  ml_file_info info;  /* its key and prefixes, for ml_import_key */
  int err;
} follow;

static int add_target(follow *fw, size_t target) {
  ml__vec *targets = &ws__records(fw->ix)[fw->from].targets;
  for (size_t i = 0; i < targets->count; i++)
    if (((size_t *)targets->data)[i] == target) return ML_OK;
  return ml__vec_push(targets, &target);
}

/* The record of module `key` in the root of the importing file: an input, or a file on disk found
 * now (and recorded). False when there is no such module file. */
static bool find_module(follow *fw, const char *key, size_t *at) {
  ws_index *ix = fw->ix;
  root *rt = ws__records(ix)[fw->from].folder->root;
  void *known = ml__strmap_get(&rt->modules, key);
  if (known) {
    *at = (size_t)(uintptr_t)known - 1;
    return true;
  }
  if (ml__strmap_get(&rt->missing, key)) return false;
  /* Walk the key's folders through the listings: most guesses (`import os` in a project) fail at
   * the first component without a system call. */
  char dir[PATH_MAX], path[PATH_MAX];
  if (!concat(dir, sizeof dir, (const char *const[]){strcmp(rt->path, "/") == 0 ? "" : rt->path, NULL}))
    return false;
  const char *component = key;
  bool found = false;
  for (;;) {
    const char *dot = strchr(component, '.');
    size_t length = dot ? (size_t)(dot - component) : strlen(component);
    char name[WS_MAX_KEY];
    if (length >= sizeof name) break;
    memcpy(name, component, length);
    name[length] = '\0';
    const char *in = dir[0] ? dir : "/";
    if (!dot) {
      char file[WS_MAX_KEY + 3];
      if (!concat(file, sizeof file, (const char *const[]){name, ".py", NULL})) break;
      if (exists_in(ix, in, file)) {
        found = concat(path, sizeof path, (const char *const[]){dir, "/", file, NULL});
      } else if (exists_in(ix, in, name)) {
        found = concat(path, sizeof path, (const char *const[]){dir, "/", name, NULL}) &&
                exists_in(ix, path, "__init__.py") &&
                concat(path + strlen(path), sizeof path - strlen(path),
                       (const char *const[]){"/__init__.py", NULL});
      }
      break;
    }
    if (!exists_in(ix, in, name)) break;
    size_t used = strlen(dir);
    if (!concat(dir + used, sizeof dir - used, (const char *const[]){"/", name, NULL})) break;
    component = dot + 1;
  }
  if (found) {
    if ((fw->err = ws__add_record(ix, path, false, at))) return false;
    /* The new record's key may be spelt differently (a symlinked root): remember this one too. */
    if ((fw->err = ml__strmap_put(&rt->modules, key, (void *)(uintptr_t)(*at + 1)))) return false;
    return true;
  }
  fw->err = ml__strmap_put(&rt->missing, key, (void *)1);
  return false;
}

static bool follow_import(const ml_import_ref *ref, void *data) {
  follow *fw = data;
  bool named = ref->name_length > 0 && !(ref->name_length == 1 && ref->name[0] == '*');
  char key[WS_MAX_KEY];
  /* Python takes the first place on sys.path that has the module. */
  for (size_t candidate = 0; ml_import_key(&fw->info, ref, false, candidate, key, sizeof key);
       candidate++) {
    size_t at;
    if (!find_module(fw, key, &at)) {
      if (fw->err) return false;
      continue;
    }
    if ((fw->err = add_target(fw, at))) return false;
    /* `from pkg import common` may name the submodule pkg.common (only a package has any). */
    char sub[WS_MAX_KEY];
    if (named && ws__records(fw->ix)[at].is_package &&
        ml_import_key(&fw->info, ref, true, candidate, sub, sizeof sub) &&
        find_module(fw, sub, &at) && (fw->err = add_target(fw, at)))
      return false;
    return !fw->err;
  }
  return !fw->err;
}

/* Reads record `r`: whether it mentions or imports modal, and its imports as text (following them
 * needs the shared maps, so it is done afterwards, on one thread). Touches only `r`. An unreadable
 * file is left alone: whoever asked about it reports it. */
static int read_record(record *r) {
  ws_file_data data;
  /* Only regular files: reading a FIFO here would take what the lint itself must read. */
  if (ws_read_regular_file(r->path, WS__INDEX_MAX_FILE_BYTES, &data) != ML_OK) return ML_OK;
  r->modal = ml_mentions_modal(data.bytes, data.length);
  const unsigned char *b = (const unsigned char *)data.bytes;
  bool utf16 = data.length >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
  r->plain = !r->modal && !utf16;
  if (r->folder->root &&
      ws_scan_imports(data.bytes, data.length, false, &r->imports, &r->imports_length,
                      &r->imports_modal) != ML_OK) {
    ws_file_data_free(&data);
    return ML_ENOMEM;
  }
  if (r->imports_modal && r->key) {
    r->bytes = data.bytes;
    r->length = data.length;
    data.bytes = NULL;
  }
  ws_file_data_free(&data);
  return ML_OK;
}

int ws__follow_record(ws_index *ix, size_t at) {
  record *r = &ws__records(ix)[at];
  char *text = r->imports;
  size_t length = r->imports_length;
  r->imports = NULL;
  if (!text) return ML_OK;
  const char *prefixes[4];
  size_t n = 0;
  for (; r->folder->prefixes[n]; n++) prefixes[n] = r->folder->prefixes[n];
  prefixes[n] = NULL;
  follow fw = {ix, at, {0}, ML_OK};
  fw.info.module_name = r->key;
  fw.info.is_package = r->is_package;
  fw.info.import_prefixes = prefixes;
  ml_import_ref ref;
  for (const char *line = text; !fw.err && ws_next_import(&line, text + length, &ref);)
    if (!follow_import(&ref, &fw)) break;
  free(text);
  return fw.err;
}

int ws__follow_from(ws_index *ix, size_t first) {
  int err = ML_OK;
  for (size_t i = first; !err && i < ix->records.count; i++) {
    err = read_record(&ws__records(ix)[i]);
    if (!err) err = ws__follow_record(ix, i);
  }
  return err;
}

/* Reading the files is most of the cost of building a frozen index: it is spread over threads
 * like a lint. Each thread claims records by number and touches only those. */
typedef struct reader_pool {
  record *records;
  size_t count;
  size_t next;
  int err;
  pthread_mutex_t lock;
} reader_pool;

static void *reader_main(void *arg) {
  reader_pool *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    size_t at = p->next < p->count && !p->err ? p->next++ : p->count;
    pthread_mutex_unlock(&p->lock);
    if (at == p->count) return NULL;
    int err = read_record(&p->records[at]);
    if (err) {
      pthread_mutex_lock(&p->lock);
      p->err = err;
      pthread_mutex_unlock(&p->lock);
    }
  }
}

static int read_inputs(ws_index *ix, unsigned jobs) {
  reader_pool p = {ws__records(ix), ix->records.count, 0, ML_OK, PTHREAD_MUTEX_INITIALIZER};
  pthread_t threads[16];
  unsigned started = 0;
  if (jobs > 16) jobs = 16;
  if (jobs > p.count) jobs = (unsigned)p.count;
  for (; jobs > 1 && started < jobs; started++)
    if (pthread_create(&threads[started], NULL, reader_main, &p) != 0) break;
  reader_main(&p); /* this thread reads too, and alone when threads could not start */
  for (unsigned i = 0; i < started; i++) pthread_join(threads[i], NULL);
  pthread_mutex_destroy(&p.lock);
  return p.err;
}

static size_t target(const record *r, size_t k) { return ((const size_t *)r->targets.data)[k]; }

/* Relevant: imports modal, or imports a relevant module. Chains are short; this iterates until
 * nothing changes. */
void ws__propagate(ws_index *ix) {
  record *records = ws__records(ix);
  for (size_t i = 0; i < ix->records.count; i++) {
    record *r = &records[i];
    r->relevant = r->imports_modal;
    for (size_t k = 0; k < r->targets.count; k++)
      if (target(r, k) != i) records[target(r, k)].imported = true;
  }
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t i = 0; i < ix->records.count; i++) {
      record *r = &records[i];
      for (size_t k = 0; !r->relevant && k < r->targets.count; k++)
        if (records[target(r, k)].relevant) r->relevant = changed = true;
    }
  }
}

static bool imports_relevant(const ws_index *ix, const record *r) {
  const record *records = ws__records(ix);
  for (size_t k = 0; k < r->targets.count; k++)
    if (&records[target(r, k)] != r && records[target(r, k)].relevant) return true;
  return false;
}

/* A module that neither is imported by a first-party module nor imports a relevant one plays no
 * part in any cross-module question (exports asked for, importers of a renamed name): indexing it
 * would only parse and walk it a second time, and the lint reads it anyway. An app importing only
 * `os` and `json` (first-party in a checkout of the standard library) is such a module. */
bool ws__wanted_from_disk(const ws_index *ix, const record *r) {
  return r->relevant && (r->imported || imports_relevant(ix, r)) && r->key && r->folder->root;
}

int ws__index_relevant(ws_index *ix) {
  for (size_t i = 0; i < ix->records.count; i++) {
    record *r = &ws__records(ix)[i];
    bool wanted = !r->text_set && ws__wanted_from_disk(ix, r) &&
                  !ml_index_has_module(r->folder->root->index, r->key);
    if (wanted) {
      ws_file_data data = {0};
      const char *bytes = r->bytes;
      size_t length = r->length;
      /* A re-exporter that never imports modal was not kept: read again (rare). */
      if (!bytes && ws_read_regular_file(r->path, WS__INDEX_MAX_FILE_BYTES, &data) == ML_OK) {
        bytes = data.bytes;
        length = data.length;
      }
      int err = bytes ? ml_index_add_module(r->folder->root->index, r->key, r->is_package, bytes,
                                            length)
                      : ML_OK;
      ws_file_data_free(&data);
      if (err == ML_ENOMEM) return err;
    }
    free(r->bytes);
    r->bytes = NULL;
  }
  return ML_OK;
}

/* --- the index built once and frozen ------------------------------------------------------------ */

void ws_index_free(ws_index *ix) {
  if (!ix) return;
  for (size_t i = 0; i < ix->records.count; i++) {
    record *r = &ws__records(ix)[i];
    free(r->path);
    free(r->key);
    free(r->bytes);
    ml__vec_free(&r->targets);
    free(r->imports);
  }
  ml__vec_free(&ix->records);
  ml__strmap_free(&ix->roots, root_free);
  ml__strmap_free(&ix->folders, folder_free);
  ml__strmap_free(&ix->by_path, NULL);
  ml__strmap_free(&ix->listings, listing_free);
  free(ix);
}

bool ws__is_python_name(const char *path) {
  return has_suffix(path, ".py") || has_suffix(path, ".pyi");
}

/* Reads the records added so far (the files asked about), follows their imports, and indexes
 * what is relevant. */
static int build(ws_index *ix, unsigned jobs) {
  if (jobs == 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = cpus > 0 ? (unsigned)cpus : 1;
  }
  int err = read_inputs(ix, jobs);
  /* Records added while following imports are read and followed too: the array is the work
   * list. */
  size_t read_count = ix->records.count;
  for (size_t i = 0; !err && i < ix->records.count; i++) {
    if (i >= read_count) err = read_record(&ws__records(ix)[i]);
    if (!err) err = ws__follow_record(ix, i);
  }
  if (!err) {
    ws__propagate(ix);
    err = ws__index_relevant(ix);
  }
  /* Resolved now, so concurrent lints share an index nobody changes. */
  const char *path;
  void *value;
  for (size_t pos = 0; !err && ml__strmap_next(&ix->roots, &pos, &path, &value);) {
    root *rt = value;
    if (ml_index_module_count(rt->index) > 0 && ml_index_freeze(rt->index) == ML_ENOMEM)
      err = ML_ENOMEM;
  }
  return err;
}

int ws__index_new(const char *const *paths, size_t count, ws_index **out) {
  ws_index *ix = calloc(1, sizeof *ix);
  if (!ix) return ML_ENOMEM;
  ml__vec_init(&ix->records, sizeof(record));
  int err = ML_OK;
  for (size_t i = 0; !err && i < count; i++) {
    size_t at;
    if (ws__is_python_name(paths[i])) err = ws__add_record(ix, paths[i], true, &at);
  }
  if (err) {
    ws_index_free(ix);
    return err;
  }
  *out = ix;
  return ML_OK;
}

int ws_index_build(const char *const *paths, size_t count, unsigned jobs, ws_index **out) {
  ws_index *ix = NULL;
  int err = ws__index_new(paths, count, &ix);
  if (!err) err = build(ix, jobs);
  if (err) {
    if (ix) ws_index_free(ix);
    return err;
  }
  *out = ix;
  return ML_OK;
}

bool ws__record_at(const ws_index *ix, const char *path, size_t *at) {
  void *known = ix ? ml__strmap_get(&ix->by_path, path) : NULL;
  if (known) *at = (size_t)(uintptr_t)known - 1;
  return known != NULL;
}

static const record *record_of(const ws_index *ix, const char *path) {
  size_t at;
  return ws__record_at(ix, path, &at) ? &ws__records(ix)[at] : NULL;
}

bool ws_index_skips(const ws_index *ix, const char *path) {
  const record *r = record_of(ix, path);
  return r && r->input && r->plain && !r->relevant;
}

bool ws_index_needs_lint(const ws_index *ix, const char *path) {
  const record *r = record_of(ix, path);
  return r && r->relevant && r->folder->root && ml_index_module_count(r->folder->root->index) > 0;
}

void ws_index_describe(const ws_index *ix, const char *path, ml_file_info *info) {
  const record *r = record_of(ix, path);
  if (!r || !r->folder->root || ml_index_module_count(r->folder->root->index) == 0) return;
  info->index = r->folder->root->index;
  info->module_name = r->key;
  info->is_package = r->is_package;
  info->import_prefixes = (const char *const *)r->folder->prefixes;
}
