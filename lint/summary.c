/* The closing lines of text and concise output. */
#include "output.h"

static const char *plural(size_t n, const char *one, const char *many) {
  return n == 1 ? one : many;
}

void cli_summary_add(cli_summary *summary, const ml_diag_list *diags) {
  for (size_t i = 0; i < diags->count; i++) {
    const ml_diag *d = &diags->items[i];
    summary->findings++;
    size_t index = ml_rule_index(d->rule);
    if (index < ML_MAX_RULES)
      summary->by_rule[index]++;
    if (d->severity == ML_SEVERITY_ERROR)
      summary->errors++;
    else
      summary->warnings++;
    if (d->fix != NULL && d->fix->applicability == ML_APPLICABILITY_SAFE)
      summary->safe_fixable++;
    else if (d->fix != NULL && d->fix->applicability == ML_APPLICABILITY_UNSAFE)
      summary->unsafe_fixable++;
  }
}

static void print_counts(FILE *out, const cli_summary *s) {
  fprintf(out, "Found %zu %s (", s->findings, plural(s->findings, "finding", "findings"));
  if (s->errors > 0)
    fprintf(out, "%zu %s", s->errors, plural(s->errors, "error", "errors"));
  if (s->errors > 0 && s->warnings > 0)
    fputs(", ", out);
  if (s->warnings > 0)
    fprintf(out, "%zu %s", s->warnings, plural(s->warnings, "warning", "warnings"));
  fputs(").\n", out);
}

static void print_hidden(FILE *out, const cli_summary *s, bool unsafe_fixes) {
  if (!unsafe_fixes && s->unsafe_fixable > 0)
    fprintf(out, "%zu hidden %s can be enabled with the `--unsafe-fixes` option.\n",
            s->unsafe_fixable, plural(s->unsafe_fixable, "fix", "fixes"));
}

void cli_summary_print(FILE *out, const cli_summary *s, cli_mode mode, bool unsafe_fixes) {
  if (mode == CLI_MODE_DIFF) {
    if (s->fixed > 0)
      fprintf(out, "Would fix %zu %s.\n", s->fixed, plural(s->fixed, "finding", "findings"));
    else
      fputs("No fixes available.\n", out);
    print_hidden(out, s, unsafe_fixes);
    return;
  }
  if (s->findings == 0 && s->fixed == 0) {
    /* A file that was never checked must not read as a clean bill of health. */
    if (s->failed_files > 0)
      fprintf(out, "No findings in the files checked, but %zu %s could not be checked (see above).\n",
              s->failed_files, plural(s->failed_files, "file", "files"));
    else
      fputs("All checks passed!\n", out);
    return;
  }
  if (mode == CLI_MODE_FIX) {
    fprintf(out, "Fixed %zu %s, %zu remaining.\n", s->fixed,
            plural(s->fixed, "finding", "findings"), s->findings);
    print_hidden(out, s, unsafe_fixes);
    return;
  }
  print_counts(out, s);
  size_t fixable = s->safe_fixable + (unsafe_fixes ? s->unsafe_fixable : 0);
  if (fixable > 0)
    fprintf(out, "[*] %zu fixable with the `--fix` option.\n", fixable);
  print_hidden(out, s, unsafe_fixes);
}
