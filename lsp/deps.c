#include "deps.h"

#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/index.h"

/* Longest module key or identifier looked up; longer ones are not Python a project would write. */
#define MAX_KEY 512

typedef struct signer {
  const ml_file_info *info;
  uint64_t hash;
  bool volatile_imports;
  char **whole; /* keys of modules imported whole: names used through them are looked up */
  size_t whole_count;
  bool failed;  /* out of memory: the signature must not claim anything is unchanged */
} signer;

static void mix(uint64_t *hash, const void *data, size_t length) {
  const unsigned char *p = data;
  for (size_t i = 0; i < length; i++) *hash = (*hash ^ p[i]) * 1099511628211ULL; /* FNV-1a */
  *hash = (*hash ^ 0xFF) * 1099511628211ULL; /* a separator: "ab","c" differs from "a","bc" */
}

static void mix_int(uint64_t *hash, int value) { mix(hash, &value, sizeof value); }

/* The first candidate key of `ref` the index holds: the module the library binds the import to. */
static bool indexed_key(const ml_file_info *info, const ml_import_ref *ref, bool with_name,
                        char *out, size_t size) {
  for (size_t candidate = 0; ml_import_key(info, ref, with_name, candidate, out, size);
       candidate++)
    if (ml_index_has_module(info->index, out)) return true;
  return false;
}

static void add_whole(signer *s, const char *key) {
  for (size_t i = 0; i < s->whole_count; i++)
    if (strcmp(s->whole[i], key) == 0) return;
  char **whole = realloc(s->whole, (s->whole_count + 1) * sizeof *whole);
  char *copy = whole ? strdup(key) : NULL;
  if (whole) s->whole = whole;
  if (!copy) {
    s->failed = true;
    return;
  }
  s->whole[s->whole_count++] = copy;
}

static bool sign_import(const ml_import_ref *ref, void *data) {
  signer *s = data;
  bool star = ref->name_length == 1 && ref->name[0] == '*';
  bool named = ref->name_length > 0 && !star;
  char key[MAX_KEY], sub[MAX_KEY], name[MAX_KEY];
  bool has_key = indexed_key(s->info, ref, false, key, sizeof key);
  bool has_sub = named && indexed_key(s->info, ref, true, sub, sizeof sub);
  if (!has_key && !has_sub) return true; /* nothing first-party: the index is not asked */
  mix_int(&s->hash, (int)ref->level);
  mix(&s->hash, ref->module, ref->module_length);
  mix(&s->hash, ref->name, ref->name_length);
  if (has_key) {
    mix(&s->hash, key, strlen(key));
    if (named) {
      memcpy(name, ref->name, ref->name_length);
      name[ref->name_length] = '\0';
      mix_int(&s->hash, (int)ml_index_lookup(s->info->index, key, name));
    } else {
      mix_int(&s->hash, ml_index_exports_modal(s->info->index, key));
      add_whole(s, key);
      if (star) s->volatile_imports = true;
    }
  }
  if (has_sub) {
    /* `from pkg import common` binds the submodule when it exports Modal objects. */
    mix(&s->hash, sub, strlen(sub));
    mix_int(&s->hash, ml_index_exports_modal(s->info->index, sub));
    add_whole(s, sub);
  }
  return !s->failed;
}

static bool is_name_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool is_name_byte(unsigned char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

/* What every identifier of the text names in each module imported whole: `common.app` asks the
 * index for `app` of common. A superset of the names the library looks up (strings and comments
 * count too), which only costs look-ups. */
static void sign_names(signer *s, const char *bytes, size_t length) {
  char name[MAX_KEY];
  for (size_t i = 0; i < length;) {
    unsigned char c = (unsigned char)bytes[i];
    if (!is_name_byte(c)) {
      i++;
      continue;
    }
    size_t start = i;
    while (i < length && is_name_byte((unsigned char)bytes[i])) i++;
    size_t n = i - start;
    if (!is_name_start(c) || n >= sizeof name) continue; /* a number, or too long to be a name */
    memcpy(name, bytes + start, n);
    name[n] = '\0';
    for (size_t w = 0; w < s->whole_count; w++) {
      ml_export_kind kind = ml_index_lookup(s->info->index, s->whole[w], name);
      if (kind == ML_EXPORT_NONE) continue;
      mix(&s->hash, s->whole[w], strlen(s->whole[w]));
      mix(&s->hash, name, n);
      mix_int(&s->hash, (int)kind);
    }
  }
}

typedef struct import_list {
  char *text;
  size_t length, capacity;
  bool failed;
} import_list;

static void put(import_list *l, const char *bytes, size_t length) {
  if (l->failed) return;
  if (l->length + length + 1 > l->capacity) {
    size_t capacity = l->capacity ? l->capacity * 2 : 128;
    while (capacity < l->length + length + 1) capacity *= 2;
    char *text = realloc(l->text, capacity);
    if (!text) {
      l->failed = true;
      return;
    }
    l->text = text;
    l->capacity = capacity;
  }
  memcpy(l->text + l->length, bytes, length);
  l->length += length;
}

static bool note_import(const ml_import_ref *ref, void *data) {
  import_list *l = data;
  if (ml_import_names_modal(ref) || ref->module_length >= MAX_KEY || ref->name_length >= MAX_KEY)
    return true;
  char level = (char)('0' + (ref->level > 9 ? 9 : ref->level));
  put(l, &level, 1);
  put(l, "\t", 1);
  put(l, ref->module, ref->module_length);
  put(l, "\t", 1);
  put(l, ref->name, ref->name_length);
  put(l, "\n", 1);
  return !l->failed;
}

int lsp_scan_imports(const char *bytes, size_t length, char **out, size_t *out_length) {
  import_list l = {NULL, 0, 0, false};
  ml_scan_imports(bytes, length, note_import, &l);
  if (l.failed) {
    free(l.text);
    *out = NULL;
    *out_length = 0;
    return ML_ENOMEM;
  }
  *out = l.text;
  *out_length = l.length;
  return ML_OK;
}

uint64_t lsp_import_signature(const ml_file_info *info, const char *imports, size_t imports_length,
                              const char *bytes, size_t length, bool *volatile_imports) {
  signer s = {info, 1469598103934665603ULL, false, NULL, 0, false};
  if (info && info->index && ml_index_module_count(info->index) > 0) {
    for (const char *line = imports; !s.failed && line && line < imports + imports_length;) {
      const char *end = memchr(line, '\n', (size_t)(imports + imports_length - line));
      const char *tab1 = end ? memchr(line, '\t', (size_t)(end - line)) : NULL;
      const char *tab2 = tab1 ? memchr(tab1 + 1, '\t', (size_t)(end - tab1 - 1)) : NULL;
      if (!tab2) break;
      ml_import_ref ref = {(unsigned)(line[0] - '0'), tab1 + 1, (size_t)(tab2 - tab1 - 1),
                           tab2 + 1, (size_t)(end - tab2 - 1)};
      sign_import(&ref, &s);
      line = end + 1;
    }
    if (!s.failed && s.whole_count) sign_names(&s, bytes, length);
  }
  for (size_t i = 0; i < s.whole_count; i++) free(s.whole[i]);
  free(s.whole);
  /* Unknown: a signature that can never match, so the document is linted again next time. */
  if (s.failed) s.volatile_imports = true;
  *volatile_imports = s.volatile_imports;
  return s.hash;
}
