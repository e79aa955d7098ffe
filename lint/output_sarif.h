/* --format sarif: SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer). */
#ifndef MODAL_LINT_OUTPUT_SARIF_H
#define MODAL_LINT_OUTPUT_SARIF_H

#include <stdbool.h>
#include <stdio.h>

#include "modallint/lint.h"

#include "output.h"

/* GitHub's limits on one upload (docs: "SARIF results exceed one or more limits"). */
#define CLI_SARIF_MAX_RESULTS 25000      /* per run; more are rejected */
#define CLI_SARIF_SHOWN_RESULTS 5000     /* GitHub keeps only the most severe 5,000 */
#define CLI_SARIF_MAX_GZIP_BYTES 10485760 /* the gzip-compressed file */

typedef struct cli_sarif cli_sarif;

/* A log for the rules `options` runs; the working directory is %SRCROOT%. `*out` is owned by the
 * caller: cli_sarif_free. Returns 0, ML_ENOMEM or ML_EIO (no working directory). */
int cli_sarif_new(const ml_options *options, cli_sarif **out);
void cli_sarif_free(cli_sarif *sarif);

/* Adds the findings of one file (hashing its lines for the fingerprints). */
int cli_sarif_add(cli_sarif *sarif, const cli_file_report *report);

/* Writes the log. `complete` is false when some input could not be read or written (the run's
 * invocation then says it did not succeed). Past GitHub's limits, keeps the most severe results
 * and says so on stderr. */
int cli_sarif_write(cli_sarif *sarif, FILE *out, bool complete);

#endif
