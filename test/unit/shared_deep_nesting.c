/* The installed libmodallint.so links the system's tree-sitter runtime, which is not patched for
 * nodes of more than 65,535 children (test_deep_nesting.c): this program links that library and
 * checks that its guards refuse hostile nesting before the runtime sees it. Prints one line per
 * case; exits 1 on a failure (a crash fails the test too). */
#include <modallint/config.h>
#include <modallint/error.h>
#include <modallint/lint.h>
#include <modallint/source.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed;

static void expect(bool ok, const char *name) {
  printf("%s - %s\n", ok ? "ok" : "not ok", name);
  if (!ok) failed = 1;
}

/* `prefix`, `unit` 70,000 times, then `suffix`; malloc'd. */
static char *hostile(const char *prefix, const char *unit, const char *suffix) {
  size_t p = strlen(prefix), u = strlen(unit), n = 70000;
  char *text = malloc(p + u * n + strlen(suffix) + 1);
  if (!text) exit(2);
  memcpy(text, prefix, p);
  for (size_t i = 0; i < n; i++) memcpy(text + p + i * u, unit, u);
  strcpy(text + p + u * n, suffix);
  return text;
}

static int lint_text(ml_linter *linter, const char *text) {
  ml_source *source;
  if (ml_source_new(text, strlen(text), &source)) exit(2);
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  int err = ml_lint(linter, source, &diags);
  ml_diag_list_clear(&diags);
  ml_source_free(source);
  return err;
}

int main(void) {
  ml_options options;
  ml_options_init(&options);
  ml_linter *linter;
  if (ml_linter_new(&options, &linter)) return 2;
  static const char *const units[] = {"(", "[", "{", "f\"{"};
  for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
    char *text = hostile("import modal\nx = ", units[i], "\n");
    char name[64];
    snprintf(name, sizeof name, "70,000 unclosed %s refused", units[i]);
    expect(lint_text(linter, text) == ML_ETOODEEP, name);
    free(text);
  }
  ml_linter_free(linter);

  char *toml = hostile("[tool.other]\na = ", "[", "");
  ml_config config;
  ml_config_error error;
  bool found;
  int err = ml_config_parse(toml, strlen(toml), ML_CONFIG_PYPROJECT, &config, &found, &error);
  expect(err == ML_EINVAL && error.line == 2, "70,000 unclosed [ in pyproject.toml refused");
  free(toml);
  char *header = hostile("[tool.modal-lint", ".a", "]\nselect = []\n");
  err = ml_config_parse(header, strlen(header), ML_CONFIG_PYPROJECT, &config, &found, &error);
  expect(err == ML_EINVAL && strcmp(error.message, "key has more than 8 dotted parts") == 0,
         "a header of 70,000 dotted parts refused");
  free(header);
  return failed;
}
