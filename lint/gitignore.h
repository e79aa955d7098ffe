/* .gitignore support for directory walks: a file or folder is skipped when the .gitignore files
 * (and .git/info/exclude) that govern it say so, as git decides it: patterns of a folder's
 * .gitignore are relative to that folder, a deeper file wins over a shallower one, the last
 * matching pattern wins, `!pattern` re-includes, `dir/` matches folders only, `#` starts a
 * comment. The files read are those from the repository root (the closest folder at or above the
 * walk root holding .git), or from the walk root outside a repository, down to the entry's folder.
 * Not thread-safe; reads each folder's .gitignore once. Prints nothing. */
#ifndef MODAL_LINT_GITIGNORE_H
#define MODAL_LINT_GITIGNORE_H

#include <stdbool.h>

typedef struct cli_gitignore cli_gitignore;

/* `*out` is owned by the caller: cli_gitignore_free. Returns 0 or ML_ENOMEM. */
int cli_gitignore_new(cli_gitignore **out);
void cli_gitignore_free(cli_gitignore *gitignore);

/* Sets *ignored for the entry at `path`, found by walking the folder `root` (`path` starts with
 * root, or root is "."). Unreadable .gitignore files count as empty. Returns 0 or ML_ENOMEM. */
int cli_gitignore_ignored(cli_gitignore *gitignore, const char *root, const char *path, bool is_dir,
                          bool *ignored);

#endif
