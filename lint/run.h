/* Linting (and fixing) the inputs of the command line: the default command. */
#ifndef MODAL_LINT_RUN_H
#define MODAL_LINT_RUN_H

#include "args.h"

/* Lints every input args names, prints findings in args->format, applies fixes when asked.
 * Returns the exit status: 0 clean, 1 findings remain (or --diff found changes), 2 when an input
 * could not be read or written. */
int cli_check_main(const cli_args *args);

#endif
