/* The project index: the Modal objects a project's own modules define at module level, so names
 * imported from them keep their type in the files that import them (modallint/index.h). This is
 * its store: the modules, the resolution states and the queries; the walk that learns a module's
 * exports is the resolver's (index_store.h). */
#include "modallint/index.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "index_internal.h"
#include "index_store.h"
#include "modallint/error.h"
#include "strbuf.h"

/* Longest dotted key the index builds while resolving an import. */
#define MAX_KEY 512
/* An import statement longer than this (parenthesised lists) is read only this far. */
#define MAX_STATEMENT 8192

typedef enum state { UNRESOLVED = 0, IN_PROGRESS, RESOLVED } state;

typedef struct module {
  char *name;
  bool is_package;
  bool opaque;
  char *bytes;
  uint32_t length;
  state state;
  unsigned level;  /* while IN_PROGRESS: how many resolutions were under way below it */
  bool partial;    /* resolved inside an import cycle, with the cycle's other modules unknown */
  ml__module_exports resolution; /* empty unless RESOLVED */
} module;

struct ml_index {
  module **modules; /* sorted by name, so a look-up is a binary search */
  size_t count;
  size_t capacity;
  bool frozen;
  unsigned depth;      /* how many resolutions are under way (each uses its own level) */
  unsigned cycle_level; /* the lowest level of a module found IN_PROGRESS during the current
                           resolutions; UINT_MAX when none */
  ml__index_resolver resolver;
};

/* --- modules ------------------------------------------------------------------------------ */

static void forget_resolution(module *m) {
  ml__module_exports *r = &m->resolution;
  for (size_t i = 0; i < r->export_count; i++) free(r->exports[i].name);
  free(r->exports);
  for (size_t i = 0; i < r->all_count; i++) free(r->all[i]);
  free(r->all);
  memset(r, 0, sizeof *r);
  m->partial = false;
  m->state = UNRESOLVED;
}

static void module_free(module *m) {
  if (!m) return;
  forget_resolution(m);
  free(m->name);
  free(m->bytes);
  free(m);
}

/* strcmp of a length-delimited key against a NUL-terminated name. */
static int compare_key(const char *key, size_t length, const char *name) {
  int c = strncmp(key, name, length);
  if (c != 0) return c;
  return name[length] == '\0' ? 0 : -1;
}

static size_t search(const ml_index *index, const char *key, size_t length, bool *found) {
  size_t low = 0, high = index->count;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    int c = compare_key(key, length, index->modules[mid]->name);
    if (c == 0) {
      *found = true;
      return mid;
    }
    if (c < 0) high = mid;
    else low = mid + 1;
  }
  *found = false;
  return low;
}

static module *find(const ml_index *index, const char *key, size_t length) {
  bool found;
  if (!index || length == 0) return NULL;
  size_t at = search(index, key, length, &found);
  return found ? index->modules[at] : NULL;
}

static bool is_name_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c >= 0x80;
}

/* Dotted, no empty component. Components are not required to be identifiers: a front end may key
 * a script folder by its name ("my-app.worker"), which only ever resolves through a prefix. */
static bool valid_key(const char *name) {
  if (!name || !name[0] || name[0] == '.') return false;
  for (const char *p = name; *p; p++) {
    if (*p == '.' && (p[1] == '.' || p[1] == '\0')) return false;
    if ((unsigned char)*p <= ' ' || *p == '/') return false;
  }
  return true;
}

/* Every change can alter what other modules re-export: all resolutions are forgotten. */
static void thaw(ml_index *index) {
  index->frozen = false;
  for (size_t i = 0; i < index->count; i++) forget_resolution(index->modules[i]);
}

static int insert(ml_index *index, module *m) {
  bool found;
  size_t at = search(index, m->name, strlen(m->name), &found);
  if (found) {
    module_free(index->modules[at]);
    index->modules[at] = m;
    thaw(index);
    return ML_OK;
  }
  if (index->count == index->capacity) {
    size_t capacity = index->capacity ? index->capacity * 2 : 16;
    module **modules = realloc(index->modules, capacity * sizeof *modules);
    if (!modules) return ML_ENOMEM;
    index->modules = modules;
    index->capacity = capacity;
  }
  memmove(&index->modules[at + 1], &index->modules[at], (index->count - at) * sizeof *index->modules);
  index->modules[at] = m;
  index->count++;
  thaw(index);
  return ML_OK;
}

