/* The check command: read each input, lint or fix it, hand the findings to a printer. Inputs are
 * independent: a failure is reported on stderr, counted, and the next input is processed. */
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "modallint/error.h"
#include "modallint/file.h"
#include "modallint/fix.h"
#include "modallint/lint.h"

#include "diff.h"
#include "discover.h"
#include "messages.h"
#include "output.h"
#include "pin_report.h"
#include "project_discovery.h"
#include "read_file.h"
#include "write_atomic.h"

typedef struct run_state {
  const cli_args *args;
  cli_mode mode;
  ml_linter *linter;
  cli_projects *projects;        /* NULL unless a selected rule needs the project (MDL111) */
  FILE *report;                  /* findings and summary: stdout, or stderr when stdout carries
                                    the fixed text of standard input */
  const cli_palette *palette;      /* for `report` */
  const cli_palette *diff_palette; /* for stdout */
  json_t *json;                  /* the findings so far, with --format json */
  cli_summary summary;
  size_t failures;
  bool any_diff;
} run_state;

static void report_failure(run_state *st, const char *path, int err) {
  cli_error("%s: %s", path, err == ML_EIO ? strerror(errno) : ml_strerror(err));
  st->failures++;
}

static int print_findings(run_state *st, const char *path, const ml_source *source,
                          const ml_diag_list *diags) {
  cli_file_report report = {path, source, diags};
  cli_summary_add(&st->summary, diags);
  switch (st->args->format) {
  case CLI_FORMAT_JSON:
    return cli_json_append(st->json, &report);
  case CLI_FORMAT_CONCISE:
    cli_concise_print(st->report, st->palette, &report);
    return ML_OK;
  default:
    cli_text_print(st->report, st->palette, &report);
    return ML_OK;
  }
}

static int lint_and_print(run_state *st, const char *path, const ml_source *source,
                          const ml_file_info *info) {
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  int err = ml_lint_file(st->linter, source, info, &diags);
  if (err == ML_OK)
    err = print_findings(st, path, source, &diags);
  ml_diag_list_clear(&diags);
  return err;
}

static void report_rejected(const char *path, const ml_fix_result *result) {
  for (size_t i = 0; i < result->rejected_count; i++) {
    const ml_rejected_fix *r = &result->rejected[i];
    cli_error("%s: fix for %s (%s) not applied: it would introduce a syntax error", path,
              r->rule->code, r->title);
  }
}

static bool same_text(const ml_source *a, const ml_source *b) {
  return ml_source_length(a) == ml_source_length(b) &&
         memcmp(ml_source_bytes(a), ml_source_bytes(b), ml_source_length(a)) == 0;
}

/* --fix: write the fixed text (atomically, and only when it changed), then print what remains.
 * If writing fails, the file still holds the old text, so its findings are what gets printed. */
static int fix_and_print(run_state *st, const cli_input *input, const char *path,
                         const cli_file_data *data, const ml_source *source,
                         const ml_file_info *info, const ml_fix_result *result) {
  const char *bytes = ml_source_bytes(result->fixed);
  uint32_t length = ml_source_length(result->fixed);
  if (input->is_stdin) {
    if (fwrite(bytes, 1, length, stdout) != length || fflush(stdout) != 0) {
      report_failure(st, "<stdout>", ML_EIO);
      return ML_OK;
    }
  } else if (!same_text(source, result->fixed)) {
    int err = cli_write_atomic(input->path, bytes, length, &data->st);
    if (err != ML_OK) {
      if (err == ML_ECHANGED)
        cli_error("%s: not fixed: the file changed on disk while it was being linted", path);
      else
        cli_error("%s: cannot write the fixed file: %s", path,
                  err == ML_EIO ? strerror(errno) : ml_strerror(err));
      st->failures++;
      return lint_and_print(st, path, source, info);
    }
  }
  st->summary.fixed += result->applied;
  return print_findings(st, path, result->fixed, &result->remaining);
}

static int fix_one(run_state *st, const cli_input *input, const char *path,
                   const cli_file_data *data, const ml_source *source, const ml_file_info *info) {
  ml_fix_result result;
  memset(&result, 0, sizeof result);
  int err = ml_fix_file(st->linter, source, info, st->args->unsafe_fixes, &result);
  if (err != ML_OK)
    return err;
  report_rejected(path, &result);
  if (st->mode == CLI_MODE_DIFF) {
    bool changed = false;
    err = cli_diff_write(stdout, st->diff_palette, path, ml_source_bytes(source),
                         ml_source_length(source), ml_source_bytes(result.fixed),
                         ml_source_length(result.fixed), &changed);
    st->any_diff |= changed;
    st->summary.fixed += result.applied;
    /* Only counted, for the hint about --unsafe-fixes: --diff prints no findings. */
    cli_summary_add(&st->summary, &result.remaining);
  } else {
    err = fix_and_print(st, input, path, data, source, info, &result);
  }
  ml_fix_result_clear(&result);
  return err;
}

/* What the library needs to know besides the bytes: the kind (from the name, which for standard
 * input is --stdin-filename) and, for Python when a rule wants it, the project around the file.
 * `module` holds the name info->module points to. */
