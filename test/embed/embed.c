/* A program outside the project that embeds the installed library through pkg-config. */
#include <modallint/lint.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  const char *code = "import modal\napp = modal.App()\n@app.function(keep_warm=1)\ndef f(): pass\n";
  ml_options options;
  ml_options_init(&options);
  ml_linter *linter = NULL;
  ml_source *source = NULL;
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  if (ml_linter_new(&options, &linter) || ml_source_new(code, strlen(code), &source) ||
      ml_lint(linter, source, &diags))
    return 1;
  for (size_t i = 0; i < diags.count; i++) printf("%s\n", diags.items[i].rule->code);
  ml_diag_list_clear(&diags);
  ml_source_free(source);
  ml_linter_free(linter);
  return 0;
}