/* The prefixes an absolute import inside module `name` is tried under: each package above it,
 * nearest first, then the root ("a.b.c" tries "a.b", "a", ""). A superset of what Python would
 * search, which matters only when two indexed modules differ just by such a prefix. */
static char **prefixes_of(const char *name) {
  size_t dots = 0;
  for (const char *p = name; *p; p++) dots += *p == '.';
  char **prefixes = calloc(dots + 2, sizeof *prefixes);
  if (!prefixes) return NULL;
  size_t n = 0;
  for (const char *p = name + strlen(name); p > name; p--) {
    if (p[-1] != '.') continue;
    if (!(prefixes[n++] = ml__strndup(name, (size_t)(p - 1 - name)))) break;
  }
  if (n == dots) prefixes[n] = ml__strndup("", 0);
  if (!prefixes[dots]) {
    for (size_t i = 0; i <= dots; i++) free(prefixes[i]);
    free(prefixes);
    return NULL;
  }
  return prefixes;
}

static void free_prefixes(char **prefixes) {
  for (size_t i = 0; prefixes && prefixes[i]; i++) free(prefixes[i]);
  free(prefixes);
}

static int resolve(ml_index *index, module *m) {
  if (m->state != UNRESOLVED || m->opaque || index->frozen) return ML_OK;
  /* Too deep to follow: the module stays unresolved and exports nothing to this import. */
  if (index->depth >= ML__INDEX_MAX_DEPTH) return ML_OK;
  char **prefixes = prefixes_of(m->name);
  if (!prefixes) return ML_ENOMEM;
  ml_file_info info;
  memset(&info, 0, sizeof info);
  info.kind = ML_FILE_PYTHON;
  info.index = index;
  info.module_name = m->name;
  info.is_package = m->is_package;
  info.import_prefixes = (const char *const *)prefixes;
  /* Imports of a module being resolved (a cycle) find it IN_PROGRESS: they bind nothing, and
   * every module resolved meanwhile above it is partial: a later query, outside any resolution,
   * resolves it again with the whole cycle known. */
  if (index->depth == 0) index->cycle_level = UINT_MAX;
  m->state = IN_PROGRESS;
  m->level = index->depth;
  index->depth++;
  int err = index->resolver.collect(index->resolver.data, index->depth, &info, m->bytes,
                                    m->length, &m->resolution);
  index->depth--;
  free_prefixes(prefixes);
  if (err) {
    /* A file that does not parse or nests too deep exports nothing; only memory is an error. */
    forget_resolution(m);
    m->state = RESOLVED;
    return err == ML_ENOMEM ? ML_ENOMEM : ML_OK;
  }
  m->state = RESOLVED;
  m->partial = index->cycle_level < m->level;
  return ML_OK;
}

static const ml__export *find_export(const module *m, const char *name, size_t length) {
  for (size_t i = 0; i < m->resolution.export_count; i++)
    if (compare_key(name, length, m->resolution.exports[i].name) == 0)
      return &m->resolution.exports[i];
  return NULL;
}

static module *resolved(ml_index *index, const char *key, size_t length) {
  module *m = find(index, key, length);
  if (!m || m->opaque) return NULL;
  if (m->state == IN_PROGRESS && m->level < index->cycle_level) index->cycle_level = m->level;
  if (m->state == RESOLVED && m->partial && index->depth == 0 && !index->frozen)
    forget_resolution(m);
  if (m->state == UNRESOLVED && resolve(index, m) != ML_OK) return NULL;
  return m->state == RESOLVED ? m : NULL;
}

/* --- public: building ------------------------------------------------------------------------ */

int ml__index_new_with_resolver(const ml__index_resolver *resolver, ml_index **out) {
  ml_index *index = calloc(1, sizeof *index);
  if (!index) {
    resolver->free(resolver->data);
    return ML_ENOMEM;
  }
  index->resolver = *resolver;
  *out = index;
  return ML_OK;
}

void ml_index_free(ml_index *index) {
  if (!index) return;
  for (size_t i = 0; i < index->count; i++) module_free(index->modules[i]);
  free(index->modules);
  index->resolver.free(index->resolver.data);
  free(index);
}

static int add(ml_index *index, const char *name, bool is_package, bool opaque, const char *bytes,
               size_t length) {
  if (!index || !valid_key(name)) return ML_EINVAL;
  if (length >= UINT32_MAX) return ML_ETOOBIG;
  module *m = calloc(1, sizeof *m);
  if (!m) return ML_ENOMEM;
  m->name = ml__strndup(name, strlen(name));
  m->bytes = malloc(length + 1);
  if (!m->name || !m->bytes) {
    module_free(m);
    return ML_ENOMEM;
  }
  if (length) memcpy(m->bytes, bytes, length);
  m->bytes[length] = '\0';
  m->length = (uint32_t)length;
  m->is_package = is_package;
  m->opaque = opaque;
  int err = insert(index, m);
  if (err) module_free(m);
  return err;
}

