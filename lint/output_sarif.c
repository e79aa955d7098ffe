/* SARIF 2.1.0 as GitHub code scanning ingests it (see reference/peer-tools.md §4): relative URIs
 * under %SRCROOT%, regions in UTF-16 code units with the run's columnKind, our own
 * primaryLocationLineHash, rules with help, and fixes. Built with jansson and written once the run
 * is over, in the order the inputs were processed. */
#include "output_sarif.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_ZLIB
#include <zlib.h>
#endif

#include "modallint/error.h"
#include "modallint/rule.h"
#include "modallint/version.h"

#include "fingerprint.h"
#include "messages.h"
#include "notebook.h"
#include "workspace.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT "%SRCROOT%"
#define MAX_DESCRIPTION 1024 /* GitHub's limit on short and full descriptions */

struct cli_sarif {
  const ml_options *options;
  char *root;                        /* the working directory */
  json_t *rules;                     /* reportingDescriptor objects */
  size_t rule_slot[ML_MAX_RULES];    /* registry index -> index in `rules` */
  json_t *results;
};

/* --- helpers ----------------------------------------------------------------------------- */

static json_t *text(const char *s, size_t n) { return cli_json_text(s, n); }

static json_t *message(const char *s) {
  json_t *o = json_object();
  if (o != NULL && json_object_set_new(o, "text", text(s, strlen(s))) != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* SARIF's style rule SARIF2001 wants messages to end as sentences do. */
static json_t *sentence(const char *s) {
  size_t n = strlen(s);
  bool ended = n > 0 && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?');
  char *full = malloc(n + 2);
  if (full == NULL)
    return NULL;
  memcpy(full, s, n);
  full[n] = '.';
  full[n + (ended ? 0 : 1)] = '\0';
  json_t *o = message(full);
  free(full);
  return o;
}

/* The first paragraph after the doc's "## What it does" heading, cut to GitHub's limit on a
 * character boundary. */
static json_t *summary_of(const ml_rule *rule) {
  const char *doc = rule->doc;
  const char *heading = strstr(doc, "## What it does\n");
  const char *start = heading ? heading + strlen("## What it does\n") : doc;
  const char *end = strstr(start, "\n\n");
  size_t n = end ? (size_t)(end - start) : strlen(start);
  while (n > 0 && (start[n - 1] == '\n' || start[n - 1] == ' '))
    n--;
  if (n > MAX_DESCRIPTION - 4) {
    n = MAX_DESCRIPTION - 4;
    while (n > 0 && ((unsigned char)start[n] & 0xC0) == 0x80)
      n--;
  }
  char *copy = malloc(n + 1);
  if (copy == NULL)
    return NULL;
  memcpy(copy, start, n);
  copy[n] = '\0';
  json_t *o = sentence(copy);
  free(copy);
  return o;
}

static const char *level_name(ml_severity severity) {
  return severity == ML_SEVERITY_ERROR ? "error" : "warning";
}

static json_t *rule_tags(const ml_rule *rule) {
  const char *family = rule->code[3] == '1' ? "modal-1.0" : rule->code[3] == '2' ? "modal-1.x"
                                                                                 : "suppression";
  return json_pack("[s,s,s]", "modal", family, rule->code[3] == '0' ? "maintainability"
                                                                     : "deprecation");
}

static json_t *rule_object(const ml_rule *rule, ml_version target) {
  ml_severity severity = ml_rule_severity(rule, target);
  json_t *o = json_object();
  json_t *help = json_object();
  json_t *config = json_pack("{s:s}", "level", level_name(severity));
  json_t *props = json_pack("{s:o,s:s,s:s}", "tags", rule_tags(rule), "precision", "high",
                            "problem.severity", level_name(severity));
  if (o == NULL || help == NULL || config == NULL || props == NULL ||
      json_object_set_new(help, "text", text(rule->doc, strlen(rule->doc))) != 0 ||
      json_object_set_new(help, "markdown", text(rule->doc, strlen(rule->doc))) != 0 ||
      json_object_set_new(o, "id", json_string(rule->code)) != 0 ||
      json_object_set_new(o, "name", json_string(rule->slug)) != 0 ||
      json_object_set_new(o, "shortDescription", sentence(rule->title)) != 0 ||
      json_object_set_new(o, "fullDescription", summary_of(rule)) != 0 ||
      json_object_set_new(o, "help", help) != 0 ||
      json_object_set_new(o, "helpUri", json_string(ml_rule_url(rule))) != 0 ||
      json_object_set_new(o, "defaultConfiguration", config) != 0 ||
      json_object_set_new(o, "properties", props) != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

static int add_rules(cli_sarif *sarif) {
  for (size_t i = 0; i < ml_rule_count(); i++) {
    const ml_rule *rule = ml_rule_at(i);
    sarif->rule_slot[i] = SIZE_MAX;
    if (!ml_rule_set_has(&sarif->options->rules, rule) ||
        !ml_rule_applies_to(rule, sarif->options->target))
      continue;
    sarif->rule_slot[i] = json_array_size(sarif->rules);
    if (json_array_append_new(sarif->rules, rule_object(rule, sarif->options->target)) != 0)
      return ML_ENOMEM;
  }
  return ML_OK;
}

/* --- results ------------------------------------------------------------------------------- */

static json_t *artifact_location(const char *uri, bool relative) {
  json_t *o = json_pack("{s:s}", "uri", uri);
  if (o != NULL && relative && json_object_set_new(o, "uriBaseId", json_string(SRCROOT)) != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

static json_t *region_between(ml_position a, ml_position b) {
  return json_pack("{s:I,s:I,s:I,s:I}", "startLine", (json_int_t)a.line, "startColumn",
                   (json_int_t)a.column, "endLine", (json_int_t)b.line, "endColumn",
                   (json_int_t)b.column);
}

/* From offset `start` to offset `end` of the linted text, in the file. */
static json_t *region(const cli_report_file *file, uint32_t start, uint32_t end) {
  return region_between(cli_report_file_position(file, start, ML_COLUMN_UTF16),
                        cli_report_file_position(file, end, ML_COLUMN_UTF16));
}

/* Replace bytes [start, end) of the file's own bytes with `inserted`. */
static json_t *replacement(const ml_source *file, uint32_t start, uint32_t end,
                           const char *inserted) {
  json_t *content = json_object();
  json_t *o = json_object();
  if (content == NULL || o == NULL ||
      json_object_set_new(content, "text", text(inserted, strlen(inserted))) != 0 ||
      json_object_set_new(o, "deletedRegion",
                          region_between(ml_source_position(file, start, ML_COLUMN_UTF16),
                                         ml_source_position(file, end, ML_COLUMN_UTF16))) != 0) {
    json_decref(content);
    json_decref(o);
    return NULL;
  }
  if (json_object_set_new(o, "insertedContent", content) != 0) { /* content is released too */
    json_decref(o);
    return NULL;
  }
  return o;
}

/* Replacements are edits of the artifact, the file on disk. A notebook's edits are of its cells'
 * linted text, so each becomes the edit of the .ipynb file that makes its cell read the same
 * (inside the JSON strings, escaped for them). An edit the file cannot take as it is (across a
 * cell boundary, or deleting IPython syntax the linted text commented out) leaves the whole fix
 * out: *representable is false and NULL is returned. Otherwise NULL means out of memory. */
static json_t *edit_replacement(const cli_report_file *file, const ml_edit *edit,
                                bool *representable) {
  if (file->notebook == NULL)
    return replacement(file->source, edit->start, edit->end, edit->text);
  uint32_t start, end;
  char *inserted = NULL;
  int err = cli_notebook_file_edit(file->notebook, edit, &start, &end, &inserted);
  *representable = err != ML_EINVAL;
  json_t *o = err == ML_OK ? replacement(file->source, start, end, inserted) : NULL;
  free(inserted);
  return o;
}

/* A fix with no edits has nothing to say in SARIF (artifactChanges needs one), so it is left out. */
static json_t *fixes(const cli_report_file *file, const ml_fix *fix, const char *uri,
                     bool relative, bool *representable) {
  json_t *replacements = json_array();
  if (replacements == NULL)
    return NULL;
  for (size_t i = 0; i < fix->edit_count; i++) {
    if (json_array_append_new(replacements,
                              edit_replacement(file, &fix->edits[i], representable)) != 0) {
      json_decref(replacements);
      return NULL;
    }
  }
  char description[1100];
  snprintf(description, sizeof description, "%s%s", fix->title,
           fix->applicability == ML_APPLICABILITY_SAFE ? "" : " (unsafe)");
  return json_pack("[{s:o,s:[{s:o,s:o}],s:{s:s}}]", "description", sentence(description),
                   "artifactChanges", "artifactLocation", artifact_location(uri, relative),
                   "replacements", replacements, "properties", "applicability",
                   ml_applicability_name(fix->applicability));
}

/* A notebook's result says which cell, and where in it (the column in UTF-16 units, as the run's
 * columnKind says): the region is in the .ipynb file, which readers do not count in cells. */
static json_t *cell_properties(const cli_file_report *report, uint32_t offset, unsigned cell,
                               ml_position inside) {
  ml_position utf16 = ml_source_position(report->source, offset, ML_COLUMN_UTF16);
  return json_pack("{s:I,s:I,s:I}", "cell", (json_int_t)cell, "cellLine",
                   (json_int_t)inside.line, "cellColumn", (json_int_t)utf16.column);
}

static json_t *result(const cli_sarif *sarif, const cli_file_report *report,
                      const cli_report_file *file, const ml_diag *d,
                      const cli_line_hashes *hashes, const char *uri, bool relative) {
  size_t index = ml_rule_index(d->rule);
  size_t slot = index < ML_MAX_RULES ? sarif->rule_slot[index] : SIZE_MAX;
  ml_position at = cli_report_file_position(file, d->start, ML_COLUMN_UTF16);
  char hash[48];
  if (cli_line_hash_format(hashes, at.line, hash, sizeof hash) != ML_OK)
    hash[0] = '\0';
  json_t *physical = json_pack("{s:o,s:o}", "artifactLocation", artifact_location(uri, relative),
                               "region", region(file, d->start, d->end));
  json_t *o = json_pack("{s:s,s:s,s:o,s:[{s:o}]}", "ruleId", d->rule->code, "level",
                        level_name(d->severity), "message", sentence(d->message), "locations",
                        "physicalLocation", physical);
  if (o == NULL)
    return NULL;
  /* A rule the run did not list (none, today) is named by id alone. */
  bool failed =
      (slot != SIZE_MAX && json_object_set_new(o, "ruleIndex", json_integer((json_int_t)slot))) ||
      (hash[0] && json_object_set_new(o, "partialFingerprints",
                                      json_pack("{s:s}", "primaryLocationLineHash", hash)));
  if (!failed && d->fix != NULL && d->fix->edit_count > 0) {
    bool representable = true;
    json_t *fix = fixes(file, d->fix, uri, relative, &representable);
    failed = representable && json_object_set_new(o, "fixes", fix) != 0;
  }
  ml_position inside;
  unsigned cell;
  cli_report_location(report, d->start, NULL, 0, &inside, &cell);
  if (!failed && cell != 0)
    failed = json_object_set_new(o, "properties",
                                 cell_properties(report, d->start, cell, inside)) != 0;
  if (failed) {
    json_decref(o);
    return NULL;
  }
  return o;
}

int cli_sarif_add(cli_sarif *sarif, const cli_file_report *report) {
  if (report->diags->count == 0)
    return ML_OK;
  bool relative = false;
  char *uri = ws_uri_for_path(report->path, sarif->root, &relative);
  if (uri == NULL)
    return ML_ENOMEM;
  /* The line hashes are of the file, as GitHub's upload action would compute them: for a
   * notebook, of the .ipynb file's lines. */
  cli_report_file file;
  cli_line_hashes hashes = {0};
  int err = cli_report_file_open(report, &file);
  if (err == ML_OK)
    err = cli_line_hashes_compute(ml_source_bytes(file.source), ml_source_length(file.source),
                                  &hashes);
  for (size_t i = 0; err == ML_OK && i < report->diags->count; i++) {
    json_t *r = result(sarif, report, &file, &report->diags->items[i], &hashes, uri, relative);
    if (json_array_append_new(sarif->results, r) != 0)
      err = ML_ENOMEM;
  }
  cli_line_hashes_free(&hashes); /* zeroed when computing it failed */
  cli_report_file_close(&file);
  free(uri);
  return err;
}

/* --- the log ------------------------------------------------------------------------------ */

/* Past GitHub's limit, the most severe results are the ones worth keeping: errors first, then
 * warnings, each in input order. */
static json_t *within_limit(json_t *results) {
  size_t count = json_array_size(results);
  if (count <= CLI_SARIF_MAX_RESULTS)
    return json_incref(results);
  cli_error("%zu findings exceed GitHub's limit of %d results per SARIF run; only the first %d "
            "(errors before warnings) are written",
            count, CLI_SARIF_MAX_RESULTS, CLI_SARIF_MAX_RESULTS);
  json_t *kept = json_array();
  static const char *const order[] = {"error", "warning"};
  for (size_t pass = 0; kept != NULL && pass < 2; pass++) {
    for (size_t i = 0; i < count && json_array_size(kept) < CLI_SARIF_MAX_RESULTS; i++) {
      json_t *r = json_array_get(results, i);
      if (strcmp(json_string_value(json_object_get(r, "level")), order[pass]) == 0 &&
          json_array_append(kept, r) != 0) {
        json_decref(kept);
        return NULL;
      }
    }
  }
  return kept;
}

static void check_size(const char *bytes, size_t length) {
#ifdef HAVE_ZLIB
  uLongf bound = compressBound((uLong)length);
  unsigned char *buffer = malloc(bound);
  if (buffer == NULL)
    return;
  /* zlib's format is gzip's deflate stream plus a smaller wrapper: close enough to the limit. */
  if (compress2(buffer, &bound, (const Bytef *)bytes, (uLong)length, 6) == Z_OK &&
      bound > CLI_SARIF_MAX_GZIP_BYTES)
    cli_error("the SARIF file is %lu bytes compressed; GitHub rejects uploads over 10 MB "
              "(split the run by folder, each with its own category)",
              (unsigned long)bound);
  free(buffer);
#else
  if (length > CLI_SARIF_MAX_GZIP_BYTES)
    cli_error("the SARIF file is %zu bytes; GitHub rejects uploads over 10 MB compressed", length);
#endif
}

int cli_sarif_write(cli_sarif *sarif, FILE *out, bool complete) {
  json_t *results = within_limit(sarif->results);
  if (results == NULL)
    return ML_ENOMEM;
  if (json_array_size(results) > CLI_SARIF_SHOWN_RESULTS)
    cli_error("GitHub code scanning shows only the %d most severe of the %zu results",
              CLI_SARIF_SHOWN_RESULTS, json_array_size(results));
  char *base = ws_uri_for_directory(sarif->root);
  json_t *log = base == NULL ? NULL : json_pack(
      "{s:s,s:s,s:[{s:{s:{s:s,s:s,s:s,s:s,s:O}},s:[{s:b}],s:{s:{s:s}},s:s,s:o}]}", "$schema",
      SARIF_SCHEMA, "version", "2.1.0", "runs", "tool", "driver", "name", "modal-lint",
      "version", ML_TOOL_VERSION, "semanticVersion", ML_TOOL_VERSION, "informationUri",
      ML_TOOL_URL, "rules", sarif->rules, "invocations", "executionSuccessful", complete,
      "originalUriBaseIds", SRCROOT, "uri", base, "columnKind", "utf16CodeUnits", "results",
      results);
  free(base);
  if (log == NULL) {
    json_decref(results);
    return ML_ENOMEM;
  }
  char *bytes = json_dumps(log, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(log);
  if (bytes == NULL)
    return ML_ENOMEM;
  size_t length = strlen(bytes);
  check_size(bytes, length);
  int err = fwrite(bytes, 1, length, out) == length && fputc('\n', out) != EOF ? ML_OK : ML_EIO;
  free(bytes);
  return err;
}

int cli_sarif_new(const ml_options *options, cli_sarif **out) {
  cli_sarif *sarif = calloc(1, sizeof *sarif);
  if (sarif == NULL)
    return ML_ENOMEM;
  sarif->options = options;
  sarif->root = getcwd(NULL, 0);
  sarif->rules = json_array();
  sarif->results = json_array();
  int err = sarif->root == NULL ? (errno == ENOMEM ? ML_ENOMEM : ML_EIO) : ML_OK;
  if (err == ML_OK && (sarif->rules == NULL || sarif->results == NULL))
    err = ML_ENOMEM;
  if (err == ML_OK)
    err = add_rules(sarif);
  if (err != ML_OK) {
    cli_sarif_free(sarif);
    return err;
  }
  *out = sarif;
  return ML_OK;
}

void cli_sarif_free(cli_sarif *sarif) {
  if (sarif == NULL)
    return;
  free(sarif->root);
  json_decref(sarif->rules);
  json_decref(sarif->results);
  free(sarif);
}
