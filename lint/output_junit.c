/* --format junit: JUnit XML, which CI systems (GitLab, Jenkins, Azure) show as a test report: one
 * test suite per file with findings, one failed test case per finding. The totals head the
 * document, so the suites are kept in memory until the run is over. */
#include "output.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/rule.h"

struct cli_junit {
  char *body; /* the <testsuite> elements so far (open_memstream) */
  size_t body_length;
  FILE *stream;
  size_t findings;
  size_t files;
};

/* XML 1.0 allows neither most control characters nor invalid UTF-8; both read U+FFFD. A tab,
 * newline or carriage return is written as a character reference: raw in an attribute (a file
 * name's) a parser would read it as a space. */
static void put_xml(FILE *out, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    size_t len = ws_utf8_sequence_length(p + i, n - i);
    unsigned char c = p[i];
    if (len == 1 && (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f))
      fputs("\xEF\xBF\xBD", out);
    else if (c == '\t')
      fputs("&#9;", out);
    else if (c == '\n')
      fputs("&#10;", out);
    else if (c == '\r')
      fputs("&#13;", out);
    else if (c == '&')
      fputs("&amp;", out);
    else if (c == '<')
      fputs("&lt;", out);
    else if (c == '>')
      fputs("&gt;", out);
    else if (c == '"')
      fputs("&quot;", out);
    else if (c == '\'')
      fputs("&apos;", out);
    else
      fwrite(p + i, 1, len, out);
    i += len;
  }
}

/* "pkg/app.py" -> "pkg.app", the class name JUnit viewers group by. */
static void put_classname(FILE *out, const char *path) {
  while (path[0] == '.' && path[1] == '/')
    path += 2;
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  size_t n = dot != NULL && (slash == NULL || dot > slash) && dot != path ? (size_t)(dot - path)
                                                                          : strlen(path);
  char *name = malloc(n + 1);
  if (name == NULL)
    return;
  for (size_t i = 0; i < n; i++)
    name[i] = path[i] == '/' ? '.' : path[i];
  name[n] = '\0';
  put_xml(out, name);
  free(name);
}

int cli_junit_new(cli_junit **out) {
  cli_junit *junit = calloc(1, sizeof *junit);
  if (junit == NULL)
    return ML_ENOMEM;
  junit->stream = open_memstream(&junit->body, &junit->body_length);
  if (junit->stream == NULL) {
    free(junit);
    return ML_ENOMEM;
  }
  *out = junit;
  return ML_OK;
}

void cli_junit_free(cli_junit *junit) {
  if (junit == NULL)
    return;
  if (junit->stream != NULL)
    fclose(junit->stream);
  free(junit->body);
  free(junit);
}

/* A test case's file, line and column are in the file (for a notebook, the .ipynb file); the
 * failure's text starts with the location as concise output shows it, which for a notebook is the
 * cell and the line and column inside it. */
int cli_junit_add(cli_junit *junit, const cli_file_report *report) {
  size_t count = report->diags->count;
  if (count == 0)
    return ML_OK;
  cli_report_file file;
  int err = cli_report_file_open(report, &file);
  if (err != ML_OK) {
    cli_report_file_close(&file);
    return err;
  }
  FILE *out = junit->stream;
  junit->files++;
  junit->findings += count;
  fputs("  <testsuite name=\"", out);
  put_xml(out, report->path);
  fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", count, count);
  for (size_t i = 0; i < count; i++) {
    const ml_diag *d = &report->diags->items[i];
    ml_position pos = cli_report_file_position(&file, d->start, ML_COLUMN_CODEPOINT);
    char where[4096];
    ml_position shown;
    unsigned cell;
    const char *location = cli_report_location(report, d->start, where, sizeof where, &shown,
                                               &cell);
    fprintf(out, "    <testcase name=\"modal-lint.%s\" classname=\"", d->rule->code);
    put_classname(out, report->path);
    fprintf(out, "\" file=\"");
    put_xml(out, report->path);
    fprintf(out, "\" line=\"%" PRIu32 "\" column=\"%" PRIu32 "\">\n", pos.line, pos.column);
    fputs("      <failure message=\"", out);
    put_xml(out, d->message);
    fprintf(out, "\" type=\"%s\">", d->rule->code);
    put_xml(out, location);
    fprintf(out, ":%" PRIu32 ":%" PRIu32 ": %s ", shown.line, shown.column, d->rule->code);
    put_xml(out, d->message);
    fputs("</failure>\n    </testcase>\n", out);
  }
  fputs("  </testsuite>\n", out);
  cli_report_file_close(&file);
  return ML_OK;
}

int cli_junit_write(cli_junit *junit, FILE *out) {
  if (fflush(junit->stream) != 0)
    return ML_ENOMEM;
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
  size_t tests = junit->findings > 0 ? junit->findings : 1;
  fprintf(out, "<testsuites name=\"modal-lint\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
          tests, junit->findings);
  /* A clean run still reports one passing test, so the CI shows the check ran. */
  if (junit->findings == 0)
    fputs("  <testsuite name=\"modal-lint\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
          "    <testcase name=\"No findings\" classname=\"modal-lint\"/>\n"
          "  </testsuite>\n",
          out);
  else
    fwrite(junit->body, 1, junit->body_length, out);
  fputs("</testsuites>\n", out);
  return ferror(out) ? ML_EIO : ML_OK;
}
