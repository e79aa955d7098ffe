#include "code_actions.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diagnostics.h"
#include "log.h"
#include "session.h"
#include "modallint/error.h"
#include "modallint/fix.h"
#include "positions.h"

typedef enum action_kind { ACTION_FIX, ACTION_NOQA, ACTION_FIX_ALL } action_kind;

static const char *const action_names[] = {"fix", "noqa", "fixAll"};

/* One replacement; `text` is owned. */
typedef struct byte_edit {
  uint32_t start;
  uint32_t end;
  char *text;
} byte_edit;

static json_t *workspace_edit(const lsp_server *server, const lsp_document *document,
                              const ml_edit *edits, size_t count) {
  json_t *text_edits = json_array();
  for (size_t i = 0; text_edits && i < count; i++) {
    if (json_array_append_new(text_edits,
                              json_pack("{s:o, s:s}", "range",
                                        lsp_range_json(document->source, edits[i].start,
                                                       edits[i].end, server->encoding),
                                        "newText", edits[i].text))) {
      json_decref(text_edits);
      return NULL;
    }
  }
  if (!text_edits) return NULL;
  if (server->caps.document_changes)
    return json_pack("{s:[{s:{s:s, s:I}, s:o}]}", "documentChanges", "textDocument", "uri",
                     document->uri, "version", document->version, "edits", text_edits);
  return json_pack("{s:{s:o}}", "changes", document->uri, text_edits);
}

static bool is_code_char(char c) { return isalnum((unsigned char)c) || c == '-' || c == '_'; }

/* Where the noqa directive in comment [start, end) begins its code list: the byte after "noqa".
 * NULL when the comment has none. */
static const char *find_noqa(const char *p, const char *end) {
  for (; p < end; p++) {
    if (*p != '#') continue;
    const char *q = p + 1;
    while (q < end && isspace((unsigned char)*q)) q++;
    if (end - q >= 4 && strncasecmp(q, "noqa", 4) == 0 && (end - q == 4 || !is_code_char(q[4])))
      return q + 4;
  }
  return NULL;
}

/* A string that continues past `line_end` would swallow a comment appended to this line. */
static bool inside_multiline_string(TSNode node, uint32_t line_end) {
  for (; !ts_node_is_null(node); node = ts_node_parent(node))
    if (strcmp(ts_node_type(node), "string") == 0 && ts_node_end_byte(node) > line_end) return true;
  return false;
}

/* The edit that adds `code` to the line's `# noqa:` comment, or appends one. False when the line
 * cannot take a comment (it continues a string or ends with a backslash) or already has a bare
 * `# noqa`. */
