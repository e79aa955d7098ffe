/* Building the run's project index: see project_index.h. Touches only the file system and the
 * library's index; prints nothing. */
#include "project_index.h"

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
#include "modallint/source.h"

#include "read_file.h"

/* Files whose presence marks a project root (as project_discovery.c sees it). */
static const char *const root_markers[] = {"pyproject.toml", "setup.py", "setup.cfg", ".git"};

/* Longest key or import candidate followed. */
#define MAX_KEY 512
/* A module bigger than the front ends check by default is not indexed either: its exports stay
 * unknown rather than one generated file costing gigabytes to parse. */
#define INDEX_MAX_FILE_BYTES ML_DEFAULT_MAX_FILE_BYTES

/* --- a string-keyed hash map ---------------------------------------------------------------- */

typedef struct slot {
  char *key; /* owned; NULL: empty */
  void *value;
} slot;

typedef struct map {
  slot *slots;
  size_t capacity; /* a power of two */
  size_t count;
} map;

static uint64_t hash(const char *key) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (const unsigned char *p = (const unsigned char *)key; *p; p++) h = (h ^ *p) * 1099511628211ULL;
  return h;
}

static slot *map_find(const map *m, const char *key) {
  if (m->capacity == 0) return NULL;
  for (size_t i = hash(key) & (m->capacity - 1);; i = (i + 1) & (m->capacity - 1))
    if (!m->slots[i].key || strcmp(m->slots[i].key, key) == 0) return &m->slots[i];
}

static void *map_get(const map *m, const char *key) {
  slot *s = map_find(m, key);
  return s && s->key ? s->value : NULL;
}

/* Copies `key`. */
static int map_put(map *m, const char *key, void *value) {
  if ((m->count + 1) * 2 > m->capacity) {
    size_t capacity = m->capacity ? m->capacity * 2 : 64;
    slot *slots = calloc(capacity, sizeof *slots);
    if (!slots) return ML_ENOMEM;
    map grown = {slots, capacity, m->count};
    for (size_t i = 0; i < m->capacity; i++)
      if (m->slots[i].key) *map_find(&grown, m->slots[i].key) = m->slots[i];
    free(m->slots);
    *m = grown;
  }
  slot *s = map_find(m, key);
  if (!s->key) {
    if (!(s->key = strdup(key))) return ML_ENOMEM;
    m->count++;
  }
  s->value = value;
  return ML_OK;
}

static void map_free(map *m, void (*free_value)(void *)) {
  for (size_t i = 0; i < m->capacity; i++) {
    free(m->slots[i].key);
    if (m->slots[i].key && free_value) free_value(m->slots[i].value);
  }
  free(m->slots);
  memset(m, 0, sizeof *m);
}

/* --- folders and roots ---------------------------------------------------------------------- */

static bool has_suffix(const char *name, const char *suffix) {
  size_t n = strlen(name), m = strlen(suffix);
  return n > m && strcmp(name + n - m, suffix) == 0;
}

typedef struct root {
  char *path;
  ml_index *index;
  map modules; /* dotted key -> record index + 1, for the modules of this root */
  map missing; /* dotted keys of modules known not to exist in this root */
} root;

/* Where a folder sits in its project: its root, its dotted key there, and where absolute imports
 * of its files are looked for. */
typedef struct folder {
  root *root;          /* NULL: the folder cannot be keyed (a '.' in a folder name) */
  char *key;           /* "" for the root itself */
  char *prefixes[4];   /* NULL-terminated */
} folder;

typedef struct record {
  char *path;          /* as given or as found by following an import */
  folder *folder;
  char *key;           /* the module key, NULL when the file cannot be imported by name */
  bool is_package;
  bool modal;          /* the bytes mention "modal" */
  bool imports_modal;  /* an import statement names the modal package */
  bool relevant;       /* imports_modal, or imports a relevant record */
  bool imported;       /* another record imports it: only then are its exports needed */
  bool input;          /* a file being linted */
  bool plain;          /* read here: a regular file, no UTF-16 byte order mark, no "modal" */
  char *bytes;         /* kept for files that import modal, to be indexed */
  size_t length;
  char *imports;       /* the scanned imports, "LEVEL\tMODULE\tNAME\n" each, until followed */
  size_t imports_length;
  size_t *targets;     /* indices of the records its imports name */
  size_t target_count;
  /* The language server's (cli_index_set_text and the functions after it): */
  bool editor;           /* an open document: the index holds the editor's text, not the disk's */
  uint64_t imports_hash; /* of the import statements last followed */
} record;

