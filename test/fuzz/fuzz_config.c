/* libFuzzer harness: configuration files (checks/config.c) and the globs they hold (checks/glob.c).
 *
 * A configuration file comes from whoever wrote the repository being linted, so any bytes must
 * give a config or a clear error, never a crash, a leak or a hang. The input is parsed as both a
 * pyproject.toml and a standalone file; an accepted config is then applied to options and its
 * globs matched against a few paths, and the input split at its first NUL byte is also tried as a
 * glob and a path (a backtracking matcher would show up as a libFuzzer timeout). The input is
 * run-length expanded first (expand.h), so a few bytes can spell a header of 100,000 dotted parts
 * or arrays nested 70,000 deep. Built and run by test/fuzz/run.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/config.h"
#include "modallint/error.h"
#include "modallint/glob.h"
#include "modallint/lint.h"

#include "expand.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void violated(const char *what, int detail) {
  fprintf(stderr, "fuzz_config: property violated: %s (%d)\n", what, detail);
  abort();
}

static const char *const paths[] = {"app.py", "src/pkg/test_app.py", "generated/x.py", "a/b/c/d.py",
                                    ".venv/lib/site.py", ""};
static const char *const default_excludes[] = {".git", ".venv", "build"};

static void exercise(const ml_config *config) {
  ml_options options;
  ml_options_init(&options);
  ml_config_apply(config, &options);
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    ml_options per_file = options;
    ml_config_apply_file(config, paths[i], &per_file);
    ml_config_options_for(config, paths[i], &per_file);
    (void)ml_config_excludes(config, paths[i], false, default_excludes, 3);
    (void)ml_config_excludes(config, paths[i], true, default_excludes, 3);
  }
}

static void parse_as(const uint8_t *data, size_t size, ml_config_format format) {
  ml_config config;
  ml_config_error error;
  bool found = false;
  memset(&error, 0, sizeof error);
  int err = ml_config_parse((const char *)data, size, format, &config, &found, &error);
  if (err == ML_OK) {
    exercise(&config);
    ml_config_free(&config);
  } else if (err == ML_EINVAL) {
    size_t n = strnlen(error.message, sizeof error.message);
    if (n == 0 || n == sizeof error.message) violated("an error without a message", (int)format);
    if (strnlen(error.key, sizeof error.key) == sizeof error.key)
      violated("an unterminated key", (int)format);
  } else if (err != ML_ENOMEM) {
    violated("an unexpected error code", err);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *raw, size_t raw_size) {
  char *text;
  size_t size;
  if (!fuzz_expand(raw, raw_size, &text, &size)) return 0;
  const uint8_t *data = (const uint8_t *)text;
  parse_as(data, size, ML_CONFIG_PYPROJECT);
  parse_as(data, size, ML_CONFIG_STANDALONE);

  /* "pattern\0path" as NUL-terminated strings. */
  char *copy = malloc(size + 2);
  if (copy == NULL) return 0;
  memcpy(copy, data, size);
  copy[size] = '\0';
  copy[size + 1] = '\0';
  const char *pattern = copy;
  const char *path = copy + strlen(copy) + 1; /* the empty string after the end without a NUL */
  (void)ml_glob_match(pattern, path, false);
  (void)ml_glob_match(pattern, path, true);
  (void)ml_glob_match_file(pattern, path);
  free(copy);
  free(text);
  return 0;
}
