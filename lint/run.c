/* The check command: read each input, lint or fix it, hand the findings to a printer. Inputs are
 * independent: a failure is reported on stderr, counted, and the next input is processed.
 *
 * How the work is split (read this before adding per-file work):
 *
 *   prepare()  runs on a worker thread, for one input: read the file (one read), skip it when its
 *              bytes never mention `modal` (no rule can fire: the library's own gate, applied
 *              before even the line index is built), find its kind and project, lint or fix it,
 *              and write the fixed file (atomically, per file). It touches only its own `outcome`
 *              and the worker's own ml_linter (one tree-sitter parser per thread). It never
 *              prints: error messages go into the outcome through outcome_error().
 *   emit()     runs on the main thread, strictly in input order: prints the outcome's messages,
 *              its findings (print_findings: where an output format plugs in), the diff or the
 *              fixed standard input, and adds to the summary. Everything that prints or counts is
 *              here, so the output is byte for byte the same whatever -j says.
 *   run_all()  starts `jobs` workers that claim inputs in order. A worker stays at most `window`
 *              inputs ahead of the emitter, so memory is bounded by the window, not by the size of
 *              the tree. With one job (or one input) prepare and emit alternate on the main thread.
 *
 * Shared state a worker may read: the arguments, the mode, and the project cache (which locks
 * itself). Nothing else is shared. */
#include "run.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "modallint/error.h"
#include "modallint/file.h"
#include "modallint/fix.h"
#include "modallint/lint.h"

#include "add_noqa.h"
#include "diff.h"
#include "discover.h"
#include "messages.h"
#include "notebook.h"
#include "output.h"
#include "pin_report.h"
#include "workspace.h"
#include "report_sink.h"
#include "settings.h"
#include "signal_guard.h"
#include "write_atomic.h"

typedef struct run_state {
  const cli_args *args;
  cli_mode mode;
  ws_projects *projects;        /* NULL unless a selected rule needs the project (MDL111) */
  ws_index *index;              /* the project index, built before the workers start, then only
                                    read (workspace.h) */
  cli_sink *sink;                /* the CI formats, --statistics and -o (report_sink.h) */
  FILE *report;                  /* findings and summary: stdout, or stderr when stdout carries
                                    the fixed text of standard input */
  const cli_palette *palette;      /* for `report` */
  const cli_palette *diff_palette; /* for stdout */
  json_t *json;                  /* the findings so far, with --format json */
  cli_summary summary;
  size_t failures;
  size_t noqa_added;             /* --add-noqa: directives added so far */
  bool any_diff;
} run_state;

/* What emit() does with an outcome. */
typedef enum outcome_action {
  OUTCOME_NOTHING = 0, /* unreadable, or nothing to report */
  OUTCOME_PRINT,       /* print `shown_diags` against `shown` */
  OUTCOME_FIXED,       /* --fix: count the fixes, print what remains in the fixed text */
  OUTCOME_STDOUT,      /* --fix on standard input: the fixed text to stdout, then as FIXED */
  OUTCOME_DIFF,        /* --diff: the patch to stdout, count what remains */
  OUTCOME_NOQA         /* --add-noqa: count the directives written */
} outcome_action;

/* Everything prepare() learnt about one input, waiting for emit(). */
typedef struct outcome {
  const cli_input *input;
  const char *path;    /* as shown to the user */
  char *messages;      /* error lines for stderr, each ending in '\n'; owned */
  size_t messages_length;
  size_t failures;
  outcome_action action;
  ml_source *source;   /* the text as read; owned */
  ml_diag_list diags;  /* its findings (check mode, or --fix when writing failed) */
  ml_fix_result fix;   /* fix and diff modes */
  cli_notebook *notebook; /* a .ipynb: `source` is its cells' virtual text; owned */
  cli_noqa_result noqa;   /* --add-noqa */
  bool ready;          /* set under the pool's lock once prepare() is done */
} outcome;