struct cli_index {
  map roots;    /* root path -> root */
  map folders;  /* folder path as derived from a file path -> folder */
  map by_path;  /* record path -> record index + 1 */
  map listings; /* folder path -> listing: one readdir per folder instead of a stat per guess */
  record *records;
  size_t count, capacity;
};

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
  char **names; /* sorted */
  size_t count;
} listing;

static void listing_free(void *value) {
  listing *l = value;
  if (!l) return;
  for (size_t i = 0; i < l->count; i++) free(l->names[i]);
  free(l->names);
  free(l);
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of `dir`, read once; an unreadable folder lists nothing. NULL when out of memory. */
static listing *listing_of(cli_index *ix, const char *dir) {
  listing *l = map_get(&ix->listings, dir);
  if (l) return l;
  if (!(l = calloc(1, sizeof *l))) return NULL;
  DIR *d = opendir(dir);
  size_t capacity = 0;
  bool failed = false;
  for (struct dirent *entry; d && !failed && (entry = readdir(d)) != NULL;) {
    if (entry->d_name[0] == '.' && strcmp(entry->d_name, ".git") != 0) continue;
    if (l->count == capacity) {
      capacity = capacity ? capacity * 2 : 32;
      char **names = realloc(l->names, capacity * sizeof *names);
      if (!names) {
        failed = true;
        break;
      }
      l->names = names;
    }
    if (!(l->names[l->count] = strdup(entry->d_name))) failed = true;
    else l->count++;
  }
  if (d) closedir(d);
  if (l->count) qsort(l->names, l->count, sizeof *l->names, compare_names);
  if (failed || map_put(&ix->listings, dir, l) != ML_OK) {
    listing_free(l);
    return NULL;
  }
  return l;
}

/* Whether `dir` has an entry `name` (of any type). Out of memory counts as no. */
static bool exists_in(cli_index *ix, const char *dir, const char *name) {
  const listing *l = listing_of(ix, dir);
  const char *key = name;
  return l && l->count && bsearch(&key, l->names, l->count, sizeof *l->names, compare_names);
}

/* Cuts the last component off an absolute path in place; false at "/". */
static bool to_parent(char *path) {
  char *slash = strrchr(path, '/');
  if (!slash || (slash == path && path[1] == '\0')) return false;
  if (slash == path) slash[1] = '\0';
  else *slash = '\0';
  return true;
}

static bool is_marked_root(cli_index *ix, const char *dir) {
  for (size_t i = 0; i < sizeof root_markers / sizeof root_markers[0]; i++)
    if (exists_in(ix, dir, root_markers[i])) return true;
  return false;
}

static void root_free(void *value) {
  root *r = value;
  if (!r) return;
  free(r->path);
  ml_index_free(r->index);
  map_free(&r->modules, NULL);
  map_free(&r->missing, NULL);
  free(r);
}

static void folder_free(void *value) {
  folder *f = value;
  if (!f) return;
  free(f->key);
  for (size_t i = 0; i < 4; i++) free(f->prefixes[i]);
  free(f);
}

static int root_of(cli_index *ix, const char *path, root **out) {
  root *r = map_get(&ix->roots, path);
  if (!r) {
    r = calloc(1, sizeof *r);
    int err = r && (r->path = strdup(path)) ? ml_index_new(&r->index) : ML_ENOMEM;
    if (!err) err = map_put(&ix->roots, path, r);
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
static int build_folder(cli_index *ix, const char *absolute, folder *f) {
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

static int folder_of(cli_index *ix, const char *path, folder **out) {
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
  folder *f = map_get(&ix->folders, dir);
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
  if (!err) err = map_put(&ix->folders, dir, f);
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
  char text[MAX_KEY], name[MAX_KEY];
  if (stem >= sizeof name) return ML_OK;
  memcpy(name, base, stem);
  name[stem] = '\0';
  bool fits = *is_package ? concat(text, sizeof text, (const char *const[]){f->key, NULL})
                          : concat(text, sizeof text,
                                   (const char *const[]){f->key, f->key[0] ? "." : "", name, NULL});
  if (!fits || text[0] == '\0') return ML_OK;
  return (*key = strdup(text)) ? ML_OK : ML_ENOMEM;
}

/* Adds a record for `path` (not read yet); *at is its index. */
static int add_record(cli_index *ix, const char *path, bool input, size_t *at) {
  void *known = map_get(&ix->by_path, path);
  if (known) {
    *at = (size_t)(uintptr_t)known - 1;
    ix->records[*at].input |= input;
    return ML_OK;
  }
  if (ix->count == ix->capacity) {
    size_t capacity = ix->capacity ? ix->capacity * 2 : 256;
    record *records = realloc(ix->records, capacity * sizeof *records);
    if (!records) return ML_ENOMEM;
    ix->records = records;
    ix->capacity = capacity;
  }
  record *r = &ix->records[ix->count];
  memset(r, 0, sizeof *r);
  r->input = input;
  if (!(r->path = strdup(path))) return ML_ENOMEM;
  int err = folder_of(ix, path, &r->folder);
  if (!err) err = key_of(r->folder, path, &r->key, &r->is_package);
  if (!err) err = map_put(&ix->by_path, path, (void *)(uintptr_t)(ix->count + 1));
  map *modules = r->key ? &r->folder->root->modules : NULL;
  if (!err && modules && !map_get(modules, r->key))
    err = map_put(modules, r->key, (void *)(uintptr_t)(ix->count + 1));
  if (err) {
    free(r->path);
    free(r->key);
    return err;
  }
  *at = ix->count++;
  return ML_OK;
}

/* --- following imports ------------------------------------------------------------------------ */

typedef struct follow {
  cli_index *ix;
  size_t from;        /* the record whose imports are followed */
  ml_file_info info;  /* its key and prefixes, for ml_import_key */
  int err;
} follow;

static int add_target(follow *fw, size_t target) {
  record *r = &fw->ix->records[fw->from];
  for (size_t i = 0; i < r->target_count; i++)
    if (r->targets[i] == target) return ML_OK;
  size_t *targets = realloc(r->targets, (r->target_count + 1) * sizeof *targets);
  if (!targets) return ML_ENOMEM;
  r->targets = targets;
  r->targets[r->target_count++] = target;
  return ML_OK;
}

/* The record of module `key` in the root of the importing file: an input, or a file on disk found
 * now (and recorded). False when there is no such module file. */
static bool find_module(follow *fw, const char *key, size_t *at) {
  cli_index *ix = fw->ix;
  root *rt = ix->records[fw->from].folder->root;
  void *known = map_get(&rt->modules, key);
  if (known) {
    *at = (size_t)(uintptr_t)known - 1;
    return true;
  }
  if (map_get(&rt->missing, key)) return false;
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
    char name[MAX_KEY];
    if (length >= sizeof name) break;
    memcpy(name, component, length);
    name[length] = '\0';
    const char *in = dir[0] ? dir : "/";
    if (!dot) {
      char file[MAX_KEY + 3];
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
    if ((fw->err = add_record(ix, path, false, at))) return false;
    /* The new record's key may be spelt differently (a symlinked root): remember this one too. */
    if ((fw->err = map_put(&rt->modules, key, (void *)(uintptr_t)(*at + 1)))) return false;
    return true;
  }
  fw->err = map_put(&rt->missing, key, (void *)1);
  return false;
}

static bool follow_import(const ml_import_ref *ref, void *data) {
  follow *fw = data;
  bool named = ref->name_length > 0 && !(ref->name_length == 1 && ref->name[0] == '*');
  char key[MAX_KEY];
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
    char sub[MAX_KEY];
    if (named && fw->ix->records[at].is_package &&
        ml_import_key(&fw->info, ref, true, candidate, sub, sizeof sub) &&
        find_module(fw, sub, &at) && (fw->err = add_target(fw, at)))
      return false;
    return !fw->err;
  }
  return !fw->err;
}

typedef struct import_text {
  char *text;
  size_t length, capacity;
  bool failed;
  bool names_modal; /* an absolute import of modal or modal.* */
} import_text;


static void put_text(import_text *t, const char *bytes, size_t length) {
  if (t->failed) return;
  if (t->length + length + 1 > t->capacity) {
    size_t capacity = t->capacity ? t->capacity * 2 : 256;
    while (capacity < t->length + length + 1) capacity *= 2;
    char *text = realloc(t->text, capacity);
    if (!text) {
      t->failed = true;
      return;
    }
    t->text = text;
    t->capacity = capacity;
  }
  memcpy(t->text + t->length, bytes, length);
  t->length += length;
}

static bool note_import(const ml_import_ref *ref, void *data) {
  import_text *t = data;
  if (ml_import_names_modal(ref)) t->names_modal = true;
  char level = (char)('0' + (ref->level > 9 ? 9 : ref->level));
  put_text(t, &level, 1);
  put_text(t, "\t", 1);
  put_text(t, ref->module, ref->module_length);
  put_text(t, "\t", 1);
  put_text(t, ref->name, ref->name_length);
  put_text(t, "\n", 1);
  return !t->failed;
}

/* Reads record `r`: whether it mentions or imports modal, and its imports as text (following them needs the
 * shared maps, so it is done afterwards, on one thread). Touches only `r`. An unreadable file is
 * left alone: a worker reports it if it is an input. */
static int read_record(record *r) {
  cli_file_data data;
  /* Only regular files: reading a FIFO here would take what the lint itself must read. */
  if (cli_read_regular_file(r->path, INDEX_MAX_FILE_BYTES, &data) != ML_OK) return ML_OK;
  r->modal = ml_mentions_modal(data.bytes, data.length);
  const unsigned char *b = (const unsigned char *)data.bytes;
  bool utf16 = data.length >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
  r->plain = !r->modal && !utf16;
  if (r->folder->root) {
    import_text t = {NULL, 0, 0, false, false};
    ml_scan_imports(data.bytes, data.length, note_import, &t);
    if (t.failed) {
      free(t.text);
      cli_file_data_free(&data);
      return ML_ENOMEM;
    }
    r->imports = t.text;
    r->imports_length = t.length;
    r->imports_modal = t.names_modal;
  }
  if (r->imports_modal && r->key) {
    r->bytes = data.bytes;
    r->length = data.length;
    data.bytes = NULL;
  }
  cli_file_data_free(&data);
  return ML_OK;
}

/* Follows the imports read_record noted (adding records for the files they name). */
static int follow_record(cli_index *ix, size_t at) {
  record *r = &ix->records[at];
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
  for (char *line = text; !fw.err && line < text + length;) {
    char *end = memchr(line, '\n', (size_t)(text + length - line));
    char *tab1 = memchr(line, '\t', (size_t)(end - line));
    char *tab2 = tab1 ? memchr(tab1 + 1, '\t', (size_t)(end - tab1 - 1)) : NULL;
    if (!end || !tab2) break;
    ml_import_ref ref = {(unsigned)(line[0] - '0'), tab1 + 1, (size_t)(tab2 - tab1 - 1), tab2 + 1,
                         (size_t)(end - tab2 - 1)};
    if (!follow_import(&ref, &fw)) break;
    line = end + 1;
  }
  free(text);
  return fw.err;
}

/* Reading the inputs is most of the cost of building the index: it is spread over threads like
 * the lint itself. Each thread claims records by number and touches only those. */
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

static int read_inputs(cli_index *ix, unsigned jobs) {
  reader_pool p = {ix->records, ix->count, 0, ML_OK, PTHREAD_MUTEX_INITIALIZER};
  pthread_t threads[16];
  unsigned started = 0;
  if (jobs > 16) jobs = 16;
  if (jobs > ix->count) jobs = (unsigned)ix->count;
  for (; jobs > 1 && started < jobs; started++)
    if (pthread_create(&threads[started], NULL, reader_main, &p) != 0) break;
  reader_main(&p); /* this thread reads too, and alone when threads could not start */
  for (unsigned i = 0; i < started; i++) pthread_join(threads[i], NULL);
  pthread_mutex_destroy(&p.lock);
  return p.err;
}

/* Relevant: imports modal, or imports a relevant module. Chains are short; this iterates until
 * nothing changes. */
static void propagate(cli_index *ix) {
  for (size_t i = 0; i < ix->count; i++) {
    record *r = &ix->records[i];
    r->relevant = r->imports_modal;
    for (size_t k = 0; k < r->target_count; k++)
      if (r->targets[k] != i) ix->records[r->targets[k]].imported = true;
  }
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t i = 0; i < ix->count; i++) {
      record *r = &ix->records[i];
      for (size_t k = 0; !r->relevant && k < r->target_count; k++) {
        if (ix->records[r->targets[k]].relevant) {
          r->relevant = changed = true;
        }
      }
    }
  }
}

static bool imports_relevant(const cli_index *ix, const record *r) {
  for (size_t k = 0; k < r->target_count; k++)
    if (&ix->records[r->targets[k]] != r && ix->records[r->targets[k]].relevant) return true;
  return false;
}

static int index_relevant(cli_index *ix) {
  for (size_t i = 0; i < ix->count; i++) {
    record *r = &ix->records[i];
    /* A module that neither is imported by a first-party module nor imports a relevant one plays
     * no part in any cross-module question (exports asked for, importers of a renamed name):
     * indexing it would only parse and walk it a second time, and the workers lint it anyway. An
     * app importing only `os` and `json` (first-party in a checkout of the standard library) is
     * such a module. */
    bool connected = r->imported || imports_relevant(ix, r);
    if (!r->relevant || !connected || !r->key || !r->folder->root) continue;
    cli_file_data data = {0};
    const char *bytes = r->bytes;
    size_t length = r->length;
    if (!bytes) { /* a re-exporter that never imports modal: read again (rare) */
      if (cli_read_regular_file(r->path, INDEX_MAX_FILE_BYTES, &data) != ML_OK) continue;
      bytes = data.bytes;
      length = data.length;
    }
    int err = ml_index_add_module(r->folder->root->index, r->key, r->is_package, bytes, length);
    cli_file_data_free(&data);
    if (err == ML_ENOMEM) return err;
  }
  for (size_t i = 0; i < ix->roots.capacity; i++) {
    root *rt = ix->roots.slots[i].key ? ix->roots.slots[i].value : NULL;
    /* Resolved now, so the workers share an index nobody changes. */
    if (rt && ml_index_module_count(rt->index) > 0 && ml_index_freeze(rt->index) == ML_ENOMEM)
      return ML_ENOMEM;
  }
  return ML_OK;
}

/* --- public --------------------------------------------------------------------------------- */

void cli_index_free(cli_index *ix) {
  if (!ix) return;
  for (size_t i = 0; i < ix->count; i++) {
    free(ix->records[i].path);
    free(ix->records[i].key);
    free(ix->records[i].bytes);
    free(ix->records[i].targets);
    free(ix->records[i].imports);
  }
  free(ix->records);
  map_free(&ix->roots, root_free);
  map_free(&ix->folders, folder_free);
  map_free(&ix->by_path, NULL);
  map_free(&ix->listings, listing_free);
  free(ix);
}

static bool is_python_name(const char *path) {
  return has_suffix(path, ".py") || has_suffix(path, ".pyi");
}

/* Reads the records added so far (the files being linted), follows their imports, and indexes
 * what is relevant. */
static int build(cli_index *ix, unsigned jobs) {
  if (jobs == 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = cpus > 0 ? (unsigned)cpus : 1;
  }
  int err = read_inputs(ix, jobs);
  /* Records added while following imports are read and followed too: the array is the work
   * list. */
  size_t read_count = ix->count;
  for (size_t i = 0; !err && i < ix->count; i++) {
    if (i >= read_count) err = read_record(&ix->records[i]);
    if (!err) err = follow_record(ix, i);
  }
  if (!err) {
    propagate(ix);
    err = index_relevant(ix);
  }
  return err;
}

int cli_index_build(const cli_input_list *inputs, unsigned jobs, cli_index **out) {
  cli_index *ix = calloc(1, sizeof *ix);
  if (!ix) return ML_ENOMEM;
  int err = ML_OK;
  for (size_t i = 0; !err && i < inputs->count; i++) {
    const cli_input *input = &inputs->items[i];
    size_t at;
    if (!input->is_stdin && input->kind == ML_FILE_PYTHON && is_python_name(input->path))
      err = add_record(ix, input->path, true, &at);
  }
  if (!err) err = build(ix, jobs);
  if (err) {
    cli_index_free(ix);
    return err;
  }
  *out = ix;
  return ML_OK;
}

static const record *record_of(const cli_index *ix, const char *path) {
  void *known = ix ? map_get(&ix->by_path, path) : NULL;
  return known ? &ix->records[(size_t)(uintptr_t)known - 1] : NULL;
}

bool cli_index_skips(const cli_index *ix, const char *path) {
  const record *r = record_of(ix, path);
  return r && r->input && r->plain && !r->relevant;
}

bool cli_index_needs_lint(const cli_index *ix, const char *path) {
  const record *r = record_of(ix, path);
  return r && r->relevant && r->folder->root && ml_index_module_count(r->folder->root->index) > 0;
}

void cli_index_describe(const cli_index *ix, const char *path, ml_file_info *info) {
  const record *r = record_of(ix, path);
  if (!r || !r->folder->root || ml_index_module_count(r->folder->root->index) == 0) return;
  info->index = r->folder->root->index;
  info->module_name = r->key;
  info->is_package = r->is_package;
  info->import_prefixes = (const char *const *)r->folder->prefixes;
}

/* --- the language server: one file at a time ------------------------------------------------
 *
 * An editor opens, edits and closes documents one by one; rebuilding the whole index for each would
 * make opening N documents cost N^2 (and each rebuild parsed every indexed module again to freeze
 * it). These functions change one record and follow what it now imports; the index is never
 * frozen, since the server resolves on one thread, lazily, only what a lint asks for. */

static uint64_t hash_bytes(const char *bytes, size_t length) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (size_t i = 0; i < length; i++) h = (h ^ (unsigned char)bytes[i]) * 1099511628211ULL;
  return h;
}

