/* The `rules` and `explain` subcommands: the rule registry as a user reads it. */
#ifndef MODAL_LINT_RULES_CMD_H
#define MODAL_LINT_RULES_CMD_H

#include "args.h"

/* Prints every rule in args->format (text, markdown or json). Returns the exit status. */
int cli_rules_main(const cli_args *args);

/* Prints everything known about the rule args->explain_code names. Returns the exit status. */
int cli_explain_main(const cli_args *args);

#endif
