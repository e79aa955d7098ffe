/* --format json: one array of finding objects, built with jansson and printed at the end so the
 * document is valid even when there are no findings. */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/rule.h"

static json_t *string(const char *text) { return cli_json_text(text, strlen(text)); }

static json_t *position(const ml_source *source, uint32_t offset) {
  ml_position pos = ml_source_position(source, offset, ML_COLUMN_CODEPOINT);
  json_t *o = json_object();
  if (o == NULL || json_object_set_new(o, "line", json_integer(pos.line)) != 0 ||
      json_object_set_new(o, "column", json_integer(pos.column)) != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* {"line": L, "column": C} of a cell-relative position. */
static json_t *cell_position(ml_position pos) {
  json_t *o = json_object();
  if (o == NULL || json_object_set_new(o, "line", json_integer(pos.line)) != 0 ||
      json_object_set_new(o, "column", json_integer(pos.column)) != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* One edit. In a notebook its location is inside its own cell (an edit may be in another cell
 * than its finding: an import added at the top), with "cell" saying which. Sets *spans_cells when
 * it reaches over a cell boundary, which no cell-relative location can say. */
static json_t *edit_object(const cli_file_report *report, const ml_edit *edit, bool *spans_cells) {
  json_t *o = json_object();
  if (o == NULL || json_object_set_new(o, "content", string(edit->text)) != 0) {
    json_decref(o);
    return NULL;
  }
  if (report->notebook == NULL) {
    if (json_object_set_new(o, "location", position(report->source, edit->start)) != 0 ||
        json_object_set_new(o, "end_location", position(report->source, edit->end)) != 0) {
      json_decref(o);
      return NULL;
    }
    return o;
  }
  char where[16];
  ml_position start, end;
  unsigned cell, end_cell;
  cli_report_location(report, edit->start, where, 0, &start, &cell);
  cli_report_location(report, edit->end, where, 0, &end, &end_cell);
  *spans_cells |= cell == 0 || end_cell != cell;
  if (json_object_set_new(o, "location", cell_position(start)) != 0 ||
      json_object_set_new(o, "end_location", cell_position(end)) != 0 ||
      json_object_set_new(o, "cell", json_integer(cell)) != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* The fix, or null when there is none or (in a notebook) an edit crosses a cell boundary. */
static json_t *fix_object(const cli_file_report *report, const ml_fix *fix) {
  if (fix == NULL)
    return json_null();
  json_t *o = json_object();
  json_t *edits = json_array();
  if (o == NULL || edits == NULL || json_object_set_new(o, "title", string(fix->title)) != 0 ||
      json_object_set_new(o, "applicability",
                          json_string(ml_applicability_name(fix->applicability))) != 0) {
    json_decref(o);
    json_decref(edits);
    return NULL;
  }
  bool spans_cells = false;
  for (size_t i = 0; i < fix->edit_count; i++) {
    if (json_array_append_new(edits, edit_object(report, &fix->edits[i], &spans_cells)) != 0) {
      json_decref(o);
      json_decref(edits);
      return NULL;
    }
  }
  if (spans_cells) {
    json_decref(o);
    json_decref(edits);
    return json_null();
  }
  if (json_object_set_new(o, "edits", edits) != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* A notebook's finding is located inside its cell: "cell" plus cell-relative line and column. */
static int locate_in_cell(json_t *o, const cli_file_report *report, const ml_diag *d) {
  char where[16];
  ml_position start, end;
  unsigned cell, end_cell;
  cli_report_location(report, d->start, where, 0, &start, &cell);
  cli_report_location(report, d->end, where, 0, &end, &end_cell);
  if (end_cell != cell)
    end = start;
  /* json_object_set_new consumes its value even when it fails, so each is handed over once. */
  json_t *location = json_object(), *end_location = json_object();
  int failed = location == NULL || end_location == NULL ||
               json_object_set_new(location, "line", json_integer(start.line)) != 0 ||
               json_object_set_new(location, "column", json_integer(start.column)) != 0 ||
               json_object_set_new(end_location, "line", json_integer(end.line)) != 0 ||
               json_object_set_new(end_location, "column", json_integer(end.column)) != 0;
  if (failed) {
    json_decref(location);
    json_decref(end_location);
    return -1;
  }
  failed |= json_object_set_new(o, "location", location) != 0;
  failed |= json_object_set_new(o, "end_location", end_location) != 0;
  failed |= json_object_set_new(o, "cell", json_integer(cell)) != 0;
  return failed ? -1 : 0;
}

static json_t *diag_object(const cli_file_report *report, const ml_diag *d) {
  json_t *o = json_object();
  /* json_object_set_new releases a NULL value's slot and fails, so one check covers both the
   * member allocation and the insertion. */
  if (o == NULL || json_object_set_new(o, "code", string(d->rule->code)) != 0 ||
      json_object_set_new(o, "name", string(d->rule->slug)) != 0 ||
      json_object_set_new(o, "message", string(d->message)) != 0 ||
      json_object_set_new(o, "severity", json_string(ml_severity_name(d->severity))) != 0 ||
      json_object_set_new(o, "path", string(report->path)) != 0 ||
      json_object_set_new(o, "location", position(report->source, d->start)) != 0 ||
      json_object_set_new(o, "end_location", position(report->source, d->end)) != 0 ||
      json_object_set_new(o, "fix", fix_object(report, d->fix)) != 0 ||
      json_object_set_new(o, "url", string(ml_rule_url(d->rule))) != 0 ||
      (report->notebook != NULL && locate_in_cell(o, report, d) != 0)) {
    json_decref(o);
    return NULL;
  }
  return o;
}

int cli_json_append(json_t *array, const cli_file_report *report) {
  for (size_t i = 0; i < report->diags->count; i++)
    if (json_array_append_new(array, diag_object(report, &report->diags->items[i])) != 0)
      return ML_ENOMEM;
  return ML_OK;
}

int cli_json_write(FILE *out, const json_t *array) {
  if (json_dumpf(array, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
    return ML_EIO;
  fputc('\n', out);
  return ML_OK;
}
