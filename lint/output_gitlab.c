/* --format gitlab: GitLab's Code Quality report (a JSON array of issues), which merge requests
 * show as a widget. GitLab matches issues between the base and the head commit by `fingerprint`,
 * so it must survive edits elsewhere in the file: it hashes the path, the rule, GitHub's hash of
 * the finding's line (content, not number) and the flagged text, plus a counter for repeats. */
#include "output.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/rule.h"

#include "fingerprint.h"

static uint64_t key_of(const cli_file_report *report, const ml_diag *d, const char *line_hash) {
  /* FNV-1a: stable across platforms and releases, which is all a fingerprint needs. */
  uint64_t h = ml__fnv1a(ML__FNV1A_BASIS, report->path, strlen(report->path) + 1);
  h = ml__fnv1a(h, d->rule->code, strlen(d->rule->code) + 1);
  h = ml__fnv1a(h, line_hash, strlen(line_hash) + 1);
  return ml__fnv1a(h, ml_source_bytes(report->source) + d->start, d->end - d->start);
}

/* GitLab paths are relative to the repository root, without "./". */
static const char *repo_path(const char *path) {
  while (path[0] == '.' && path[1] == '/')
    path += 2;
  return path;
}

/* The positions are in the file (for a notebook, the .ipynb file); a notebook's description ends
 * with the cell and the line and column inside it, as the text formats show them. */
static json_t *issue(const cli_file_report *report, const cli_report_file *file, const ml_diag *d,
                     const char *fingerprint) {
  ml_position a = cli_report_file_position(file, d->start, ML_COLUMN_CODEPOINT);
  ml_position b = cli_report_file_position(file, d->end, ML_COLUMN_CODEPOINT);
  ml_position shown;
  unsigned cell;
  cli_report_location(report, d->start, NULL, 0, &shown, &cell);
  char description[2048];
  if (cell != 0)
    snprintf(description, sizeof description, "%s: %s (cell %u, line %" PRIu32 ", column %" PRIu32
             ")", d->rule->code, d->message, cell, shown.line, shown.column);
  else
    snprintf(description, sizeof description, "%s: %s", d->rule->code, d->message);
  json_t *o = json_object();
  json_t *location = json_pack("{s:{s:{s:I,s:I},s:{s:I,s:I}}}", "positions", "begin", "line",
                               (json_int_t)a.line, "column", (json_int_t)a.column, "end", "line",
                               (json_int_t)b.line, "column", (json_int_t)b.column);
  if (o == NULL || location == NULL ||
      json_object_set_new(o, "description", cli_json_text(description, strlen(description))) != 0 ||
      json_object_set_new(o, "check_name", json_string(d->rule->code)) != 0 ||
      json_object_set_new(o, "fingerprint", json_string(fingerprint)) != 0 ||
      json_object_set_new(o, "severity",
                          json_string(d->severity == ML_SEVERITY_ERROR ? "major" : "minor")) != 0 ||
      json_object_set_new(location, "path", cli_json_text(repo_path(report->path),
                                                          strlen(repo_path(report->path)))) != 0 ||
      json_object_set_new(o, "location", location) != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

int cli_gitlab_append(json_t *array, const cli_file_report *report) {
  if (report->diags->count == 0)
    return ML_OK;
  cli_report_file file;
  cli_line_hashes hashes = {0};
  int err = cli_report_file_open(report, &file);
  /* Fingerprints hash the linted text: for a notebook, its cells' lines rather than the JSON
   * lines that hold them, which change with a cell's neighbours (a list's last line has no
   * comma). */
  if (err == ML_OK)
    err = cli_line_hashes_compute(ml_source_bytes(report->source),
                                  ml_source_length(report->source), &hashes);
  uint64_t *keys = err == ML_OK ? calloc(report->diags->count, sizeof *keys) : NULL;
  if (err == ML_OK && keys == NULL)
    err = ML_ENOMEM;
  for (size_t i = 0; err == ML_OK && i < report->diags->count; i++) {
    const ml_diag *d = &report->diags->items[i];
    char line_hash[48] = "";
    cli_line_hash_format(&hashes, ml_source_position(report->source, d->start,
                                                     ML_COLUMN_UTF8).line,
                         line_hash, sizeof line_hash);
    keys[i] = key_of(report, d, line_hash);
    uint64_t repeat = 0; /* the same rule flagging the same text on the same line again */
    for (size_t j = 0; j < i; j++)
      repeat += keys[j] == keys[i];
    char counter[24], fingerprint[40];
    int counter_length = snprintf(counter, sizeof counter, "%" PRIu64, repeat);
    snprintf(fingerprint, sizeof fingerprint, "%016" PRIx64 "%016" PRIx64, keys[i],
             ml__fnv1a(keys[i], counter, (size_t)counter_length));
    json_t *o = issue(report, &file, d, fingerprint);
    if (json_array_append_new(array, o) != 0)
      err = ML_ENOMEM;
  }
  free(keys);
  cli_line_hashes_free(&hashes);
  cli_report_file_close(&file);
  return err;
}
