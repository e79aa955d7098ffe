/* The cheap gate: see gate.h. */
#include "gate.h"

#include <string.h>

#include "find.h"
#include "index_internal.h"
#include "modallint/index.h"
#include "modallint/lint.h"
#include "shellcmd.h"

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* Whether some "modal" in the text is followed by a quote (an argv word, `["modal", "run", ...]`,
 * or `import_module("modal")`) or by blanks and a word that may be a Modal subcommand: what MDL123
 * reads in Python strings. Over-approximate: "modal running" passes too. */
static bool may_name_modal_command(const char *bytes, size_t length) {
  const char *end = bytes + length;
  for (const char *hit = ml__find(bytes, length, "modal", 5); hit;
       hit = ml__find(hit + 5, (size_t)(end - hit - 5), "modal", 5)) {
    const char *p = hit + 5;
    if (p < end && (*p == '"' || *p == '\'')) return true;
    if (p == end || !is_blank(*p)) continue;
    while (p < end && is_blank(*p)) p++;
    if (ml__is_modal_subcommand_prefix(p, (size_t)(end - p))) return true;
  }
  return false;
}

static bool python_passes(const char *bytes, size_t length) {
  return ml_imports_modal(bytes, length) || may_name_modal_command(bytes, length) ||
         ml__find(bytes, length, "noqa", 4) != NULL;
}

bool ml_mentions_modal(const char *bytes, size_t length) {
  return ml__find(bytes, length, "modal", 5) != NULL;
}

bool ml__passes_gate(const ml_source *source, const ml_file_info *file) {
  const char *bytes = ml_source_bytes(source);
  size_t length = ml_source_length(source);
  bool python = file->kind == ML_FILE_PYTHON;
  bool index_says = python && file->index &&
                    ml__index_file_imports_modal(file->index, file, bytes, length);
  if (!ml_mentions_modal(bytes, length)) return index_says;
  return !python || index_says || python_passes(bytes, length);
}
