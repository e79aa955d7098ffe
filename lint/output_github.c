/* --format github: one workflow command per finding, which GitHub Actions turns into an
 * annotation on the pull request's diff ("::error file=...,line=...::message"). */
#include "output.h"

#include <inttypes.h>
#include <stdlib.h>

#include "modallint/error.h"
#include "modallint/rule.h"

#include "escape.h"

/* Workflow commands end at a newline and split properties at ',' and ':', so those (and the '%'
 * that escapes them) are written percent-encoded, as the Actions toolkit does. */
static void put_escaped(FILE *out, const char *s, bool property) {
  for (; *s; s++) {
    if (*s == '%')
      fputs("%25", out);
    else if (*s == '\r')
      fputs("%0D", out);
    else if (*s == '\n')
      fputs("%0A", out);
    else if (property && *s == ':')
      fputs("%3A", out);
    else if (property && *s == ',')
      fputs("%2C", out);
    else
      fputc(*s, out);
  }
}

/* put_escaped for text a person reads in the annotation: its control characters (a file name's,
 * or the file's text a message quotes) are shown as concise output shows them (escape.h), not
 * passed to the log viewer. */
static int put_shown(FILE *out, const char *s, bool backslash) {
  char *shown = cli_escape_dup(s, backslash);
  if (shown == NULL)
    return ML_ENOMEM;
  put_escaped(out, shown, false);
  free(shown);
  return ML_OK;
}

/* The annotation goes on the line of the file (for a notebook, the line of the .ipynb file that
 * holds the code); the message starts with the location as concise output shows it, which for a
 * notebook is the cell and the line and column inside it. The file property keeps the name as it
 * is (GitHub matches it against the repository's paths), percent-encoded where the toolkit does. */
int cli_github_print(FILE *out, const cli_file_report *report) {
  cli_report_file file;
  int err = cli_report_file_open(report, &file);
  if (err != ML_OK) {
    cli_report_file_close(&file);
    return err;
  }
  for (size_t i = 0; i < report->diags->count && err == ML_OK; i++) {
    const ml_diag *d = &report->diags->items[i];
    ml_position a = cli_report_file_position(&file, d->start, ML_COLUMN_CODEPOINT);
    ml_position b = cli_report_file_position(&file, d->end, ML_COLUMN_CODEPOINT);
    char where[4096];
    ml_position shown;
    unsigned cell;
    const char *location = cli_report_location(report, d->start, where, sizeof where, &shown,
                                               &cell);
    fprintf(out, "::%s title=modal-lint (%s),file=", d->severity == ML_SEVERITY_ERROR ? "error"
                                                                                       : "warning",
            d->rule->code);
    put_escaped(out, report->path, true);
    fprintf(out, ",line=%" PRIu32 ",col=%" PRIu32 ",endLine=%" PRIu32 ",endColumn=%" PRIu32 "::",
            a.line, a.column, b.line, b.column);
    err = put_shown(out, location, true);
    fprintf(out, ":%" PRIu32 ":%" PRIu32 ": %s ", shown.line, shown.column, d->rule->code);
    if (err == ML_OK)
      err = put_shown(out, d->message, false);
    if (err == ML_OK && d->fix != NULL) {
      fputs("%0A  help: ", out);
      err = put_shown(out, d->fix->title, false);
      if (d->fix->applicability == ML_APPLICABILITY_UNSAFE)
        fputs(" (unsafe)", out);
    }
    fputc('\n', out);
  }
  cli_report_file_close(&file);
  return err;
}
