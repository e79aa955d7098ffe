/* Dispatch to the CI formats and --statistics, and the -o/--output-file buffer. */
#include "report_sink.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"

#include "messages.h"
#include "output_sarif.h"
#include "write_atomic.h"

struct cli_sink {
  const cli_args *args;
  bool takes;
  cli_sarif *sarif;
  json_t *gitlab;
  cli_junit *junit;
  cli_statistics *statistics;
  FILE *buffer; /* -o: the report, until cli_sink_close */
  char *buffer_bytes;
  size_t buffer_length;
};

int cli_sink_new(const cli_args *args, cli_sink **out) {
  cli_sink *sink = calloc(1, sizeof *sink);
  if (sink == NULL)
    return ML_ENOMEM;
  sink->args = args;
  int err = ML_OK;
  if (args->statistics) {
    sink->statistics = calloc(1, sizeof *sink->statistics);
    err = sink->statistics ? ML_OK : ML_ENOMEM;
  } else if (args->format == CLI_FORMAT_SARIF) {
    err = cli_sarif_new(&args->options, &sink->sarif);
  } else if (args->format == CLI_FORMAT_GITLAB) {
    sink->gitlab = json_array();
    err = sink->gitlab ? ML_OK : ML_ENOMEM;
  } else if (args->format == CLI_FORMAT_JUNIT) {
    err = cli_junit_new(&sink->junit);
  }
  sink->takes = args->statistics || args->format == CLI_FORMAT_SARIF ||
                args->format == CLI_FORMAT_GITLAB || args->format == CLI_FORMAT_JUNIT ||
                args->format == CLI_FORMAT_GITHUB || args->format == CLI_FORMAT_JSON_LINES;
  if (err == ML_OK && args->output_file != NULL) {
    sink->buffer = open_memstream(&sink->buffer_bytes, &sink->buffer_length);
    if (sink->buffer == NULL)
      err = ML_ENOMEM;
  }
  if (err != ML_OK) {
    cli_sink_free(sink);
    return err;
  }
  *out = sink;
  return ML_OK;
}

void cli_sink_free(cli_sink *sink) {
  if (sink == NULL)
    return;
  cli_sarif_free(sink->sarif);
  json_decref(sink->gitlab);
  cli_junit_free(sink->junit);
  free(sink->statistics);
  if (sink->buffer != NULL)
    fclose(sink->buffer);
  free(sink->buffer_bytes);
  free(sink);
}

FILE *cli_sink_stream(cli_sink *sink, FILE *fallback) {
  return sink != NULL && sink->buffer != NULL ? sink->buffer : fallback;
}

bool cli_sink_takes(const cli_sink *sink) { return sink != NULL && sink->takes; }

int cli_sink_add(cli_sink *sink, FILE *out, const cli_file_report *report) {
  if (sink->statistics != NULL) {
    cli_statistics_add(sink->statistics, report->diags);
    return ML_OK;
  }
  switch (sink->args->format) {
  case CLI_FORMAT_SARIF:
    return cli_sarif_add(sink->sarif, report);
  case CLI_FORMAT_GITLAB:
    return cli_gitlab_append(sink->gitlab, report);
  case CLI_FORMAT_JUNIT:
    return cli_junit_add(sink->junit, report);
  case CLI_FORMAT_GITHUB:
    return cli_github_print(out, report);
  case CLI_FORMAT_JSON_LINES:
    return cli_jsonl_print(out, report);
  default:
    return ML_OK;
  }
}

int cli_sink_print(cli_sink *sink, FILE *out, size_t failures) {
  if (sink->statistics != NULL) {
    if (sink->args->format == CLI_FORMAT_JSON)
      return cli_statistics_write_json(out, sink->statistics);
    cli_statistics_print(out, sink->statistics);
    return ML_OK;
  }
  switch (sink->args->format) {
  case CLI_FORMAT_SARIF:
    return cli_sarif_write(sink->sarif, out, failures == 0);
  case CLI_FORMAT_GITLAB:
    return cli_json_write(out, sink->gitlab);
  case CLI_FORMAT_JUNIT:
    return cli_junit_write(sink->junit, out);
  default:
    return ML_OK;
  }
}

bool cli_sink_wants_summary(const cli_args *args) {
  return args->format == CLI_FORMAT_TEXT || args->format == CLI_FORMAT_CONCISE;
}

int cli_sink_close(cli_sink *sink) {
  if (sink == NULL || sink->buffer == NULL)
    return ML_OK;
  int err = fclose(sink->buffer) == 0 ? ML_OK : ML_ENOMEM;
  sink->buffer = NULL;
  char why[256];
  if (err == ML_OK)
    err = cli_write_atomic_create(sink->args->output_file, sink->buffer_bytes,
                                  sink->buffer_length, why, sizeof why);
  if (err != ML_OK)
    cli_error("%s: cannot write the report: %s", sink->args->output_file,
              err == ML_EIO ? why : ml_strerror(err));
  return err;
}