/* Whether a record read from disk belongs in its root's ml_index (index_relevant's rule). */
static bool wanted_from_disk(const cli_index *ix, const record *r) {
  return r->relevant && (r->imported || imports_relevant(ix, r)) && r->key && r->folder->root;
}

/* Adds the disk text of every record that belongs in the index and is not there yet (records that
 * became relevant or connected since the last call). The editor's documents are set by their own
 * calls. Record bytes are dropped once indexed: the ml_index keeps its own copy. */
static int index_new_relevant(cli_index *ix) {
  for (size_t i = 0; i < ix->count; i++) {
    record *r = &ix->records[i];
    bool wanted = !r->editor && wanted_from_disk(ix, r) &&
                  !ml_index_has_module(r->folder->root->index, r->key);
    if (wanted) {
      cli_file_data data = {0};
      const char *bytes = r->bytes;
      size_t length = r->length;
      if (!bytes && cli_read_regular_file(r->path, INDEX_MAX_FILE_BYTES, &data) == ML_OK) {
        bytes = data.bytes;
        length = data.length;
      }
      int err = bytes ? ml_index_add_module(r->folder->root->index, r->key, r->is_package, bytes,
                                            length)
                      : ML_OK;
      cli_file_data_free(&data);
      if (err == ML_ENOMEM) return err;
    }
    free(r->bytes);
    r->bytes = NULL;
  }
  return ML_OK;
}

