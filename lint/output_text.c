/* The default output: a compiler-style header line and a snippet with a caret underline. */
#include "output.h"

#include <string.h>

#include <inttypes.h>

#include "modallint/rule.h"

#include "escape.h"

static int digits(uint32_t n) {
  int d = 1;
  while (n >= 10) {
    n /= 10;
    d++;
  }
  return d;
}

/* The line as it is, except that control characters (other than tabs) would move the cursor or
 * worse, so each shows as U+FFFD, one code point wide like the character it replaces. */
static void put_line_text(FILE *out, const char *bytes, uint32_t start, uint32_t end) {
  for (uint32_t i = start; i < end; i++) {
    unsigned char c = (unsigned char)bytes[i];
    if ((c < 0x20 && c != '\t') || c == 0x7f)
      fputs("\xEF\xBF\xBD", out);
    else
      fputc(c, out);
  }
}

/* Whitespace that lines the carets up under column `to` however the terminal expands tabs. */
static void put_underline_prefix(FILE *out, const char *bytes, uint32_t from, uint32_t to) {
  const unsigned char *p = (const unsigned char *)bytes;
  uint32_t i = from;
  while (i < to) {
    fputc(p[i] == '\t' ? '\t' : ' ', out);
    i += (uint32_t)ws_utf8_sequence_length(p + i, to - i);
  }
}

static size_t count_code_points(const char *bytes, uint32_t from, uint32_t to) {
  const unsigned char *p = (const unsigned char *)bytes;
  size_t n = 0;
  for (uint32_t i = from; i < to; n++)
    i += (uint32_t)ws_utf8_sequence_length(p + i, to - i);
  return n;
}

/* `pos` is in `src`; `shown_line` is the number the gutter shows (a notebook cell's own line). */
static void put_snippet(FILE *out, const cli_palette *pal, const ml_source *src, const ml_diag *d,
                        ml_position pos, uint32_t shown_line) {
  const char *bytes = ml_source_bytes(src);
  uint32_t line_start = ml_source_line_start(src, pos.line);
  uint32_t line_end = ml_source_line_end(src, pos.line);
  if (pos.line == 1 && line_start < ml_source_bom_length(src))
    line_start = ml_source_bom_length(src);
  if (line_end < line_start)
    line_end = line_start;
  /* A finding spanning lines is underlined to the end of its first line. */
  uint32_t start = d->start < line_start ? line_start : d->start > line_end ? line_end : d->start;
  uint32_t end = d->end > line_end ? line_end : d->end < start ? start : d->end;
  size_t carets = count_code_points(bytes, start, end);
  if (carets == 0)
    carets = 1;
  int width = digits(shown_line);
  const char *caret_color = cli_palette_severity(pal, d->severity);

  fprintf(out, "%s%*s |%s\n", pal->gutter, width, "", pal->reset);
  fprintf(out, "%s%" PRIu32 " |%s", pal->gutter, shown_line, pal->reset);
  if (line_end > line_start) {
    fputc(' ', out);
    put_line_text(out, bytes, line_start, line_end);
  }
  fputc('\n', out);
  fprintf(out, "%s%*s |%s ", pal->gutter, width, "", pal->reset);
  put_underline_prefix(out, bytes, line_start, start);
  fputs(caret_color, out);
  for (size_t i = 0; i < carets; i++)
    fputc('^', out);
  fprintf(out, "%s\n", pal->reset);
  if (d->fix != NULL) {
    const char *note = d->fix->applicability == ML_APPLICABILITY_UNSAFE ? " (unsafe)" : "";
    fprintf(out, "%*s %s= help:%s ", width, "", pal->help, pal->reset);
    cli_escape_puts(out, d->fix->title, false); /* it may quote the file's text */
    fprintf(out, "%s\n", note);
  }
}

void cli_text_print(FILE *out, const cli_palette *pal, const cli_file_report *report) {
  for (size_t i = 0; i < report->diags->count; i++) {
    const ml_diag *d = &report->diags->items[i];
    ml_position pos = ml_source_position(report->source, d->start, ML_COLUMN_CODEPOINT);
    ml_position shown_pos;
    unsigned cell;
    char where[4096];
    const char *shown =
        cli_report_location(report, d->start, where, sizeof where, &shown_pos, &cell);
    cli_finding_line_print(out, pal, shown, d, shown_pos);
    put_snippet(out, pal, report->source, d, pos, shown_pos.line);
    fputc('\n', out);
  }
}
