/* Import statements kept as text (workspace.h): scanning a file once and reading its imports back
 * later (to follow them, or to sign what a lint reads through them) without scanning again. */
#include "workspace.h"

#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"

typedef struct import_text {
  ml__vec text; /* of char */
  bool first_party_only;
  bool names_modal;
  bool failed;
} import_text;

static bool note_import(const ml_import_ref *ref, void *data) {
  import_text *t = data;
  bool modal = ml_import_names_modal(ref);
  t->names_modal |= modal;
  if (t->first_party_only &&
      (modal || ref->module_length >= WS_MAX_KEY || ref->name_length >= WS_MAX_KEY))
    return true;
  char level = (char)('0' + (ref->level > 9 ? 9 : ref->level));
  t->failed = ml__vec_append(&t->text, &level, 1) || ml__vec_append(&t->text, "\t", 1) ||
              ml__vec_append(&t->text, ref->module, ref->module_length) ||
              ml__vec_append(&t->text, "\t", 1) ||
              ml__vec_append(&t->text, ref->name, ref->name_length) ||
              ml__vec_append(&t->text, "\n", 1);
  return !t->failed;
}

int ws_scan_imports(const char *bytes, size_t length, bool first_party_only, char **out,
                    size_t *out_length, bool *names_modal) {
  import_text t = {{0}, first_party_only, false, false};
  ml__vec_init(&t.text, 1);
  ml_scan_imports(bytes, length, note_import, &t);
  if (t.failed) {
    ml__vec_free(&t.text);
    *out = NULL;
    *out_length = 0;
    return ML_ENOMEM;
  }
  *out = t.text.data;
  *out_length = t.text.count;
  if (names_modal) *names_modal = t.names_modal;
  return ML_OK;
}

bool ws_next_import(const char **line, const char *end, ml_import_ref *ref) {
  const char *p = *line;
  const char *eol = p && p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
  const char *tab1 = eol ? memchr(p, '\t', (size_t)(eol - p)) : NULL;
  const char *tab2 = tab1 ? memchr(tab1 + 1, '\t', (size_t)(eol - tab1 - 1)) : NULL;
  if (!tab2) return false;
  *ref = (ml_import_ref){(unsigned)(p[0] - '0'), tab1 + 1, (size_t)(tab2 - tab1 - 1), tab2 + 1,
                         (size_t)(eol - tab2 - 1)};
  *line = eol + 1;
  return true;
}