static bool noqa_edit(lsp_server *server, lsp_document *document, const ml_diag *diag,
                      byte_edit *out) {
  const ml_source *source = document->source;
  const char *bytes = ml_source_bytes(source);
  uint32_t line = ml_source_position(source, diag->start, ML_COLUMN_UTF8).line;
  uint32_t line_start = ml_source_line_start(source, line);
  uint32_t line_end = ml_source_line_end(source, line);
  uint32_t end = line_end;
  while (end > line_start && (bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) end--;
  if (end > line_start && bytes[end - 1] == '\\') return false;
  /* Kept only for recently edited documents: parsed again when it was dropped. */
  const TSTree *tree = lsp_documents_tree(&server->documents, document, server->linter);
  if (!tree) return false;
  const char *code = diag->rule->code;
  char text[96];
  uint32_t at = end;
  snprintf(text, sizeof text, "%s# noqa: %s", end > line_start ? "  " : "", code);
  if (end > line_start) {
    TSNode node = ts_node_descendant_for_byte_range(ts_tree_root_node(tree), end - 1, end);
    if (inside_multiline_string(node, line_end)) return false;
    if (strcmp(ts_node_type(node), "comment") == 0) {
      const char *comment_end = bytes + ts_node_end_byte(node);
      const char *directive = find_noqa(bytes + ts_node_start_byte(node), comment_end);
      if (directive) {
        if (*directive != ':') return false; /* a bare noqa already silences the line */
        const char *p = directive + 1, *last = NULL;
        for (; p < comment_end && *p != '#'; p++)
          if (is_code_char(*p)) last = p + 1;
        at = (uint32_t)((last ? last : directive + 1) - bytes);
        snprintf(text, sizeof text, "%s%s", last ? ", " : " ", code);
      }
    }
  }
  out->start = at;
  out->end = at;
  out->text = strdup(text);
  return out->text != NULL;
}

/* The fixed text as one edit covering only what changed, so the client keeps cursors and folds
 * outside it. The edit never splits a UTF-8 sequence or a CRLF. */
static bool diff_edit(const ml_source *before, const ml_source *after, byte_edit *out) {
  const char *a = ml_source_bytes(before), *b = ml_source_bytes(after);
  uint32_t alen = ml_source_length(before), blen = ml_source_length(after);
  uint32_t prefix = 0;
  while (prefix < alen && prefix < blen && a[prefix] == b[prefix]) prefix++;
  if (prefix == alen && prefix == blen) return false;
  while (prefix > 0 && (((unsigned char)a[prefix] & 0xC0) == 0x80 ||
                        (a[prefix] == '\n' && a[prefix - 1] == '\r')))
    prefix--;
  uint32_t suffix = 0;
  while (suffix < alen - prefix && suffix < blen - prefix &&
         a[alen - 1 - suffix] == b[blen - 1 - suffix])
    suffix++;
  while (suffix > 0 && (((unsigned char)a[alen - suffix] & 0xC0) == 0x80 ||
                        (a[alen - suffix] == '\n' && a[alen - suffix - 1] == '\r')))
    suffix--;
  out->start = prefix;
  out->end = alen - suffix;
  out->text = strndup(b + prefix, blen - suffix - prefix);
  return out->text != NULL;
}

/* Applies every safe fix (and unsafe ones when the settings allow) to a copy of the text. */
static bool fix_all_edit(lsp_server *server, const lsp_document *document, byte_edit *out) {
  bool unsafe_fixes = lsp_server_unsafe_fixes(server, document->uri);
  bool any_fix = false;
  for (size_t i = 0; i < document->diags.count; i++) {
    const ml_fix *fix = document->diags.items[i].fix;
    if (fix && (fix->applicability == ML_APPLICABILITY_SAFE ||
                (fix->applicability == ML_APPLICABILITY_UNSAFE && unsafe_fixes)))
      any_fix = true;
  }
  if (!any_fix) return false;
  ml_fix_result result;
  lsp_file file;
  lsp_server_describe(server, document->uri, &file);
  int err = ml_fix_file(server->linter, document->source, &file.info, unsafe_fixes,
                        &result);
  lsp_file_clear(&file);
  if (err) {
    lsp_log(LSP_LOG_ERROR, "%s: fixing failed: %s", document->uri, ml_strerror(err));
    return false;
  }
  for (size_t i = 0; i < result.rejected_count; i++)
    lsp_log(LSP_LOG_WARN, "%s: %s: fix \"%s\" skipped: it would introduce a syntax error",
            document->uri, result.rejected[i].rule->code, result.rejected[i].title);
  bool changed = result.applied > 0 && diff_edit(document->source, result.fixed, out);
  ml_fix_result_clear(&result);
  return changed;
}

/* Computes the edit of one action; false when it has none (any more). */
static bool action_edit(lsp_server *server, lsp_document *document, action_kind kind,
                        size_t index, json_t **edit) {
  byte_edit single = {0, 0, NULL};
  bool ok;
  if (kind == ACTION_FIX_ALL) {
    ok = fix_all_edit(server, document, &single);
  } else if (index >= document->diags.count) {
    return false;
  } else if (kind == ACTION_NOQA) {
    ok = noqa_edit(server, document, &document->diags.items[index], &single);
  } else {
    const ml_fix *fix = document->diags.items[index].fix;
    if (!fix) return false;
    *edit = workspace_edit(server, document, fix->edits, fix->edit_count);
    return *edit != NULL;
  }
  if (!ok) return false;
  ml_edit e = {single.start, single.end, single.text};
  *edit = workspace_edit(server, document, &e, 1);
  free(single.text);
  return *edit != NULL;
}

static bool kind_wanted(const json_t *only, const char *kind) {
  if (!json_is_array(only)) return true;
  size_t i;
  const json_t *item;
  json_array_foreach(only, i, item) {
    const char *prefix = lsp_string_value(item);
    if (!prefix) continue;
    size_t length = strlen(prefix);
    if (strncmp(kind, prefix, length) == 0 && (kind[length] == '\0' || kind[length] == '.'))
      return true;
  }
  return false;
}

/* Adds one action. With resolve support the edit waits for codeAction/resolve; `data` says which
 * action of which version of the document it is. */
static int add_action(lsp_server *server, lsp_document *document, json_t *actions,
                      action_kind kind, size_t index, const char *title, const char *action_kind,
                      json_t *diagnostics, bool preferred) {
  json_t *action = json_pack("{s:s, s:s}", "title", title, "kind", action_kind);
  if (!action) return -1;
  if (diagnostics) json_object_set_new(action, "diagnostics", diagnostics);
  if (preferred) json_object_set_new(action, "isPreferred", json_true());
  if (server->caps.resolve_edit) {
    json_object_set_new(action, "data",
                        json_pack("{s:s, s:I, s:s, s:I}", "uri", document->uri, "version",
                                  document->version, "action", action_names[kind], "index",
                                  (json_int_t)index));
  } else {
    json_t *edit = NULL;
    if (!action_edit(server, document, kind, index, &edit)) {
      json_decref(action);
      return 0;
    }
    json_object_set_new(action, "edit", edit);
  }
  return json_array_append_new(actions, action);
}

int lsp_handle_code_action(lsp_server *server, json_t *params, json_t **result, lsp_error *err) {
  lsp_document *document = lsp_server_document(server, params, err);
  if (!document) return -1;
  uint32_t start, end;
  if (lsp_range_from_json(document->source, json_object_get(params, "range"), server->encoding,
                          &start, &end, err))
    return -1;
  json_t *context = json_object_get(params, "context");
  if (context && !json_is_object(context))
    return lsp_fail(err, LSP_INVALID_PARAMS, "context must be an object");
  const json_t *only = json_object_get(context, "only");
  json_t *actions = json_array();
  if (!actions) return lsp_fail(err, LSP_INTERNAL_ERROR, "out of memory");
  bool quickfix = kind_wanted(only, "quickfix");
  for (size_t i = 0; quickfix && i < document->diags.count; i++) {
    const ml_diag *diag = &document->diags.items[i];
    if (diag->start > end || diag->end < start) continue;
    char title[512];
    const ml_fix *fix = diag->fix;
    if (fix && fix->applicability != ML_APPLICABILITY_DISPLAY_ONLY) {
      bool safe = fix->applicability == ML_APPLICABILITY_SAFE;
      snprintf(title, sizeof title, "%s (%s): %s%s", LSP_SOURCE_NAME, diag->rule->code,
               fix->title, safe ? "" : " (unsafe)");
      add_action(server, document, actions, ACTION_FIX, i, title, "quickfix",
                 json_pack("[o]", lsp_diagnostic_json(server, document, diag)), safe);
    }
    byte_edit probe;
    if (noqa_edit(server, document, diag, &probe)) {
      free(probe.text);
      snprintf(title, sizeof title, "Disable %s for this line", diag->rule->code);
      add_action(server, document, actions, ACTION_NOQA, i, title, "quickfix",
                 json_pack("[o]", lsp_diagnostic_json(server, document, diag)), false);
    }
  }
  if (kind_wanted(only, LSP_FIX_ALL_KIND)) {
    bool unsafe_fixes = lsp_server_unsafe_fixes(server, document->uri);
    bool fixable = false;
    for (size_t i = 0; i < document->diags.count; i++) {
      const ml_fix *fix = document->diags.items[i].fix;
      if (fix && (fix->applicability == ML_APPLICABILITY_SAFE ||
                  (fix->applicability == ML_APPLICABILITY_UNSAFE && unsafe_fixes)))
        fixable = true;
    }
    if (fixable)
      add_action(server, document, actions, ACTION_FIX_ALL, 0,
                 unsafe_fixes ? "modal-lint: Fix all (including unsafe fixes)"
                                               : "modal-lint: Fix all safe findings",
                 LSP_FIX_ALL_KIND, NULL, false);
  }
  *result = actions;
  return 0;
}

int lsp_handle_code_action_resolve(lsp_server *server, json_t *params, json_t **result,
                                   lsp_error *err) {
  json_t *data = json_object_get(params, "data");
  const char *uri = lsp_string_value(json_object_get(data, "uri"));
  const char *name = lsp_string_value(json_object_get(data, "action"));
  json_t *version = json_object_get(data, "version");
  json_t *index = json_object_get(data, "index");
  if (!json_is_object(params) || !uri || !name || !json_is_integer(version) ||
      !json_is_integer(index) || json_integer_value(index) < 0)
    return lsp_fail(err, LSP_INVALID_PARAMS, "not a code action from modal-lint");
  action_kind kind;
  if (strcmp(name, "fix") == 0) kind = ACTION_FIX;
  else if (strcmp(name, "noqa") == 0) kind = ACTION_NOQA;
  else if (strcmp(name, "fixAll") == 0) kind = ACTION_FIX_ALL;
  else return lsp_fail(err, LSP_INVALID_PARAMS, "unknown code action `%s`", name);
  lsp_document *document = lsp_documents_find(&server->documents, uri);
  if (!document) return lsp_fail(err, LSP_INVALID_PARAMS, "unknown document %s", uri);
  if (document->version != json_integer_value(version))
    return lsp_fail(err, LSP_CONTENT_MODIFIED, "the document changed since the action was offered");
  json_t *edit = NULL;
  if (!action_edit(server, document, kind, (size_t)json_integer_value(index), &edit))
    return lsp_fail(err, LSP_CONTENT_MODIFIED, "the action no longer applies");
  *result = json_deep_copy(params);
  if (!*result || json_object_set_new(*result, "edit", edit)) {
    json_decref(*result);
    return lsp_fail(err, LSP_INTERNAL_ERROR, "out of memory");
  }
  return 0;
}

int lsp_handle_execute_command(lsp_server *server, json_t *params, json_t **result,
                               lsp_error *err) {
  const char *command = lsp_string_value(json_object_get(params, "command"));
  if (!command) return lsp_fail(err, LSP_INVALID_PARAMS, "command must be a string");
  if (strcmp(command, LSP_AUTOFIX_COMMAND) != 0)
    return lsp_fail(err, LSP_INVALID_PARAMS, "unknown command `%s`", command);
  json_t *argument = json_array_get(json_object_get(params, "arguments"), 0);
  const char *uri = json_is_string(argument) ? lsp_string_value(argument)
                                             : lsp_string_value(json_object_get(argument, "uri"));
  if (!uri) return lsp_fail(err, LSP_INVALID_PARAMS, "arguments[0] must be a document uri");
  lsp_document *document = lsp_documents_find(&server->documents, uri);
  if (!document) return lsp_fail(err, LSP_INVALID_PARAMS, "unknown document %s", uri);
  json_t *version = json_object_get(argument, "version");
  if (json_is_integer(version) && json_integer_value(version) != document->version)
    return lsp_fail(err, LSP_CONTENT_MODIFIED, "the document changed since the command was sent");
  if (!server->caps.apply_edit)
    return lsp_fail(err, LSP_INVALID_REQUEST, "the client does not support workspace/applyEdit");
  json_t *edit = NULL;
  if (action_edit(server, document, ACTION_FIX_ALL, 0, &edit))
    lsp_rpc_request(&server->rpc, "workspace/applyEdit",
                    json_pack("{s:s, s:o}", "label", "modal-lint: Fix all", "edit", edit));
  *result = json_null();
  return 0;
}