/* Records an error message for emit() to print with cli_error(), NUL-terminated: a file name may
 * hold a newline, so a newline cannot end a message. Out of memory, the message is lost but the
 * failure is still counted by the caller. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void outcome_error(outcome *o, const char *format, ...) {
  char line[1024];
  va_list ap;
  va_start(ap, format);
  int n = vsnprintf(line, sizeof line - 1, format, ap);
  va_end(ap);
  if (n < 0)
    return;
  size_t length = ((size_t)n < sizeof line - 1 ? (size_t)n : sizeof line - 2) + 1;
  char *grown = realloc(o->messages, o->messages_length + length);
  if (grown == NULL)
    return;
  memcpy(grown + o->messages_length, line, length);
  o->messages = grown;
  o->messages_length += length;
}

static void report_failure(outcome *o, const char *path, int err) {
  outcome_error(o, "%s: %s", path, err == ML_EIO ? strerror(errno) : ml_strerror(err));
  o->failures++;
}

static void outcome_clear(outcome *o) {
  free(o->messages);
  ml_diag_list_clear(&o->diags);
  ml_fix_result_clear(&o->fix);
  ml_source_free(o->source);
  cli_notebook_destroy(o->notebook);
  cli_noqa_result_clear(&o->noqa);
  o->notebook = NULL;
  o->messages = NULL;
  o->source = NULL;
}

/* ---- prepare: on a worker thread ---- */

static void report_rejected(outcome *o, const ml_fix_result *result) {
  for (size_t i = 0; i < result->rejected_count; i++) {
    const ml_rejected_fix *r = &result->rejected[i];
    outcome_error(o, "%s: fix for %s (%s) not applied: it would introduce a syntax error", o->path,
                  r->rule->code, r->title);
  }
}

static bool same_text(const ml_source *a, const ml_source *b) {
  return ml_source_length(a) == ml_source_length(b) &&
         memcmp(ml_source_bytes(a), ml_source_bytes(b), ml_source_length(a)) == 0;
}

/* --fix: write the fixed text (atomically, and only when it changed). If writing fails, the file
 * still holds the old text, so its findings are what gets printed. */
static int fix_write(ml_linter *linter, outcome *o, const struct stat *stat,
                     const ml_file_info *info) {
  const ml_fix_result *result = &o->fix;
  if (o->input->is_stdin) {
    o->action = OUTCOME_STDOUT;
    return ML_OK;
  }
  o->action = OUTCOME_FIXED;
  if (same_text(o->source, result->fixed))
    return ML_OK;
  const char *bytes = ml_source_bytes(result->fixed);
  size_t length = ml_source_length(result->fixed);
  char message[256];
  int err = ML_OK;
  if (o->notebook != NULL) { /* only the changed cells go back into the notebook's JSON */
    err = cli_notebook_fix(o->notebook, result->fixed, message, sizeof message);
    bytes = o->notebook->fixed_json;
    length = o->notebook->fixed_json_length;
  }
  char why[256];
  if (err == ML_OK)
    err = cli_write_atomic(o->input->path, bytes, length, stat, why, sizeof why);
  if (err == ML_OK)
    return ML_OK;
  if (o->notebook != NULL && o->notebook->fixed_json == NULL)
    outcome_error(o, "%s: not fixed: %s", o->path, err == ML_EINVAL ? message : ml_strerror(err));
  else if (err == ML_ECHANGED)
    outcome_error(o, "%s: not fixed: the file changed on disk while it was being linted", o->path);
  else
    outcome_error(o, "%s: cannot write the fixed file: %s", o->path,
                  err == ML_EIO ? why : ml_strerror(err));
  o->failures++;
  ml_fix_result_clear(&o->fix);
  o->action = OUTCOME_NOTHING;
  err = ml_lint_file(linter, o->source, info, &o->diags);
  if (err == ML_OK)
    o->action = OUTCOME_PRINT;
  return err;
}

/* --add-noqa: write the file with its directives (atomically, only when it changed). A notebook's
 * cells are not lines of the file, so notebooks are left out. */
static int add_noqa(ml_linter *linter, outcome *o, const struct stat *stat,
                    const ml_file_info *info) {
  if (o->notebook != NULL) {
    outcome_error(o, "%s: --add-noqa is not supported for notebooks; skipped", o->path);
    return ML_OK;
  }
  int err = cli_add_noqa(linter, o->source, info, &o->noqa);
  if (err != ML_OK)
    return err;
  for (size_t i = 0; i < o->noqa.skipped_count; i++)
    outcome_error(o, "cannot add noqa at %s:%u (the line ends inside a string or continues)",
                  o->path, (unsigned)o->noqa.skipped[i]);
  o->action = OUTCOME_NOQA;
  if (o->noqa.text == NULL)
    return ML_OK;
  char why[256];
  err = cli_write_atomic(o->input->path, o->noqa.text, o->noqa.length, stat, why, sizeof why);
  if (err == ML_OK)
    return ML_OK;
  if (err == ML_ECHANGED)
    outcome_error(o, "%s: noqa not added: the file changed on disk while it was being linted",
                  o->path);
  else
    outcome_error(o, "%s: cannot write the file: %s", o->path,
                  err == ML_EIO ? why : ml_strerror(err));
  o->failures++;
  o->noqa.added = 0;
  return ML_OK;
}

