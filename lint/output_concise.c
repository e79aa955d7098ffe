/* One line per finding, for grep, editors' quickfix lists and CI logs. */
#include "output.h"

#include <inttypes.h>

#include "modallint/rule.h"

#include "escape.h"

void cli_finding_line_print(FILE *out, const cli_palette *pal, const char *path, const ml_diag *d,
                            ml_position pos) {
  bool safe = d->fix != NULL && d->fix->applicability == ML_APPLICABILITY_SAFE;
  /* The path is a file name, the message may quote the file's text: neither may write control
   * characters to the terminal or split the line (escape.h). Backslashes are doubled in the path
   * only, where `\x1b` must not be read as a name holding ESC. */
  fputs(pal->path, out);
  cli_escape_puts(out, path, true);
  fprintf(out, "%s:%" PRIu32 ":%" PRIu32 ": %s%s%s %s%s%s", pal->reset, pos.line, pos.column,
          cli_palette_severity(pal, d->severity), d->rule->code, pal->reset,
          safe ? pal->fixable : "", safe ? "[*] " : "", safe ? pal->reset : "");
  cli_escape_puts(out, d->message, false);
  fputc('\n', out);
}

void cli_concise_print(FILE *out, const cli_palette *pal, const cli_file_report *report) {
  for (size_t i = 0; i < report->diags->count; i++) {
    const ml_diag *d = &report->diags->items[i];
    ml_position pos;
    unsigned cell;
    char where[4096];
    const char *shown = cli_report_location(report, d->start, where, sizeof where, &pos, &cell);
    cli_finding_line_print(out, pal, shown, d, pos);
  }
}
