/* Finding `modal run|deploy|serve|shell pkg.mod` (a module path without `-m`, catalogue A-23) in
 * command lines: shell scripts, Makefile recipes, Dockerfile RUN lines, CI YAML, code blocks of a
 * README, and Python strings. The same argv reading serves argv lists (`["modal", "run", ...]`).
 *
 * The reader is a small shell lexer, not a shell: words, quotes, `\` line continuations,
 * `#` comments and the operators that start a new command (`;`, `&&`, `||`, `|`, `(`, `$(`, a
 * backquote, a newline). `modal` counts only where a command starts, after environment
 * assignments (`ENV=1 modal run ...`) and the usual wrappers (`uv run`, `poetry run`, `python -m`,
 * `sudo`, `time`, a Dockerfile `RUN`, a YAML `run:` or `- `, a `$ ` prompt). A quoted word is read
 * again as a command line of its own (`bash -c "modal run pkg.app"`, YAML `- "modal deploy x"`). */
#ifndef ML_SHELLCMD_H
#define ML_SHELLCMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One argument of an argv, as far as it is known. */
typedef struct ml__argv_word {
  const char *value; /* NULL when the argument is not a literal (a variable, an expression) */
  size_t length;
} ml__argv_word;

/* For the arguments after `modal` (words[0] is the subcommand), the index of the app reference
 * that Modal reads as a module path without `-m`, or -1: not run/deploy/serve/shell, `-m` given,
 * no reference, a file path (`app.py`, `app.py::f`, `src/app`), a container, sandbox or image ID
 * (`ta-...`, `sb-...`, `im-...`), or an argument that cannot be read before the reference. */
int ml__modal_argv_target(const ml__argv_word *words, size_t count);

/* Whether `text` starts with run, deploy, serve or shell (a prefix test: MDL123's gate hook). */
bool ml__is_modal_subcommand_prefix(const char *text, size_t length);

/* A command found in text; offsets are absolute in the scanned buffer. */
typedef struct ml__modal_command {
  uint32_t modal_start, modal_end;         /* the `modal` word */
  uint32_t subcommand_start, subcommand_end;
  uint32_t target_start, target_end;       /* the reference word, quotes included */
  const char *target_value;                /* unquoted; valid during the callback only */
  size_t target_length;
} ml__modal_command;

typedef void (*ml__modal_command_fn)(void *data, const ml__modal_command *command);

/* Calls `found` for every command in bytes[start, end) that needs `-m`, in text order. */
void ml__scan_commands(const char *bytes, uint32_t start, uint32_t end, ml__modal_command_fn found,
                       void *data);

#endif