int ml_index_add_module(ml_index *index, const char *name, bool is_package, const char *bytes,
                        size_t length) {
  if (!bytes && length) return ML_EINVAL;
  return add(index, name, is_package, false, bytes, length);
}

int ml_index_add_opaque(ml_index *index, const char *name) {
  return add(index, name, false, true, NULL, 0);
}

int ml_index_remove_module(ml_index *index, const char *name) {
  bool found;
  if (!index || !name) return ML_OK;
  size_t at = search(index, name, strlen(name), &found);
  if (!found) return ML_OK;
  module_free(index->modules[at]);
  memmove(&index->modules[at], &index->modules[at + 1],
          (index->count - at - 1) * sizeof *index->modules);
  index->count--;
  thaw(index);
  return ML_OK;
}

bool ml_index_has_module(const ml_index *index, const char *name) {
  return name && find(index, name, strlen(name)) != NULL;
}

size_t ml_index_module_count(const ml_index *index) { return index ? index->count : 0; }

int ml_index_resolve(ml_index *index, const char *name) {
  module *m = name ? find(index, name, strlen(name)) : NULL;
  return m ? resolve(index, m) : ML_OK;
}

int ml_index_freeze(ml_index *index) {
  int err = ML_OK;
  /* A module left partial by a cycle is resolved again once the rest of its cycle is known. */
  for (int pass = 0; pass < 2 && index; pass++) {
    for (size_t i = 0; !err && i < index->count; i++) {
      module *m = index->modules[i];
      if (m->state == RESOLVED && m->partial) forget_resolution(m);
      err = resolve(index, m);
    }
  }
  if (index) index->frozen = true;
  return err;
}

/* --- public: queries ------------------------------------------------------------------------- */

static const struct {
  ml__type type;
  ml_export_kind kind;
} export_kinds[] = {
    {ML_TYPE_APP, ML_EXPORT_APP},       {ML_TYPE_IMAGE, ML_EXPORT_IMAGE},
    {ML_TYPE_FUNCTION, ML_EXPORT_FUNCTION}, {ML_TYPE_CLS, ML_EXPORT_CLS},
    {ML_TYPE_VOLUME, ML_EXPORT_VOLUME}, {ML_TYPE_SECRET, ML_EXPORT_SECRET},
    {ML_TYPE_MOUNT, ML_EXPORT_MOUNT},
};

const char *ml_export_kind_name(ml_export_kind kind) {
  static const char *const names[] = {"none",   "app",    "image", "function", "cls",
                                      "volume", "secret", "mount", "other"};
  return (size_t)kind < sizeof names / sizeof names[0] ? names[kind] : "none";
}

ml_export_kind ml_index_lookup(ml_index *index, const char *module_name, const char *name) {
  if (!module_name || !name) return ML_EXPORT_NONE;
  ml__type type = ml__index_export_type(index, module_name, name, strlen(name));
  if (type == ML_TYPE_UNKNOWN) return ML_EXPORT_NONE;
  for (size_t i = 0; i < sizeof export_kinds / sizeof export_kinds[0]; i++)
    if (export_kinds[i].type == type) return export_kinds[i].kind;
  return ML_EXPORT_OTHER;
}

bool ml_index_exports_modal(ml_index *index, const char *module_name) {
  const module *m = module_name ? resolved(index, module_name, strlen(module_name)) : NULL;
  return m && m->resolution.export_count > 0;
}

/* --- internal queries ------------------------------------------------------------------------ */

ml__type ml__index_export_type(ml_index *index, const char *module_name, const char *name,
                               size_t length) {
  const module *m = resolved(index, module_name, strlen(module_name));
  const ml__export *e = m ? find_export(m, name, length) : NULL;
  return e ? e->type : ML_TYPE_UNKNOWN;
}

static bool listed_in_all(const ml__module_exports *r, const char *name) {
  for (size_t i = 0; i < r->all_count; i++)
    if (strcmp(r->all[i], name) == 0) return true;
  return false;
}

