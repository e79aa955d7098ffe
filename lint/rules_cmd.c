/* `modal-lint rules` and `modal-lint explain`. The Markdown table is what README.md embeds, so its
 * layout is part of the interface (test/cli/readme_rules.sh compares the two). */
#include "rules_cmd.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "modallint/rule.h"

#include "messages.h"

static const char *fix_class(const ml_rule *rule) {
  bool safe = (rule->fixable & ML_FIXABLE_SAFE) != 0;
  bool unsafe = (rule->fixable & ML_FIXABLE_UNSAFE) != 0;
  return safe && unsafe ? "safe/unsafe" : safe ? "safe" : unsafe ? "unsafe" : "-";
}

static const char *or_dash(const char *text) { return text != NULL ? text : "-"; }

/* A table cell: a "|" would end the cell early, a newline the row. */
static void put_cell(FILE *out, const char *text) {
  fputs("| ", out);
  for (const char *p = text; *p; p++) {
    if (*p == '|')
      fputs("\\|", out);
    else if (*p == '\n' || *p == '\r')
      fputc(' ', out);
    else
      fputc(*p, out);
  }
  fputc(' ', out);
}

/* `modal-lint rules --target-version X` lists what an upgrade to X runs into: the rules whose
 * pattern warns (or fails) at or before X. The default target, the newest release, lists all. */
static bool listed(const ml_rule *rule, ml_version target) {
  return ml_rule_applies_to(rule, target);
}

static void print_markdown(ml_version target) {
  puts("| Code | Name | Fix | Deprecated in | Removed in | Summary |");
  puts("|---|---|---|---|---|---|");
  for (size_t i = 0; i < ml_rule_count(); i++) {
    const ml_rule *r = ml_rule_at(i);
    if (!listed(r, target))
      continue;
    put_cell(stdout, r->code);
    put_cell(stdout, r->slug);
    put_cell(stdout, fix_class(r));
    put_cell(stdout, or_dash(r->deprecated_in));
    put_cell(stdout, or_dash(r->removed_in));
    put_cell(stdout, r->title);
    puts("|");
  }
}

enum { COLUMNS = 6 };

static void row_cells(const ml_rule *r, const char *cells[COLUMNS]) {
  cells[0] = r->code;
  cells[1] = r->slug;
  cells[2] = fix_class(r);
  cells[3] = or_dash(r->deprecated_in);
  cells[4] = or_dash(r->removed_in);
  cells[5] = r->title;
}

static void put_row(const char *cells[COLUMNS], const int widths[COLUMNS]) {
  for (int c = 0; c < COLUMNS - 1; c++)
    printf("%-*s  ", widths[c], cells[c]);
  puts(cells[COLUMNS - 1]);
}

static void print_text(ml_version target) {
  const char *header[COLUMNS] = {"Code", "Name", "Fix", "Deprecated", "Removed", "Summary"};
  int widths[COLUMNS];
  for (int c = 0; c < COLUMNS; c++)
    widths[c] = (int)strlen(header[c]);
  for (size_t i = 0; i < ml_rule_count(); i++) {
    if (!listed(ml_rule_at(i), target))
      continue;
    const char *cells[COLUMNS];
    row_cells(ml_rule_at(i), cells);
    for (int c = 0; c < COLUMNS; c++)
      if ((int)strlen(cells[c]) > widths[c])
        widths[c] = (int)strlen(cells[c]);
  }
  put_row(header, widths);
  for (size_t i = 0; i < ml_rule_count(); i++) {
    if (!listed(ml_rule_at(i), target))
      continue;
    const char *cells[COLUMNS];
    row_cells(ml_rule_at(i), cells);
    put_row(cells, widths);
  }
}

static json_t *string_or_null(const char *text) {
  return text != NULL ? json_string(text) : json_null();
}

static json_t *rule_object(const ml_rule *r) {
  json_t *o = json_object();
  if (o == NULL || json_object_set_new(o, "code", json_string(r->code)) != 0 ||
      json_object_set_new(o, "name", json_string(r->slug)) != 0 ||
      json_object_set_new(o, "title", json_string(r->title)) != 0 ||
      json_object_set_new(o, "entry", string_or_null(r->entry)) != 0 ||
      json_object_set_new(o, "guide_section", string_or_null(r->guide_section)) != 0 ||
      json_object_set_new(o, "fix", json_string(fix_class(r))) != 0 ||
      json_object_set_new(o, "deprecated_in", string_or_null(r->deprecated_in)) != 0 ||
      json_object_set_new(o, "removed_in", string_or_null(r->removed_in)) != 0 ||
      json_object_set_new(o, "url", json_string(ml_rule_url(r))) != 0 ||
      json_object_set_new(o, "doc", string_or_null(r->doc)) != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

static int print_json(ml_version target) {
  json_t *array = json_array();
  if (array == NULL)
    goto nomem;
  for (size_t i = 0; i < ml_rule_count(); i++)
    if (listed(ml_rule_at(i), target) &&
        json_array_append_new(array, rule_object(ml_rule_at(i))) != 0)
      goto nomem;
  int rc = json_dumpf(array, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(array);
  if (rc != 0) {
    cli_error("cannot write the rule list");
    return 2;
  }
  putchar('\n');
  return 0;
nomem:
  json_decref(array);
  cli_error("out of memory");
  return 2;
}

int cli_rules_main(const cli_args *args) {
  if (args->format == CLI_FORMAT_MARKDOWN) {
    print_markdown(args->options.target);
    return 0;
  }
  if (args->format == CLI_FORMAT_JSON)
    return print_json(args->options.target);
  print_text(args->options.target);
  return 0;
}

int cli_explain_main(const cli_args *args) {
  const ml_rule *r = ml_rule_find(args->explain_code);
  if (r == NULL) {
    cli_error("unknown rule '%s' (see 'modal-lint rules')", args->explain_code);
    return 2;
  }
  printf("%s (%s)\n%s\n\n", r->code, r->slug, r->title);
  printf("Catalogue entry: %s\n", or_dash(r->entry));
  if (r->guide_section != NULL)
    printf("Migration guide: %s\n", r->guide_section);
  printf("Fix: %s\n", fix_class(r));
  printf("Deprecated in: %s\n", r->deprecated_in ? r->deprecated_in : "never warned");
  printf("Removed in: %s\n", r->removed_in ? r->removed_in : "not removed yet");
  printf("More: %s\n", ml_rule_url(r));
  if (r->doc != NULL && r->doc[0] != '\0') {
    size_t len = strlen(r->doc);
    printf("\n%s%s", r->doc, r->doc[len - 1] == '\n' ? "" : "\n");
  }
  return 0;
}