static int lint_or_fix(const run_state *st, ml_linter *linter, outcome *o, const struct stat *stat,
                       const ml_file_info *info) {
  if (st->args->add_noqa)
    return add_noqa(linter, o, stat, info);
  if (st->mode == CLI_MODE_CHECK) {
    int err = ml_lint_file(linter, o->source, info, &o->diags);
    if (err == ML_OK)
      o->action = OUTCOME_PRINT;
    return err;
  }
  int err = ml_fix_file(linter, o->source, info, st->args->unsafe_fixes, &o->fix);
  if (err != ML_OK)
    return err;
  report_rejected(o, &o->fix);
  if (st->mode == CLI_MODE_DIFF) {
    o->action = OUTCOME_DIFF;
    char message[256];
    if (o->notebook != NULL) /* the patch is of the notebook file */
      err = cli_notebook_fix(o->notebook, o->fix.fixed, message, sizeof message);
    if (err == ML_EINVAL) {
      outcome_error(o, "%s: not fixed: %s", o->path, message);
      o->failures++;
      o->action = OUTCOME_NOTHING;
      err = ML_OK;
    }
    return err;
  }
  return fix_write(linter, o, stat, info);
}

/* What the library needs to know besides the bytes: the kind (from the name, which for standard
 * input is --stdin-filename) and, for Python when a rule wants it, the project around the file.
 * `module` holds the name info->module points to. */
static int describe(const run_state *st, const cli_input *input, const char *path,
                    ml_file_info *info, char *module, size_t module_size) {
  memset(info, 0, sizeof *info);
  info->kind = input->kind;
  bool named = !input->is_stdin || st->args->stdin_filename != NULL;
  if (input->is_stdin && named)
    ml_file_kind_for_path(path, &info->kind);
  if (info->kind == ML_FILE_PYTHON && named)
    ws_index_describe(st->index, path, info);
  if (info->kind != ML_FILE_PYTHON || st->projects == NULL || !named)
    return ML_OK;
  int err = ws_projects_lookup(st->projects, path, &info->project, module, module_size);
  if (err == ML_OK)
    info->module = module;
  return err;
}

/* A UTF-16 file read as UTF-8 is NUL bytes between letters: no finding could ever match, and a
 * fix would write UTF-8 into it. Saying so beats a silent "All checks passed!". */
static bool has_utf16_bom(const ws_file_data *data) {
  const unsigned char *b = (const unsigned char *)data->bytes;
  return data->length >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
}

/* The library reports nothing, in any mode and for any kind of file, on text that never mentions
 * `modal` (ml_lint_file's gate). Checking here as well saves building the source model (a copy
 * and a line index) for the great majority of a monorepo. Standard input is always processed:
 * with --fix its text must be echoed. */
static bool may_have_findings(const cli_input *input, const ws_file_data *data) {
  return input->is_stdin || ml_mentions_modal(data->bytes, data->length);
}

/* Names the outcome's file; true when there is nothing more to do for it: building the index
 * read it already and found nothing Modal in it (most files of a monorepo). */
static bool settled_by_index(const run_state *st, outcome *o) {
  const cli_input *input = o->input;
  o->path = input->path;
  if (input->is_stdin && st->args->stdin_filename != NULL)
    o->path = st->args->stdin_filename;
  return !input->is_stdin && ws_index_skips(st->index, input->path);
}

/* "8 MiB", or the exact count when it is not a whole number of KiB or MiB. */
static void format_size(char *out, size_t size, size_t bytes) {
  if (bytes >= ((size_t)1 << 20) && bytes % ((size_t)1 << 20) == 0)
    snprintf(out, size, "%zu MiB", bytes >> 20);
  else if (bytes >= 1024 && bytes % 1024 == 0)
    snprintf(out, size, "%zu KiB", bytes >> 10);
  else
    snprintf(out, size, "%zu bytes", bytes);
}

/* A file over --max-file-size: parsing it could take gigabytes, so it is skipped, and saying so
 * makes the run fail rather than pass with a file unchecked. */