void ml__index_each_star_export(ml_index *index, const char *module_name, ml__export_fn each,
                                void *data) {
  const module *m = resolved(index, module_name, strlen(module_name));
  if (!m || m->resolution.all_unknown) return;
  const ml__module_exports *r = &m->resolution;
  for (size_t i = 0; i < r->export_count; i++) {
    const ml__export *e = &r->exports[i];
    bool visible = r->has_all ? listed_in_all(r, e->name) : e->name[0] != '_';
    if (visible && !each(e->name, e->type, data)) return;
  }
}

const char *ml__index_find_module(ml_index *index, const ml_file_info *file,
                                  const ml_import_ref *ref, bool with_name) {
  char key[MAX_KEY];
  for (size_t candidate = 0; ml_import_key(file, ref, with_name, candidate, key, sizeof key);
       candidate++) {
    const module *m = find(index, key, strlen(key));
    if (m) return m->opaque ? NULL : m->name;
  }
  return NULL;
}

typedef struct importer_scan {
  const char *target; /* the module whose name is looked for */
  const char *name;
  ml_file_info info; /* the importing module */
  bool found;
} importer_scan;

static bool scan_importer(const ml_import_ref *ref, void *data) {
  importer_scan *s = data;
  char key[MAX_KEY];
  bool star = ref->name_length == 1 && ref->name[0] == '*';
  bool same = ref->name_length == strlen(s->name) && memcmp(ref->name, s->name, ref->name_length) == 0;
  for (size_t candidate = 0; ml_import_key(&s->info, ref, false, candidate, key, sizeof key);
       candidate++) {
    /* The module itself (`import common`: `common.stub` may follow), the name, or everything. */
    if (strcmp(key, s->target) == 0 && (ref->name_length == 0 || star || same)) s->found = true;
    if (ml_import_key(&s->info, ref, true, candidate, key, sizeof key) &&
        strcmp(key, s->target) == 0)
      s->found = true;
  }
  return !s->found;
}

bool ml__index_name_imported(ml_index *index, const ml_file_info *file, const char *name) {
  if (!index || !file || !file->module_name) return false;
  for (size_t i = 0; i < index->count; i++) {
    const module *m = index->modules[i];
    if (m->opaque || strcmp(m->name, file->module_name) == 0) continue;
    char **prefixes = prefixes_of(m->name);
    if (!prefixes) return true; /* out of memory: assume the worst */
    importer_scan s = {file->module_name, name, {0}, false};
    s.info.module_name = m->name;
    s.info.is_package = m->is_package;
    s.info.import_prefixes = (const char *const *)prefixes;
    ml_scan_imports(m->bytes, m->length, scan_importer, &s);
    free_prefixes(prefixes);
    if (s.found) return true;
  }
  return false;
}

typedef struct gate {
  ml_index *index;
  const ml_file_info *file;
  bool found;
} gate;

static bool gate_import(const ml_import_ref *ref, void *data) {
  gate *g = data;
  bool named = ref->name_length > 0 && !(ref->name_length == 1 && ref->name[0] == '*');
  if (named) {
    const char *submodule = ml__index_find_module(g->index, g->file, ref, true);
    if (submodule && ml_index_exports_modal(g->index, submodule)) g->found = true;
  }
  const char *key = ml__index_find_module(g->index, g->file, ref, false);
  if (key && (named ? ml__index_export_type(g->index, key, ref->name, ref->name_length) !=
                          ML_TYPE_UNKNOWN
                    : ml_index_exports_modal(g->index, key)))
    g->found = true;
  return !g->found;
}

bool ml__index_file_imports_modal(ml_index *index, const ml_file_info *file, const char *bytes,
                                  size_t length) {
  if (ml_index_module_count(index) == 0) return false;
  gate g = {index, file, false};
  ml_scan_imports(bytes, length, gate_import, &g);
  return g.found;
}

/* --- keys ------------------------------------------------------------------------------------ */

static bool put(char *out, size_t size, size_t *used, const char *text, size_t length) {
  if (*used + length + 1 > size) return false;
  memcpy(out + *used, text, length);
  *used += length;
  out[*used] = '\0';
  return true;
}

static bool put_part(char *out, size_t size, size_t *used, const char *text, size_t length) {
  if (length == 0) return true;
  return (*used == 0 || put(out, size, used, ".", 1)) && put(out, size, used, text, length);
}

/* The package a relative import of `level` dots starts from; false when it climbs past the top. */
static bool relative_base(const ml_file_info *file, unsigned level, const char **base,
                          size_t *length) {
  if (!file->module_name) return false;
  size_t n = strlen(file->module_name);
  unsigned climbs = file->is_package ? level - 1 : level;
  for (unsigned i = 0; i < climbs; i++) {
    if (n == 0) return false;
    while (n > 0 && file->module_name[n - 1] != '.') n--;
    if (n > 0) n--; /* the dot */
  }
  *base = file->module_name;
  *length = n;
  return true;
}

