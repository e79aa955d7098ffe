/* The printers of findings: text (with source snippets), concise (one line each) and JSON, plus
 * the summary that ends text and concise output. */
#ifndef MODAL_LINT_OUTPUT_H
#define MODAL_LINT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "modallint/diag.h"
#include "modallint/source.h"

#include "color.h"

/* The findings of one input, with the text their byte offsets refer to. */
typedef struct cli_file_report {
  const char *path; /* as shown to the user */
  const ml_source *source;
  const ml_diag_list *diags;
} cli_file_report;

typedef enum cli_mode {
  CLI_MODE_CHECK = 0, /* report findings */
  CLI_MODE_FIX,       /* apply fixes, report what remains */
  CLI_MODE_DIFF       /* show what fixing would change */
} cli_mode;

typedef struct cli_summary {
  size_t findings;       /* remaining after fixing, in fix and diff modes */
  size_t errors;
  size_t warnings;
  size_t safe_fixable;   /* findings whose fix --fix applies */
  size_t unsafe_fixable; /* findings whose fix needs --unsafe-fixes too */
  size_t fixed;          /* fixes applied (or, with --diff, that would be) */
  size_t by_rule[ML_MAX_RULES]; /* findings per rule, by registry index (upgrade planning) */
} cli_summary;

/* Adds the findings of `report` to the counts. */
void cli_summary_add(cli_summary *summary, const ml_diag_list *diags);

/* "All checks passed!", "Found 3 findings (...)", "Fixed 2 findings, 1 remaining." and the
 * hints about --fix and --unsafe-fixes. */
void cli_summary_print(FILE *out, const cli_summary *summary, cli_mode mode, bool unsafe_fixes);

/* Each finding with a snippet of its line, a caret underline and the fix as help. */
void cli_text_print(FILE *out, const cli_palette *palette, const cli_file_report *report);

/* The line "path:line:col: CODE [*] message" that heads a finding in text and concise output. */
void cli_finding_line_print(FILE *out, const cli_palette *palette, const char *path,
                            const ml_diag *diag, ml_position position);

/* Each finding as "path:line:col: CODE [*] message". */
void cli_concise_print(FILE *out, const cli_palette *palette, const cli_file_report *report);

/* Appends one JSON object per finding to `array`. Returns 0 or ML_ENOMEM. */
int cli_json_append(json_t *array, const cli_file_report *report);
/* Writes `array` pretty-printed (2-space indent, keys in insertion order) and a newline. */
int cli_json_write(FILE *out, const json_t *array);

/* The length of the UTF-8 sequence at p[0..n), or 1 for a byte that starts no valid sequence
 * (counted as one code point, as the source model counts it). */
size_t cli_utf8_sequence_length(const unsigned char *p, size_t n);

#endif