static void report_too_big(outcome *o, bool is_stdin, size_t length, size_t max) {
  char limit[32];
  format_size(limit, sizeof limit, max);
  if (is_stdin)
    outcome_error(o, "%s: not checked: standard input holds more than %s (--max-file-size)",
                  o->path, limit);
  else
    outcome_error(o, "%s: not checked: %zu bytes, more than %s (raise --max-file-size to check it)",
                  o->path, length, limit);
  o->failures++;
}

/* Notebooks keep their outputs (images, tables) beside the code, so the file may be this many
 * times the bound; the code itself must still fit within it. */
#define NOTEBOOK_FILE_FACTOR 32

static size_t read_bound(const cli_input *input, size_t max) {
  bool notebook = !input->is_stdin && cli_notebook_path(input->path);
  if (!notebook)
    return max;
  return max > SIZE_MAX / NOTEBOOK_FILE_FACTOR ? SIZE_MAX : max * NOTEBOOK_FILE_FACTOR;
}

/* Reads the input, saying why when it cannot: only regular files (and standard input) are read,
 * within the size bound. */
static bool read_input(const run_state *st, outcome *o, ws_file_data *data) {
  const cli_input *input = o->input;
  size_t max = st->args->max_file_size;
  int err = ws_read_file(input->path, input->is_stdin, read_bound(input, max), data);
  if (err == ML_OK)
    return true;
  if (err == ML_ETOOBIG) {
    report_too_big(o, input->is_stdin, data->length, read_bound(input, max));
  } else if (err == ML_EIO && errno == ENODEV) {
    outcome_error(o, "%s: not checked: %s, not a regular file", o->path,
                  ws_file_type_name(&data->st));
    o->failures++;
  } else {
    report_failure(o, o->path, err);
  }
  return false;
}

static void prepare(const run_state *st, ml_linter *linter, outcome *o) {
  const cli_input *input = o->input;
  if (settled_by_index(st, o))
    return;
  ws_file_data data;
  if (!read_input(st, o, &data))
    return;
  int err;
  if (has_utf16_bom(&data)) {
    outcome_error(o, "%s: UTF-16 text is not supported (Python reads source as UTF-8); not checked",
                  o->path);
    o->failures++;
    ws_file_data_free(&data);
    return;
  }
  /* A file that never names Modal still needs linting when it imports Modal objects from a
   * module of the project (`from .common import app`). */
  if (!may_have_findings(input, &data) && !ws_index_needs_lint(st->index, input->path)) {
    ws_file_data_free(&data);
    return;
  }
  ml_file_info info;
  char module[256];
  struct stat stat = data.st; /* for --fix: the write is refused if the file changed since */
  err = describe(st, input, o->path, &info, module, sizeof module);
  if (err == ML_OK && input->options != NULL) /* the configuration that governs this file */
    err = ml_linter_set_options(linter, input->options);
  if (err == ML_OK && !input->is_stdin && cli_notebook_path(input->path)) {
    char message[256];
    err = cli_notebook_open(data.bytes, data.length, &o->notebook, message, sizeof message);
    data.bytes = NULL; /* the notebook owns it now */
    if (err == ML_OK && o->notebook->length > st->args->max_file_size) {
      report_too_big(o, false, o->notebook->length, st->args->max_file_size);
    } else if (err == ML_OK) {
      err = ml_source_new(o->notebook->text, o->notebook->length, &o->source);
    }
    if (err == ML_EINVAL) {
      outcome_error(o, "%s: %s", o->path, message);
      o->failures++;
      err = ML_OK;
    }
  } else if (err == ML_OK) {
    err = ml_source_new(data.bytes, data.length, &o->source);
  }
  ws_file_data_free(&data);
  if (err == ML_OK && o->source != NULL)
    err = lint_or_fix(st, linter, o, &stat, &info);
  if (err != ML_OK)
    report_failure(o, o->path, err);
}

/* ---- emit: on the main thread, in input order ---- */