bool ml_import_key(const ml_file_info *file, const ml_import_ref *ref, bool with_name,
                   size_t candidate, char *out, size_t size) {
  static const char *const root_only[] = {"", NULL};
  const char *base;
  size_t base_length, used = 0;
  if (!file || size == 0) return false;
  out[0] = '\0';
  if (ref->level > 0) {
    if (candidate > 0 || !relative_base(file, ref->level, &base, &base_length)) return false;
  } else {
    const char *const *prefixes = file->import_prefixes ? file->import_prefixes : root_only;
    for (size_t i = 0; i < candidate; i++)
      if (!prefixes[i]) return false;
    if (!prefixes[candidate]) return false;
    base = prefixes[candidate];
    base_length = strlen(base);
    if (ref->module_length == 0) return false;
  }
  if (!put_part(out, size, &used, base, base_length) ||
      !put_part(out, size, &used, ref->module, ref->module_length))
    return false;
  bool named = ref->name_length > 0 && !(ref->name_length == 1 && ref->name[0] == '*');
  if (with_name && named && !put_part(out, size, &used, ref->name, ref->name_length)) return false;
  return used > 0;
}

/* --- the import scan ------------------------------------------------------------------------- */

typedef struct scanner {
  const char *p, *end;
  int parens;
} scanner;

/* Skips blanks, comments, backslash continuations, and line breaks inside parentheses. */
static void skip_space(scanner *s) {
  while (s->p < s->end) {
    char c = *s->p;
    if (c == ' ' || c == '\t' || c == '\f') s->p++;
    else if (c == '\\' && s->p + 2 < s->end && s->p[1] == '\r' && s->p[2] == '\n') s->p += 3;
    else if (c == '\\' && s->p + 1 < s->end && (s->p[1] == '\n' || s->p[1] == '\r')) s->p += 2;
    else if ((c == '\n' || c == '\r') && s->parens > 0) s->p++;
    else if (c == '#' && s->parens > 0) {
      while (s->p < s->end && *s->p != '\n') s->p++;
    } else break;
  }
}

static size_t word(scanner *s, const char **start) {
  skip_space(s);
  *start = s->p;
  while (s->p < s->end && is_name_byte((unsigned char)*s->p)) s->p++;
  return (size_t)(s->p - *start);
}

static bool is_keyword(const char *text, size_t length, const char *keyword) {
  return strlen(keyword) == length && memcmp(text, keyword, length) == 0;
}

static bool take(scanner *s, char c) {
  skip_space(s);
  if (s->p < s->end && *s->p == c) {
    s->p++;
    if (c == '(') s->parens++;
    if (c == ')') s->parens--;
    return true;
  }
  return false;
}

/* A dotted name; its text is [*start, s->p). */
static size_t dotted(scanner *s, const char **start) {
  const char *first;
  size_t length = word(s, &first);
  *start = first;
  if (length == 0) return 0;
  while (s->p + 1 < s->end && *s->p == '.' && is_name_byte((unsigned char)s->p[1])) {
    s->p++;
    while (s->p < s->end && is_name_byte((unsigned char)*s->p)) s->p++;
  }
  return (size_t)(s->p - first);
}

/* Skips an `as alias`. */
static void skip_alias(scanner *s) {
  const char *save = s->p, *text;
  size_t length = word(s, &text);
  if (is_keyword(text, length, "as")) word(s, &text);
  else s->p = save;
}

/* `import a.b [as c], d`: false when the callback stopped. */
static bool scan_import(scanner *s, ml_import_fn each, void *data) {
  do {
    ml_import_ref ref = {0, NULL, 0, "", 0};
    ref.module_length = dotted(s, &ref.module);
    if (ref.module_length == 0) return true;
    skip_alias(s);
    if (!each(&ref, data)) return false;
  } while (take(s, ','));
  return true;
}

