#include "imports.h"

#include <stdio.h>
#include <string.h>

static bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (unsigned char)c >= 0x80;
}

/* Whether `word` occurs anywhere in the file as a whole word. Deliberately blunt: a name that
 * appears in a string or comment also counts, which can only make the helper more careful. */
static bool word_occurs(const char *bytes, uint32_t length, const char *word) {
  size_t n = strlen(word);
  const char *p = bytes, *end = bytes + length;
  while ((p = memmem(p, (size_t)(end - p), word, n)) != NULL) {
    bool starts = p == bytes || !is_word_char(p[-1]);
    bool ends = p + n == end || !is_word_char(p[n]);
    if (starts && ends) return true;
    p += n;
  }
  return false;
}

static bool spell(char *spelling, size_t size, const char *prefix, size_t prefix_length,
                  const char *name) {
  int written = snprintf(spelling, size, "%.*s%s%s", (int)prefix_length, prefix,
                         prefix_length ? "." : "", name);
  return written > 0 && (size_t)written < size;
}

bool ml__fix_modal_name(ml__ctx *ctx, ml_fix *fix, const char *name, char *spelling, size_t size) {
  ml__semantic *sem = &ctx->sem;
  char wanted[128];
  if (!spell(wanted, sizeof wanted, "modal", 5, name)) return false;

  /* Already imported under some name that still holds it. */
  for (size_t i = 0; i < sem->bindings.count; i++) {
    const ml__binding *b = ml__vec_at(&sem->bindings, i);
    if (!b->qualname || strcmp(b->qualname, wanted) != 0) continue;
    if (ml__semantic_lookup(sem, b->name, b->name_length) != b) continue;
    int written = snprintf(spelling, size, "%.*s", (int)b->name_length, b->name);
    return written > 0 && (size_t)written < size;
  }
  if (sem->imports.have_modal_module) {
    /* `import modal.experimental` after `import modal` binds `modal` again, to the same module:
     * what matters is that the name still holds the modal package. */
    const ml__binding *module = ml__vec_at(&sem->bindings, sem->imports.modal_module);
    const ml__binding *live = ml__semantic_lookup(sem, module->name, module->name_length);
    if (live && live->qualname && strcmp(live->qualname, "modal") == 0)
      return spell(spelling, size, module->name, module->name_length, name);
  }
  uint32_t length = ml_source_length(ctx->source);
  if (sem->imports.have_from_modal && !word_occurs(ctx->bytes, length, name)) {
    char text[160];
    snprintf(text, sizeof text, ", %s", name);
    ml__fix_edit(ctx, fix, sem->imports.from_modal_insert, sem->imports.from_modal_insert, text);
    return spell(spelling, size, "", 0, name);
  }
  if (sem->imports.have_first_import && !ml__semantic_lookup(sem, "modal", 5)) {
    char text[32];
    snprintf(text, sizeof text, "import modal%s", ml_source_newline(ctx->source));
    ml__fix_edit(ctx, fix, sem->imports.first_import_line_start,
                 sem->imports.first_import_line_start, text);
    return spell(spelling, size, "modal", 5, name);
  }
  return false;
}