static int print_findings(run_state *st, const cli_notebook *notebook, const char *path,
                          const ml_source *source,
                          const ml_diag_list *diags) {
  cli_file_report report = {.path = path, .source = source, .diags = diags, .notebook = notebook};
  cli_summary_add(&st->summary, diags);
  if (cli_sink_takes(st->sink))
    return cli_sink_add(st->sink, st->report, &report);
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

static void emit_messages(const outcome *o) {
  const char *p = o->messages, *end = o->messages + o->messages_length;
  for (; p < end; p += strlen(p) + 1)
    cli_error("%s", p);
}

static void emit(run_state *st, outcome *o) {
  emit_messages(o);
  st->failures += o->failures;
  const ml_fix_result *fix = &o->fix;
  int err = ML_OK;
  switch (o->action) {
  case OUTCOME_NOTHING:
    return;
  case OUTCOME_PRINT:
    err = print_findings(st, o->notebook, o->path, o->source, &o->diags);
    break;
  case OUTCOME_STDOUT: {
    uint32_t length = ml_source_length(fix->fixed);
    if (fwrite(ml_source_bytes(fix->fixed), 1, length, stdout) != length || fflush(stdout) != 0) {
      errno = errno ? errno : EIO;
      cli_error("<stdout>: %s", strerror(errno));
      st->failures++;
      return;
    }
  }
    /* fall through */
  case OUTCOME_FIXED:
    st->summary.fixed += fix->applied;
    err = print_findings(st, o->notebook, o->path, fix->fixed, &fix->remaining);
    break;
  case OUTCOME_DIFF: {
    bool changed = false;
    if (o->notebook != NULL)
      err = cli_diff_write(stdout, st->diff_palette, o->path, o->notebook->json,
                           o->notebook->json_length, o->notebook->fixed_json,
                           o->notebook->fixed_json_length, &changed);
    else
      err = cli_diff_write(stdout, st->diff_palette, o->path, ml_source_bytes(o->source),
                           ml_source_length(o->source), ml_source_bytes(fix->fixed),
                           ml_source_length(fix->fixed), &changed);
    st->any_diff |= changed;
    st->summary.fixed += fix->applied;
    /* Only counted, for the hint about --unsafe-fixes: --diff prints no findings. */
    cli_summary_add(&st->summary, &fix->remaining);
    break;
  }
  case OUTCOME_NOQA:
    st->noqa_added += o->noqa.added;
    break;
  }
  if (err != ML_OK) {
    cli_error("%s: %s", o->path, err == ML_EIO ? strerror(errno) : ml_strerror(err));
    st->failures++;
  }
}

/* ---- the pool ---- */

/* Only the inputs the index did not settle go to the workers, and the window that bounds how far
 * they may run ahead of the emitter (and so how many outcomes wait in memory) counts those: when
 * it counted every input, a worker that finished early found the next unsettled file, hundreds
 * of settled ones further on, outside the window, and idled until the slow file before it was
 * done. On a monorepo that kept each of two workers idle for 40% of the lint. */
typedef struct pool {
  run_state *st;
  outcome *outcomes;
  const size_t *work;   /* indices into `outcomes` of the inputs to prepare, ascending */
  size_t work_count;
  size_t window;
  pthread_mutex_t lock;
  pthread_cond_t ready; /* an outcome is ready: the emitter may go on */
  pthread_cond_t room;  /* the emitter went on: a worker may claim further ahead */
  size_t next;          /* the next entry of `work` to claim */
  size_t emitted;       /* entries of `work` whose outcomes were emitted (and freed) so far */
} pool;

typedef struct worker {
  pool *pool;
  ml_linter *linter;
  pthread_t thread;
} worker;

static void *worker_main(void *arg) {
  worker *w = arg;
  pool *p = w->pool;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    while (p->next < p->work_count && p->next >= p->emitted + p->window)
      pthread_cond_wait(&p->room, &p->lock);
    if (p->next >= p->work_count) {
      pthread_mutex_unlock(&p->lock);
      return NULL;
    }
    size_t i = p->work[p->next++];
    pthread_mutex_unlock(&p->lock);
    prepare(p->st, w->linter, &p->outcomes[i]);
    pthread_mutex_lock(&p->lock);
    p->outcomes[i].ready = true;
    pthread_cond_signal(&p->ready);
    pthread_mutex_unlock(&p->lock);
  }
}

static unsigned job_count(const cli_args *args, size_t inputs) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  unsigned jobs = args->jobs ? args->jobs : cpus > 0 ? (unsigned)cpus : 1;
  if (jobs > inputs)
    jobs = inputs > 0 ? (unsigned)inputs : 1;
  return jobs;
}