static int describe(run_state *st, const cli_input *input, const char *path, ml_file_info *info,
                    char *module, size_t module_size) {
  memset(info, 0, sizeof *info);
  info->kind = input->kind;
  bool named = !input->is_stdin || st->args->stdin_filename != NULL;
  if (input->is_stdin && named)
    ml_file_kind_for_path(path, &info->kind);
  if (info->kind != ML_FILE_PYTHON || st->projects == NULL || !named)
    return ML_OK;
  int err = cli_projects_lookup(st->projects, path, &info->project, module, module_size);
  if (err == ML_OK)
    info->module = module;
  return err;
}

/* A UTF-16 file read as UTF-8 is NUL bytes between letters: no finding could ever match, and a
 * fix would write UTF-8 into it. Saying so beats a silent "All checks passed!". */
static bool has_utf16_bom(const cli_file_data *data) {
  const unsigned char *b = (const unsigned char *)data->bytes;
  return data->length >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
}

static void process(run_state *st, const cli_input *input) {
  const char *path = input->path;
  if (input->is_stdin && st->args->stdin_filename != NULL)
    path = st->args->stdin_filename;
  cli_file_data data;
  int err = cli_read_file(input->path, input->is_stdin, &data);
  if (err != ML_OK) {
    report_failure(st, path, err);
    return;
  }
  if (has_utf16_bom(&data)) {
    cli_error("%s: UTF-16 text is not supported (Python reads source as UTF-8); not checked", path);
    st->failures++;
    cli_file_data_free(&data);
    return;
  }
  ml_source *source = NULL;
  ml_file_info info;
  char module[256];
  err = describe(st, input, path, &info, module, sizeof module);
  if (err == ML_OK)
    err = ml_source_new(data.bytes, data.length, &source);
  if (err == ML_OK) {
    if (st->mode == CLI_MODE_CHECK)
      err = lint_and_print(st, path, source, &info);
    else
      err = fix_one(st, input, path, &data, source, &info);
  }
  if (err != ML_OK)
    report_failure(st, path, err);
  ml_source_free(source);
  cli_file_data_free(&data);
}

static bool any_stdin(const cli_input_list *inputs) {
  for (size_t i = 0; i < inputs->count; i++)
    if (inputs->items[i].is_stdin)
      return true;
  return false;
}

static int finish(run_state *st) {
  if (st->args->format == CLI_FORMAT_JSON) {
    if (cli_json_write(st->report, st->json) != ML_OK) {
      cli_error("cannot write the findings");
      st->failures++;
    }
  } else if (!st->args->quiet) {
    /* With --diff, stdout is the patch; the summary must not end up inside it. */
    FILE *out = st->mode == CLI_MODE_DIFF ? stderr : st->report;
    cli_summary_print(out, &st->summary, st->mode, st->args->unsafe_fixes);
    /* Upgrade planning: only the human-readable report says where the project stands. */
    if (st->mode == CLI_MODE_CHECK && st->args->format == CLI_FORMAT_TEXT) {
      cli_pin pin;
      cli_pin_find(st->args->paths, st->args->path_count, &pin);
      cli_pin_print(out, &pin, &st->summary, st->args->options.target);
    }
  }
  if (fflush(stdout) != 0) {
    cli_error("cannot write to standard output: %s", strerror(errno));
    st->failures++;
  }
  if (st->failures > 0)
    return 2;
  bool dirty = st->mode == CLI_MODE_DIFF ? st->any_diff : st->summary.findings > 0;
  return dirty && !st->args->exit_zero ? 1 : 0;
}

/* Listing the folders around every file costs a few system calls per folder; only MDL111 needs
 * it, so a run without that rule skips it. */
static bool needs_project(const ml_options *options) {
  const ml_rule *rule = ml_rule_find("MDL111");
  return rule != NULL && ml_rule_set_has(&options->rules, rule) &&
         ml_rule_applies_to(rule, options->target);
}

int cli_check_main(const cli_args *args) {
  run_state st;
  memset(&st, 0, sizeof st);
  st.args = args;
  st.mode = args->diff ? CLI_MODE_DIFF : args->fix ? CLI_MODE_FIX : CLI_MODE_CHECK;

  cli_input_list inputs = {0};
  int err = cli_discover(args->paths, args->path_count, &inputs, &st.failures);
  if (err == ML_OK)
    err = ml_linter_new(&args->options, &st.linter);
  if (err == ML_OK && needs_project(&args->options))
    err = cli_projects_new(&st.projects);
  if (err == ML_OK && args->format == CLI_FORMAT_JSON && (st.json = json_array()) == NULL)
    err = ML_ENOMEM;
  if (err != ML_OK) {
    cli_error("%s", ml_strerror(err));
    cli_input_list_free(&inputs);
    ml_linter_free(st.linter);
    cli_projects_free(st.projects);
    return 2;
  }
  bool stdout_is_text = st.mode == CLI_MODE_FIX && any_stdin(&inputs);
  st.report = stdout_is_text ? stderr : stdout;
  st.palette = cli_palette_get(cli_color_enabled(args->color, fileno(st.report)));
  st.diff_palette = cli_palette_get(cli_color_enabled(args->color, STDOUT_FILENO));

  for (size_t i = 0; i < inputs.count; i++)
    process(&st, &inputs.items[i]);

  int status = finish(&st);
  json_decref(st.json);
  ml_linter_free(st.linter);
  cli_projects_free(st.projects);
  cli_input_list_free(&inputs);
  return status;
}
