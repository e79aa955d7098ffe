/* What a front end tells the linter about a file beyond its bytes: which kind of file it is, and
 * the project around it.
 *
 * Most rules read Python. A few findings live elsewhere: `modal run pkg.mod` (without `-m`) is
 * written in shell scripts, Makefiles, Dockerfiles, CI YAML and READMEs, and whether `import
 * helpers` needs `add_local_python_source("helpers")` depends on the files next to the app. The
 * library never reads the file system, so the front end classifies the file (from its name) and
 * lists the project's modules (project.h). */
#ifndef MODALLINT_FILE_H
#define MODALLINT_FILE_H

#include <stdbool.h>

/* How the bytes of a file are read. Every kind but Python is scanned as text for the commands it
 * runs: shell-like lines, with `# noqa` / `# noqa: CODE` at the end of a line suppressing its
 * findings. */
typedef enum ml_file_kind {
  ML_FILE_PYTHON = 0,   /* *.py, *.pyi, and anything a front end does not classify */
  ML_FILE_SHELL,        /* *.sh, *.bash, *.zsh, justfile */
  ML_FILE_MAKEFILE,     /* Makefile, makefile, GNUmakefile, *.mk */
  ML_FILE_DOCKERFILE,   /* Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile */
  ML_FILE_CI_YAML,      /* *.yml and *.yaml in .github/workflows, .gitlab-ci.yml */
  ML_FILE_TOX_INI,      /* tox.ini */
  ML_FILE_MARKDOWN,     /* *.md, *.markdown: only fenced code blocks are read */
  ML_FILE_RST           /* *.rst: only literal blocks (after `::`) and code-block directives */
} ml_file_kind;

/* The kind `path` names (only its last components are looked at: a workflow file is recognised
 * only when its path includes the `.github/workflows` folder). Sets *kind and returns true for
 * Python files (.py, .pyi) and the text kinds above; returns false, *kind set to ML_FILE_PYTHON,
 * for any other name. The CLI lints such a file as Python when it is named on the command line and
 * skips it when walking a directory. */
bool ml_file_kind_for_path(const char *path, ml_file_kind *kind);

/* A short lowercase name of the kind ("python", "shell", "makefile", ...). Never NULL. */
const char *ml_file_kind_name(ml_file_kind kind);

typedef struct ml_project ml_project;
typedef struct ml_index ml_index;

/* Everything optional: a zero-initialised ml_file_info is a Python file outside any project,
 * which is what ml_lint and ml_fix_source assume. */
typedef struct ml_file_info {
  ml_file_kind kind;
  /* The first-party modules around the file (project.h), or NULL when unknown; rules that need
   * them (MDL111) then report nothing. Borrowed: it must outlive the call. */
  const ml_project *project;
  /* The top-level name under which Modal includes this file with its App: the top-level package
   * holding it ("pkg" for pkg/sub/app.py when pkg/ and pkg/sub/ have an __init__.py), or its own
   * module name ("app" for a plain app.py). NULL when unknown. Borrowed. */
  const char *module;
  /* The project index (modallint/index.h): what the project's own modules export, so names
   * imported from them keep their Modal type. NULL: imports of first-party modules bind nothing.
   * Borrowed; the lint call may resolve modules in it (see ml_index_freeze for threads). */
  ml_index *index;
  /* This file's key in the index ("pkg.worker"; "pkg" for pkg/__init__.py with is_package set),
   * against which relative imports resolve. NULL when unknown: relative imports then bind nothing.
   * Borrowed. */
  const char *module_name;
  bool is_package;
  /* The dotted prefixes under which an absolute import is looked for in the index, in the order
   * Python's sys.path would find it ("" is the index root; "src" for a src/ layout; the folder of
   * a script that is not in a package). NULL-terminated; NULL means only the root. Borrowed. */
  const char *const *import_prefixes;
} ml_file_info;

#endif