static int run_serial(run_state *st, outcome *outcomes, size_t count) {
  ml_linter *linter = NULL;
  int err = ml_linter_new(&st->args->options, &linter);
  if (err != ML_OK)
    return err;
  for (size_t i = 0; i < count; i++) {
    prepare(st, linter, &outcomes[i]);
    emit(st, &outcomes[i]);
    outcome_clear(&outcomes[i]);
  }
  ml_linter_free(linter);
  return ML_OK;
}

static int run_parallel(run_state *st, outcome *outcomes, size_t count, unsigned jobs) {
  worker *workers = calloc(jobs, sizeof *workers);
  size_t *work = malloc((count ? count : 1) * sizeof *work);
  if (workers == NULL || work == NULL) {
    free(workers);
    free(work);
    return ML_ENOMEM;
  }
  size_t work_count = 0;
  for (size_t i = 0; i < count; i++) {
    if (settled_by_index(st, &outcomes[i]))
      outcomes[i].ready = true;
    else
      work[work_count++] = i;
  }
  if (jobs > work_count) /* a linter per worker that would find nothing to do */
    jobs = work_count > 0 ? (unsigned)work_count : 1;
  pool p = {.st = st, .outcomes = outcomes, .work = work, .work_count = work_count,
            .window = 8 * (size_t)jobs + 32};
  int err = ML_OK;
  for (unsigned w = 0; w < jobs && err == ML_OK; w++) {
    workers[w].pool = &p;
    err = ml_linter_new(&st->args->options, &workers[w].linter);
  }
  if (err != ML_OK) {
    for (unsigned w = 0; w < jobs; w++)
      ml_linter_free(workers[w].linter);
    free(workers);
    free(work);
    return err;
  }
  pthread_mutex_init(&p.lock, NULL);
  pthread_cond_init(&p.ready, NULL);
  pthread_cond_init(&p.room, NULL);
  unsigned started = 0;
  for (; started < jobs; started++)
    if (pthread_create(&workers[started].thread, NULL, worker_main, &workers[started]) != 0)
      break;
  if (started == 0) {
    err = ML_ENOMEM;
  } else {
    size_t work_emitted = 0;
    for (size_t i = 0; i < count; i++) {
      bool is_work = work_emitted < work_count && work[work_emitted] == i;
      if (is_work) {
        pthread_mutex_lock(&p.lock);
        while (!outcomes[i].ready)
          pthread_cond_wait(&p.ready, &p.lock);
        pthread_mutex_unlock(&p.lock);
      }
      emit(st, &outcomes[i]);
      outcome_clear(&outcomes[i]);
      if (is_work) {
        pthread_mutex_lock(&p.lock);
        p.emitted = ++work_emitted;
        pthread_cond_broadcast(&p.room);
        pthread_mutex_unlock(&p.lock);
      }
    }
  }
  for (unsigned w = 0; w < started; w++)
    pthread_join(workers[w].thread, NULL);
  for (unsigned w = 0; w < jobs; w++)
    ml_linter_free(workers[w].linter);
  pthread_cond_destroy(&p.room);
  pthread_cond_destroy(&p.ready);
  pthread_mutex_destroy(&p.lock);
  free(workers);
  free(work);
  return err;
}

static int run_all(run_state *st, const cli_input_list *inputs) {
  outcome *outcomes = calloc(inputs->count ? inputs->count : 1, sizeof *outcomes);
  if (outcomes == NULL)
    return ML_ENOMEM;
  for (size_t i = 0; i < inputs->count; i++) {
    outcomes[i].input = &inputs->items[i];
    ml_diag_list_init(&outcomes[i].diags);
  }
  unsigned jobs = job_count(st->args, inputs->count);
  int err = jobs <= 1 ? run_serial(st, outcomes, inputs->count)
                      : run_parallel(st, outcomes, inputs->count, jobs);
  free(outcomes);
  return err;
}

/* ---- the command ---- */

static bool any_stdin(const cli_input_list *inputs) {
  for (size_t i = 0; i < inputs->count; i++)
    if (inputs->items[i].is_stdin)
      return true;
  return false;
}

