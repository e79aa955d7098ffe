/* Path globs as .gitignore writes them, used by configuration (`exclude`, `per-file-ignores`) and by
 * the CLI's .gitignore support.
 *
 * A pattern is matched against a relative path with '/' separators (no leading "./"):
 *   - `*` matches any run of characters except '/', `?` one character except '/', `[a-z]`, `[!0-9]`
 *     and `[^...]` one character of (or not of) a class; `\` makes the next character literal.
 *   - `**` as a whole path component matches any number of components (zero included):
 *     `**` + `/x` finds x anywhere, `a/` + `**` everything inside a, and `a/` + `**` + `/b` a/b, a/x/b, a/x/y/b.
 *     Elsewhere `**` is a plain `*`.
 *   - A trailing '/' restricts the pattern to directories.
 *   - A pattern with a '/' anywhere else (a leading one included) is anchored: it matches the whole
 *     path from its start. A pattern without one matches the last component at any depth. */
#ifndef MODALLINT_GLOB_H
#define MODALLINT_GLOB_H

#include <stdbool.h>

/* Whether `pattern` matches `path` itself; `is_dir` says whether path names a directory. */
bool ml_glob_match(const char *pattern, const char *path, bool is_dir);

/* Whether `pattern` matches the file `path` or one of the directories it lies in, which is how an
 * excluded or ignored directory excludes everything below it ("tests" matches "tests/unit/a.py"). */
bool ml_glob_match_file(const char *pattern, const char *path);

#endif