/* Reads and follows the records from `first` on: following adds records, the array is the work
 * list. */
static int follow_from(cli_index *ix, size_t first) {
  int err = ML_OK;
  for (size_t i = first; !err && i < ix->count; i++) {
    err = read_record(&ix->records[i]);
    if (!err) err = follow_record(ix, i);
  }
  return err;
}

/* Makes record `at` stand for `bytes`: follows its imports (targets are only ever added: a stale
 * one costs an indexed module, a missing one a finding), recomputes relevance when something
 * changed, and adds or removes the record's module in its root's ml_index. */
static int update_record(cli_index *ix, size_t at, const char *bytes, size_t length, bool editor,
                         cli_index_change *change) {
  import_text t = {NULL, 0, 0, false, false};
  ml_scan_imports(bytes, length, note_import, &t);
  if (t.failed) {
    free(t.text);
    return ML_ENOMEM;
  }
  record *r = &ix->records[at];
  uint64_t h = hash_bytes(t.text, t.length);
  change->imports_changed = h != r->imports_hash || !r->imports_hash;
  r->imports_hash = h;
  r->editor = editor;
  bool was_modal = r->imports_modal;
  r->imports_modal = t.names_modal;
  size_t records_before = ix->count, targets_before = r->target_count;
  int err = ML_OK;
  if (r->folder->root && change->imports_changed) {
    free(r->imports);
    r->imports = t.text;
    r->imports_length = t.length;
    t.text = NULL;
    err = follow_record(ix, at);
    if (!err) err = follow_from(ix, records_before);
  }
  free(t.text);
  if (err) return err;
  r = &ix->records[at]; /* following may have moved the array */
  if (ix->count != records_before || r->target_count != targets_before ||
      was_modal != r->imports_modal) {
    propagate(ix);
    if ((err = index_new_relevant(ix))) return err;
  }
  if (!r->key || !r->folder->root) return ML_OK;
  /* Only a module that imports modal (or re-exports one that does) can export a Modal object of
   * its own; one that merely says "modal" in a comment or a string (tkinter's modal dialogs)
   * cannot. */
  bool wanted = editor ? r->relevant : wanted_from_disk(ix, r);
  if (wanted)
    return ml_index_add_module(r->folder->root->index, r->key, r->is_package, bytes, length);
  return ml_index_remove_module(r->folder->root->index, r->key);
}