/* `from ..a.b import (x as y, z)` or `from . import *`. */
static bool scan_from(scanner *s, ml_import_fn each, void *data) {
  ml_import_ref ref = {0, "", 0, "", 0};
  skip_space(s);
  while (s->p < s->end && *s->p == '.') {
    ref.level++;
    s->p++;
    skip_space(s);
  }
  const char *save = s->p, *text;
  size_t length = word(s, &text);
  if (is_keyword(text, length, "import")) {
    ref.module = text;
  } else {
    s->p = save;
    ref.module_length = dotted(s, &ref.module);
    length = word(s, &text);
    if (!is_keyword(text, length, "import")) return true;
  }
  if (ref.level == 0 && ref.module_length == 0) return true;
  bool parenthesised = take(s, '(');
  if (take(s, '*')) {
    ref.name = "*";
    ref.name_length = 1;
    return each(&ref, data);
  }
  do {
    ref.name_length = word(s, &ref.name);
    if (ref.name_length == 0) break;
    skip_alias(s);
    if (!each(&ref, data)) return false;
  } while (take(s, ','));
  if (parenthesised) take(s, ')');
  return true;
}

/* Parses the statement that starts at `line`, if it is an import; returns where scanning goes on
 * (after what the statement spanned), or NULL when the callback stopped. */
static const char *scan_line(const char *line, const char *end, ml_import_fn each, void *data) {
  scanner s = {line, end, 0};
  skip_space(&s);
  const char *keyword;
  size_t n = word(&s, &keyword);
  if (!is_keyword(keyword, n, "import") && !is_keyword(keyword, n, "from")) return line;
  /* A statement never reaches further than this; a huge parenthesised list is cut short. */
  if ((size_t)(end - s.p) > MAX_STATEMENT) s.end = s.p + MAX_STATEMENT;
  bool go_on = keyword[0] == 'i' ? scan_import(&s, each, data) : scan_from(&s, each, data);
  return go_on ? s.p : NULL;
}

/* Where the statement holding `at` starts: its line's start, or an earlier line's when lines
 * before it end in a backslash. `bytes` is past any BOM. */
static const char *statement_start(const char *bytes, const char *at) {
  const char *line = at;
  for (;;) {
    /* Lines end in "\n", "\r\n" or a lone "\r" (as Python reads them). */
    while (line > bytes && line[-1] != '\n' && line[-1] != '\r') line--;
    /* A line continued with a backslash: the statement starts on the line before. */
    const char *prev_end = line - 1; /* the '\n' or '\r' */
    if (prev_end > bytes && prev_end[0] == '\n' && prev_end[-1] == '\r') prev_end--;
    if (line > bytes && prev_end > bytes && prev_end[-1] == '\\') line = prev_end - 1;
    else return line;
  }
}

static const char *skip_bom(const char *bytes, size_t length) {
  return length >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? bytes + 3 : bytes;
}

void ml_scan_imports(const char *bytes, size_t length, ml_import_fn each, void *data) {
  /* Every import statement holds the word "import": jumping from one to the next skips the lines
   * that cannot be imports without looking at them, which is most of a file. */
  const char *end = bytes + length;
  bytes = skip_bom(bytes, length);
  const char *done = bytes;
  for (const char *hit = bytes; hit < end;) {
    hit = ml__find(hit, (size_t)(end - hit), "import", 6);
    if (!hit) return;
    const char *line = statement_start(bytes, hit);
    if (line >= done) {
      const char *after = scan_line(line, end, each, data);
      if (!after) return;
      /* A parenthesised list spans lines: its own "import" words are already read. */
      if (after > hit) done = after;
    }
    hit += 6;
  }
}

bool ml_import_names_modal(const ml_import_ref *ref) {
  if (ref->level != 0 || ref->module_length < 5 || memcmp(ref->module, "modal", 5) != 0) return false;
  return ref->module_length == 5 || ref->module[5] == '.';
}

static bool stop_at_modal(const ml_import_ref *ref, void *data) {
  bool *found = data;
  *found = ml_import_names_modal(ref);
  return !*found;
}

/* An import of modal names it in its module part, so only the statements holding the text "modal"
 * need reading: the gate, which has found each, asks about them one by one. */
bool ml__statement_imports_modal(const char *bytes, size_t length, size_t at) {
  const char *start = skip_bom(bytes, length);
  if (bytes + at < start) return false;
  bool found = false;
  scan_line(statement_start(start, bytes + at), bytes + length, stop_at_modal, &found);
  return found;
}

bool ml_imports_modal(const char *bytes, size_t length) {
  const char *end = bytes + length;
  for (const char *hit = ml__find(bytes, length, "modal", 5); hit;
       hit = ml__find(hit + 5, (size_t)(end - hit - 5), "modal", 5))
    if (ml__statement_imports_modal(bytes, length, (size_t)(hit - bytes))) return true;
  return false;
}
