/* The printers of findings: text (with source snippets), concise (one line each), JSON and the CI
 * formats (SARIF in output_sarif.h, GitHub, GitLab, JUnit, JSON lines), the per-rule statistics,
 * and the summary that ends text and concise output. */
#ifndef MODAL_LINT_OUTPUT_H
#define MODAL_LINT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "modallint/diag.h"
#include "modallint/source.h"

#include "color.h"
#include "workspace.h"

/* The findings of one input, with the text their byte offsets refer to. */
typedef struct cli_file_report {
  const char *path; /* as shown to the user */
  const ml_source *source;
  const ml_diag_list *diags;
  /* A Jupyter notebook (notebook.h) when `source` is its cells' virtual text, else NULL. Printers
   * show its positions per cell through cli_report_location. */
  const struct cli_notebook *notebook;
} cli_file_report;

/* Where `offset` is, as a printer shows it: `report->path` and the line/column in the file, or for
 * a notebook "PATH:cell N" in `buffer` and the line/column inside that cell (*cell = N; 0 for
 * other files). Returns the location's text (report->path or `buffer`). */
const char *cli_report_location(const cli_file_report *report, uint32_t offset, char *buffer,
                                size_t buffer_size, ml_position *position, unsigned *cell);

/* The file the CI formats (SARIF, GitHub, GitLab, JUnit) put findings in: the linted text itself,
 * or for a notebook the .ipynb file on disk, into which the offsets of its cells' virtual text are
 * mapped (cli_notebook_file in notebook.h). */
typedef struct cli_report_file {
  const ml_source *source;            /* the file's bytes: positions are counted in them */
  struct cli_notebook_file *notebook; /* a notebook's mapping; NULL for other files; owned */
} cli_report_file;

/* Opens the file of `report` (which must outlive it). Returns 0, ML_ENOMEM or ML_ETOOBIG;
 * cli_report_file_close frees what it holds, after a failure too. */
int cli_report_file_open(const cli_file_report *report, cli_report_file *out);
void cli_report_file_close(cli_report_file *file);

/* Where `offset` of report->source is in the file: 1-based line, column counted in `kind`. */
ml_position cli_report_file_position(const cli_report_file *file, uint32_t offset,
                                     ml_column_kind kind);

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
  size_t failed_files;   /* files that could not be read, checked or written */
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

/* --format github: one workflow command per finding (GitHub Actions annotations). Returns 0,
 * ML_ENOMEM or ML_ETOOBIG (a notebook file too big to index). */
int cli_github_print(FILE *out, const cli_file_report *report);

/* --format json-lines: the objects of --format json, one per line. Returns 0, ML_ENOMEM or
 * ML_EIO. */
int cli_jsonl_print(FILE *out, const cli_file_report *report);

/* --format gitlab: appends one Code Quality issue per finding to `array`; written at the end with
 * cli_json_write. Returns 0 or ML_ENOMEM. */
int cli_gitlab_append(json_t *array, const cli_file_report *report);

/* --format junit: suites are gathered, then written with the totals. `*out` is owned by the
 * caller: cli_junit_free. */
typedef struct cli_junit cli_junit;
int cli_junit_new(cli_junit **out);
/* Returns 0, ML_ENOMEM or ML_ETOOBIG (a notebook file too big to index). */
int cli_junit_add(cli_junit *junit, const cli_file_report *report);
int cli_junit_write(cli_junit *junit, FILE *out);
void cli_junit_free(cli_junit *junit);

/* --statistics: findings per rule, by registry index. Zero-initialise. */
typedef struct cli_statistics {
  size_t count[ML_MAX_RULES];
  size_t safe[ML_MAX_RULES];   /* with a fix --fix applies */
  size_t unsafe[ML_MAX_RULES]; /* with a fix that needs --unsafe-fixes */
} cli_statistics;
void cli_statistics_add(cli_statistics *stats, const ml_diag_list *diags);
/* "  3  MDL112  [*] autoscaler-param-rename", most findings first. */
void cli_statistics_print(FILE *out, const cli_statistics *stats);
/* The same as a JSON array of {code, name, count, fixable: {safe, unsafe}}. */
int cli_statistics_write_json(FILE *out, const cli_statistics *stats);

/* A JSON string of `text`, with each byte of invalid UTF-8 as U+FFFD. NULL when out of memory. */
json_t *cli_json_text(const char *text, size_t length);


#endif
