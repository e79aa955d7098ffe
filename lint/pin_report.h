/* Upgrade planning: the Modal version the linted project pins, found next to the linted paths,
 * and the summary line that says how many findings break on the way from it to the target. */
#ifndef MODAL_LINT_PIN_REPORT_H
#define MODAL_LINT_PIN_REPORT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "modallint/pins.h"
#include "modallint/version.h"

#include "output.h"

typedef struct cli_pin {
  bool found;
  ml_pin pin;
  char path[PATH_MAX]; /* the file it came from, as shown: relative to the working directory
                          when below it */
} cli_pin;

/* Looks for the pin of the project holding the first linted path (standard input and "-" count
 * as the working directory): in its folder, then each parent, the nearest folder with a pin file
 * decides (a lock file over pyproject.toml over requirements*.txt); the walk stops after a folder
 * holding `.git`. Unreadable files and folders are skipped silently: the pin is a hint. */
void cli_pin_find(const char *const *paths, size_t count, cli_pin *out);

/* "Modal pinned at 0.73.2 (uv.lock); upgrading to 1.5.4: 7 of 11 findings break (removed at or
 * before 1.5.4)." with, when some findings are removed at or before the pinned version already,
 * how many. Nothing when no pin was found. */
void cli_pin_print(FILE *out, const cli_pin *pin, const cli_summary *summary, ml_version target);

#endif