/* The disk text of record `at` (an unreadable or vanished file reads as empty). */
static int update_from_disk(cli_index *ix, size_t at, cli_index_change *change) {
  cli_file_data data = {0};
  const char *path = ix->records[at].path;
  bool readable = cli_read_regular_file(path, INDEX_MAX_FILE_BYTES, &data) == ML_OK;
  int err = update_record(ix, at, readable ? data.bytes : "", readable ? data.length : 0, false,
                          change);
  cli_file_data_free(&data);
  return err;
}

static bool record_at(const cli_index *ix, const char *path, size_t *at) {
  void *known = ix ? map_get(&ix->by_path, path) : NULL;
  if (known) *at = (size_t)(uintptr_t)known - 1;
  return known != NULL;
}

int cli_index_build_files(const char *const *paths, size_t count, cli_index **out) {
  cli_index *ix = calloc(1, sizeof *ix);
  if (!ix) return ML_ENOMEM;
  int err = ML_OK;
  for (size_t i = 0; !err && i < count; i++) {
    size_t at;
    if (is_python_name(paths[i])) err = add_record(ix, paths[i], true, &at);
  }
  /* build() without its threads and without freezing the roots. */
  if (!err) err = follow_from(ix, 0);
  if (!err) {
    propagate(ix);
    err = index_new_relevant(ix);
  }
  /* imports_hash stays 0: the first set_text of each document follows the editor's imports. */
  if (err) {
    cli_index_free(ix);
    return err;
  }
  *out = ix;
  return ML_OK;
}

