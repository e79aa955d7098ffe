/* --format github: one workflow command per finding, which GitHub Actions turns into an
 * annotation on the pull request's diff ("::error file=...,line=...::message"). */
#include "output.h"

#include <inttypes.h>

#include "modallint/rule.h"

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

void cli_github_print(FILE *out, const cli_file_report *report) {
  for (size_t i = 0; i < report->diags->count; i++) {
    const ml_diag *d = &report->diags->items[i];
    ml_position a = ml_source_position(report->source, d->start, ML_COLUMN_CODEPOINT);
    ml_position b = ml_source_position(report->source, d->end, ML_COLUMN_CODEPOINT);
    fprintf(out, "::%s title=modal-lint (%s),file=", d->severity == ML_SEVERITY_ERROR ? "error"
                                                                                       : "warning",
            d->rule->code);
    put_escaped(out, report->path, true);
    fprintf(out, ",line=%" PRIu32 ",col=%" PRIu32 ",endLine=%" PRIu32 ",endColumn=%" PRIu32 "::",
            a.line, a.column, b.line, b.column);
    put_escaped(out, report->path, false);
    fprintf(out, ":%" PRIu32 ":%" PRIu32 ": %s ", a.line, a.column, d->rule->code);
    put_escaped(out, d->message, false);
    if (d->fix != NULL) {
      fputs("%0A  help: ", out);
      put_escaped(out, d->fix->title, false);
      if (d->fix->applicability == ML_APPLICABILITY_UNSAFE)
        fputs(" (unsafe)", out);
    }
    fputc('\n', out);
  }
}
