#include "hover.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "positions.h"
#include "session.h"

static bool is_code_char(char c) { return isalnum((unsigned char)c) || c == '-' || c == '_'; }

/* The rule named by the word under `offset` when that word follows a `# noqa` on its line. */
static const ml_rule *noqa_rule_at(const ml_source *source, uint32_t offset, uint32_t *start,
                                   uint32_t *end) {
  const char *bytes = ml_source_bytes(source);
  uint32_t line = ml_source_position(source, offset, ML_COLUMN_UTF8).line;
  uint32_t line_start = ml_source_line_start(source, line);
  uint32_t line_end = ml_source_line_end(source, line);
  uint32_t s = offset, e = offset;
  while (s > line_start && is_code_char(bytes[s - 1])) s--;
  while (e < line_end && is_code_char(bytes[e])) e++;
  if (e == s || e - s > 63) return NULL;
  bool after_noqa = false;
  for (uint32_t p = line_start; p + 4 <= s; p++) {
    if (bytes[p] != '#') continue;
    uint32_t q = p + 1;
    while (q < s && isspace((unsigned char)bytes[q])) q++;
    if (q + 4 <= s && strncasecmp(bytes + q, "noqa", 4) == 0) after_noqa = true;
  }
  if (!after_noqa) return NULL;
  char word[64];
  memcpy(word, bytes + s, e - s);
  word[e - s] = '\0';
  *start = s;
  *end = e;
  return ml_rule_find(word);
}

static char *documentation(const ml_rule *rule) {
  const char *doc = rule->doc ? rule->doc : "";
  const char *url = ml_rule_url(rule);
  size_t size = strlen(rule->code) + strlen(rule->slug) + strlen(rule->title) + strlen(doc) +
                strlen(url) + 64;
  char *text = malloc(size);
  if (text)
    snprintf(text, size, "**%s** `%s`: %s\n\n%s\n\n[Migration notes](%s)", rule->code, rule->slug,
             rule->title, doc, url);
  return text;
}

int lsp_handle_hover(lsp_server *server, json_t *params, json_t **result, lsp_error *err) {
  lsp_document *document = lsp_server_document(server, params, err);
  if (!document) return -1;
  uint32_t offset;
  if (lsp_offset_from_json(document->source, json_object_get(params, "position"),
                           server->encoding, &offset, err))
    return -1;
  const ml_rule *rule = NULL;
  uint32_t start = 0, end = 0;
  for (size_t i = 0; i < document->diags.count && !rule; i++) {
    const ml_diag *diag = &document->diags.items[i];
    if (diag->start <= offset && offset <= diag->end) {
      rule = diag->rule;
      start = diag->start;
      end = diag->end;
    }
  }
  if (!rule) rule = noqa_rule_at(document->source, offset, &start, &end);
  if (!rule) {
    *result = json_null();
    return 0;
  }
  char *text = documentation(rule);
  if (!text) return lsp_fail(err, LSP_INTERNAL_ERROR, "out of memory");
  *result = json_pack("{s:{s:s, s:s}, s:o}", "contents", "kind", "markdown", "value", text,
                      "range", lsp_range_json(document->source, start, end, server->encoding));
  free(text);
  return *result ? 0 : lsp_fail(err, LSP_INTERNAL_ERROR, "out of memory");
}
