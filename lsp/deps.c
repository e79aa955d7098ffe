#include "deps.h"

#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/index.h"
#include "workspace.h"

typedef struct signer {
  const ml_file_info *info;
  uint64_t hash;
  bool volatile_imports;
  ml__vec whole; /* of char *: keys of modules imported whole, whose names used are looked up */
  bool failed;  /* out of memory: the signature must not claim anything is unchanged */
} signer;

static void mix(uint64_t *hash, const void *data, size_t length) {
  static const unsigned char separator = 0xFF; /* "ab","c" differs from "a","bc" */
  *hash = ml__fnv1a(ml__fnv1a(*hash, data, length), &separator, 1);
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

static const char *whole_at(const signer *s, size_t i) { return ((char **)s->whole.data)[i]; }

static void add_whole(signer *s, const char *key) {
  for (size_t i = 0; i < s->whole.count; i++)
    if (strcmp(whole_at(s, i), key) == 0) return;
  char *copy = strdup(key);
  if (!copy || ml__vec_push(&s->whole, &copy) != ML_OK) {
    free(copy);
    s->failed = true;
  }
}

static bool sign_import(const ml_import_ref *ref, void *data) {
  signer *s = data;
  bool star = ref->name_length == 1 && ref->name[0] == '*';
  bool named = ref->name_length > 0 && !star;
  char key[WS_MAX_KEY], sub[WS_MAX_KEY], name[WS_MAX_KEY];
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
  char name[WS_MAX_KEY];
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
    for (size_t w = 0; w < s->whole.count; w++) {
      ml_export_kind kind = ml_index_lookup(s->info->index, whole_at(s, w), name);
      if (kind == ML_EXPORT_NONE) continue;
      mix(&s->hash, whole_at(s, w), strlen(whole_at(s, w)));
      mix(&s->hash, name, n);
      mix_int(&s->hash, (int)kind);
    }
  }
}

int lsp_scan_imports(const char *bytes, size_t length, char **out, size_t *out_length) {
  return ws_scan_imports(bytes, length, true, out, out_length, NULL);
}

uint64_t lsp_import_signature(const ml_file_info *info, const char *imports, size_t imports_length,
                              const char *bytes, size_t length, bool *volatile_imports) {
  signer s = {info, ML__FNV1A_BASIS, false, {0}, false};
  ml__vec_init(&s.whole, sizeof(char *));
  if (info && info->index && ml_index_module_count(info->index) > 0) {
    ml_import_ref ref;
    const char *end = imports ? imports + imports_length : NULL; /* NULL + 0 is undefined */
    for (const char *line = imports; !s.failed && ws_next_import(&line, end, &ref);)
      sign_import(&ref, &s);
    if (!s.failed && s.whole.count) sign_names(&s, bytes, length);
  }
  for (size_t i = 0; i < s.whole.count; i++) free(((char **)s.whole.data)[i]);
  ml__vec_free(&s.whole);
  /* Unknown: a signature that can never match, so the document is linted again next time. */
  if (s.failed) s.volatile_imports = true;
  *volatile_imports = s.volatile_imports;
  return s.hash;
}
