#include "modallint/file.h"

#include <string.h>
#include <strings.h>

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static bool ends_with(const char *text, const char *suffix) {
  size_t n = strlen(text), m = strlen(suffix);
  return n >= m && strcmp(text + n - m, suffix) == 0;
}

static bool ends_with_nocase(const char *text, const char *suffix) {
  size_t n = strlen(text), m = strlen(suffix);
  return n >= m && strcasecmp(text + n - m, suffix) == 0;
}

/* A workflow must sit directly in .github/workflows/ (GitHub reads no subfolder). */
static bool is_github_workflow(const char *path, const char *base) {
  static const char dir[] = ".github/workflows/";
  size_t dir_length = sizeof dir - 1;
  size_t prefix = (size_t)(base - path);
  if (prefix < dir_length || strncmp(base - dir_length, dir, dir_length) != 0) return false;
  /* ".github" must start a path component: "x.github/workflows/" is someone else's folder. */
  if (prefix > dir_length && base[-(long)dir_length - 1] != '/') return false;
  return ends_with(base, ".yml") || ends_with(base, ".yaml");
}

bool ml_file_kind_for_path(const char *path, ml_file_kind *kind) {
  const char *base = base_name(path);
  *kind = ML_FILE_PYTHON;
  if (ends_with(base, ".py") || ends_with(base, ".pyi")) return true;
  if (ends_with(base, ".sh") || ends_with(base, ".bash") || ends_with(base, ".zsh") ||
      strcmp(base, "justfile") == 0 || strcmp(base, "Justfile") == 0) {
    *kind = ML_FILE_SHELL;
    return true;
  }
  if (strcmp(base, "Makefile") == 0 || strcmp(base, "makefile") == 0 ||
      strcmp(base, "GNUmakefile") == 0 || ends_with(base, ".mk")) {
    *kind = ML_FILE_MAKEFILE;
    return true;
  }
  if (strcmp(base, "Dockerfile") == 0 || strncmp(base, "Dockerfile.", 11) == 0 ||
      strcmp(base, "Containerfile") == 0 || ends_with_nocase(base, ".dockerfile")) {
    *kind = ML_FILE_DOCKERFILE;
    return true;
  }
  if (strcmp(base, ".gitlab-ci.yml") == 0 || strcmp(base, ".gitlab-ci.yaml") == 0 ||
      is_github_workflow(path, base)) {
    *kind = ML_FILE_CI_YAML;
    return true;
  }
  if (strcmp(base, "tox.ini") == 0) {
    *kind = ML_FILE_TOX_INI;
    return true;
  }
  if (ends_with_nocase(base, ".md") || ends_with_nocase(base, ".markdown")) {
    *kind = ML_FILE_MARKDOWN;
    return true;
  }
  if (ends_with_nocase(base, ".rst")) {
    *kind = ML_FILE_RST;
    return true;
  }
  return false;
}

const char *ml_file_kind_name(ml_file_kind kind) {
  switch (kind) {
    case ML_FILE_PYTHON: return "python";
    case ML_FILE_SHELL: return "shell";
    case ML_FILE_MAKEFILE: return "makefile";
    case ML_FILE_DOCKERFILE: return "dockerfile";
    case ML_FILE_CI_YAML: return "ci-yaml";
    case ML_FILE_TOX_INI: return "tox-ini";
    case ML_FILE_MARKDOWN: return "markdown";
    case ML_FILE_RST: return "rst";
  }
  return "unknown";
}