static int finish(run_state *st) {
  bool sunk = cli_sink_takes(st->sink);
  if (st->args->add_noqa) { /* no findings are listed: the files now silence them */
    if (!st->args->quiet)
      fprintf(st->report, "Added %zu noqa directive%s.\n", st->noqa_added,
              st->noqa_added == 1 ? "" : "s");
    sunk = false;
  } else if (sunk && cli_sink_print(st->sink, st->report, st->failures) != ML_OK) {
    cli_error("cannot write the findings");
    st->failures++;
  }
  if (st->args->add_noqa) {
    /* the count is all there is to say */
  } else if (!sunk && st->args->format == CLI_FORMAT_JSON) {
    if (cli_json_write(st->report, st->json) != ML_OK) {
      cli_error("cannot write the findings");
      st->failures++;
    }
  } else if (!st->args->quiet && cli_sink_wants_summary(st->args)) {
    /* With --diff, stdout is the patch; the summary must not end up inside it. */
    FILE *out = st->mode == CLI_MODE_DIFF ? stderr : st->report;
    st->summary.failed_files = st->failures;
    cli_summary_print(out, &st->summary, st->mode, st->args->unsafe_fixes);
    /* Upgrade planning: only the human-readable report says where the project stands. */
    if (st->mode == CLI_MODE_CHECK && st->args->format == CLI_FORMAT_TEXT) {
      cli_pin pin;
      cli_pin_find(st->args->paths, st->args->path_count, &pin);
      cli_pin_print(out, &pin, &st->summary, st->args->options.target);
    }
  }
  if (cli_sink_close(st->sink) != ML_OK)
    st->failures++;
  if (fflush(stdout) != 0) {
    cli_error("cannot write to standard output: %s", strerror(errno));
    st->failures++;
  }
  if (st->failures > 0)
    return 2;
  if (st->args->add_noqa)
    return 0;
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

/* The project index over the Python files named on the command line (standard input is not
 * read here), built on `jobs` threads before the workers start. */
static int build_index(const cli_input_list *inputs, unsigned jobs, ws_index **out) {
  const char **paths = malloc((inputs->count ? inputs->count : 1) * sizeof *paths);
  if (paths == NULL)
    return ML_ENOMEM;
  size_t count = 0;
  for (size_t i = 0; i < inputs->count; i++)
    if (!inputs->items[i].is_stdin && inputs->items[i].kind == ML_FILE_PYTHON)
      paths[count++] = inputs->items[i].path;
  int err = ws_index_build(paths, count, jobs, out);
  free(paths);
  return err;
}

static int check(const cli_args *args) {
  run_state st;
  memset(&st, 0, sizeof st);
  st.args = args;
  st.mode = args->diff ? CLI_MODE_DIFF : args->fix ? CLI_MODE_FIX : CLI_MODE_CHECK;

  cli_input_list inputs = {0};
  int err = cli_settings_discover(args, &inputs, &st.failures);
  if (err == ML_EINVAL) { /* an invalid configuration file, already reported */
    cli_input_list_free(&inputs);
    return 2;
  }
  if (err == ML_OK && needs_project(&args->options))
    err = ws_projects_new(&st.projects);
  if (err == ML_OK)
    err = build_index(&inputs, args->jobs, &st.index);
  if (err == ML_OK && args->format == CLI_FORMAT_JSON && (st.json = json_array()) == NULL)
    err = ML_ENOMEM;
  if (err == ML_OK)
    err = cli_sink_new(args, &st.sink);
  if (err == ML_OK) {
    bool stdout_is_text = st.mode == CLI_MODE_FIX && any_stdin(&inputs);
    st.report = cli_sink_stream(st.sink, stdout_is_text ? stderr : stdout);
    st.palette = cli_palette_get(cli_color_enabled(args->color, fileno(st.report)));
    st.diff_palette = cli_palette_get(cli_color_enabled(args->color, STDOUT_FILENO));
    err = run_all(&st, &inputs);
  }
  if (err != ML_OK) {
    cli_error("%s", ml_strerror(err));
    json_decref(st.json);
    cli_sink_free(st.sink);
    ws_projects_free(st.projects);
    ws_index_free(st.index);
    cli_input_list_free(&inputs);
    return 2;
  }
  int status = finish(&st);
  json_decref(st.json);
  cli_sink_free(st.sink);
  ws_projects_free(st.projects);
  ws_index_free(st.index);
  cli_input_list_free(&inputs);
  return status;
}

int cli_check_main(const cli_args *args) {
  /* Before the index's readers and the workers start, so that every thread blocks the signals. */
  if (cli_signal_guard_start() != ML_OK) {
    cli_error("cannot start: %s", ml_strerror(ML_ENOMEM));
    return 2;
  }
  int status = check(args);
  cli_signal_guard_stop();
  return status;
}
