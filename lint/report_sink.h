/* Where findings go besides the text, concise and JSON printers of run.c: the CI formats, the
 * --statistics table, and the -o/--output-file that holds the report until the run is over. */
#ifndef MODAL_LINT_REPORT_SINK_H
#define MODAL_LINT_REPORT_SINK_H

#include <stdbool.h>
#include <stdio.h>

#include "args.h"
#include "output.h"

typedef struct cli_sink cli_sink;

/* `*out` is owned by the caller: cli_sink_free. `args` must outlive it. */
int cli_sink_new(const cli_args *args, cli_sink **out);
void cli_sink_free(cli_sink *sink);

/* The stream the report is written to: a buffer for -o (written to the file by cli_sink_close),
 * else `fallback`. */
FILE *cli_sink_stream(cli_sink *sink, FILE *fallback);

/* True when findings go to cli_sink_add instead of run.c's own printers. */
bool cli_sink_takes(const cli_sink *sink);
int cli_sink_add(cli_sink *sink, FILE *out, const cli_file_report *report);

/* Writes what the format gathers (SARIF, GitLab, JUnit, statistics). `failures` counts inputs
 * that could not be read or written. */
int cli_sink_print(cli_sink *sink, FILE *out, size_t failures);

/* Whether the summary lines follow the findings: only for the formats meant for people. */
bool cli_sink_wants_summary(const cli_args *args);

/* Writes the -o file, atomically; reports a failure on stderr. Returns 0 or an ML_E* code. */
int cli_sink_close(cli_sink *sink);

#endif
