/* modal-lint: finds and fixes uses of deprecated Modal SDK APIs. This file only dispatches. */
#include <stdio.h>

#include "modallint/error.h"
#include "modallint/version.h"

#include "args.h"
#include "messages.h"
#include "rules_cmd.h"
#include "run.h"
#include "settings.h"

int main(int argc, char **argv) {
  cli_args args;
  char message[256];
  int err = cli_args_parse(argc, argv, &args, message, sizeof message);
  if (err != ML_OK) {
    cli_error("%s", err == ML_EINVAL ? message : ml_strerror(err));
    fputs("Try 'modal-lint --help' for more information.\n", stderr);
    return 2;
  }
  int status;
  switch (args.command) {
  case CLI_COMMAND_HELP:
    fputs(cli_usage(), stdout);
    status = 0;
    break;
  case CLI_COMMAND_VERSION:
    printf("modal-lint %s (Modal rules up to %s)\n", ML_TOOL_VERSION, ML_NEWEST_MODAL_VERSION);
    status = 0;
    break;
  case CLI_COMMAND_RULES:
    status = cli_rules_main(&args);
    break;
  case CLI_COMMAND_EXPLAIN:
    status = cli_explain_main(&args);
    break;
  default:
    /* Configuration files first: they may set the output format and --unsafe-fixes. */
    status = cli_settings_load(&args) == ML_OK ? cli_check_main(&args) : 2;
    cli_settings_free(args.settings);
    break;
  }
  cli_args_free(&args);
  if (fflush(stdout) != 0 && status == 0)
    status = 2;
  return status;
}