int cli_index_set_text(cli_index *ix, const char *path, const char *bytes, size_t length,
                       cli_index_change *change) {
  memset(change, 0, sizeof *change);
  if (!ix || !is_python_name(path)) return ML_OK;
  size_t at;
  if (!record_at(ix, path, &at)) {
    int err = add_record(ix, path, true, &at);
    if (err) return err;
    const record *r = &ix->records[at];
    /* Modules followed before this one was open looked for it in vain: they must look again. */
    if (r->key && r->folder->root && map_get(&r->folder->root->missing, r->key))
      change->rebuild = true;
  }
  return update_record(ix, at, bytes, length, true, change);
}

int cli_index_forget_text(cli_index *ix, const char *path, cli_index_change *change) {
  memset(change, 0, sizeof *change);
  size_t at;
  if (!record_at(ix, path, &at)) return ML_OK;
  return update_from_disk(ix, at, change);
}

int cli_index_reload(cli_index *ix, const char *path, bool *known, cli_index_change *change) {
  memset(change, 0, sizeof *change);
  size_t at;
  *known = record_at(ix, path, &at);
  if (!*known || ix->records[at].editor) return ML_OK;
  return update_from_disk(ix, at, change);
}

const ml_index *cli_index_root(const cli_index *ix, const char *path) {
  const record *r = record_of(ix, path);
  return r && r->key && r->folder->root ? r->folder->root->index : NULL;
}

bool cli_index_imports(const cli_index *ix, const char *importer, const char *imported) {
  size_t from, to;
  if (!record_at(ix, importer, &from) || !record_at(ix, imported, &to)) return false;
  const record *r = &ix->records[from];
  for (size_t i = 0; i < r->target_count; i++)
    if (r->targets[i] == to) return true;
  return false;
}
