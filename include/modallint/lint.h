/* Linting one source file.
 *
 * A linter owns a tree-sitter parser and per-run scratch space; use one per thread. It is cheap to
 * reuse across files and never keeps a file's diagnostics after returning them. */
#ifndef MODALLINT_LINT_H
#define MODALLINT_LINT_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "modallint/diag.h"
#include "modallint/file.h"
#include "modallint/rule.h"
#include "modallint/source.h"
#include "modallint/version.h"

typedef struct ml_options {
  ml_rule_set rules;  /* which rules run */
  ml_version target;  /* the Modal version the user upgrades to; decides severities */
} ml_options;

/* Every rule, target ML_NEWEST_MODAL_VERSION. */
void ml_options_init(ml_options *options);

typedef struct ml_linter ml_linter;

/* `options` is copied. `*out` is owned by the caller: ml_linter_free. */
int ml_linter_new(const ml_options *options, ml_linter **out);
void ml_linter_free(ml_linter *linter);
const ml_options *ml_linter_options(const ml_linter *linter);

/* Makes the linter run with `options` from the next file on (a configuration file may select other
 * rules for some files). Cheap when the options are unchanged; otherwise it costs about what
 * ml_linter_new costs. Returns 0, or ML_ENOMEM with the linter unchanged. */
int ml_linter_set_options(ml_linter *linter, const ml_options *options);

/* Appends the findings of `source` to `out`, sorted by position, with `# noqa` suppressions
 * applied. A file whose bytes never mention "modal" yields nothing and is not parsed. On error `out`
 * is left as it was. */
int ml_lint(ml_linter *linter, const ml_source *source, ml_diag_list *out);

/* Finds the `# noqa` directive of the comment text [text, text + length) as ml_lint reads it: the
 * first "#" followed by "noqa" (any case, spaces between allowed) that is not "noqaX". Sets *hash
 * to the offset of that '#' and *after to the offset just past "noqa" (a ':' there starts its
 * list of codes) and returns true; false when the text holds none. */
bool ml_noqa_find(const char *text, size_t length, size_t *hash, size_t *after);

/* Parses `source` for a caller that keeps trees between edits (a language server). `old_tree`, when
 * not NULL, is the previous tree of the document with ts_tree_edit already applied; tree-sitter
 * then reuses its unchanged parts. `*out` is owned by the caller: ts_tree_delete. */
int ml_parse(ml_linter *linter, const ml_source *source, const TSTree *old_tree, TSTree **out);

/* As ml_lint, on a tree the caller parsed with ml_parse from exactly these bytes. */
int ml_lint_tree(ml_linter *linter, const ml_source *source, const TSTree *tree, ml_diag_list *out);

/* As ml_lint, for a file described by `file` (modallint/file.h; NULL means a Python file outside
 * any project, exactly ml_lint). With a project index (file->index), a Python file that never
 * mentions "modal" is analysed too when its imports (a text scan) name an indexed module that
 * exports Modal objects. A text kind runs only the rules that read text (MDL123), on the
 * bytes as they are: findings point into the original file. `file` and what it points to are
 * borrowed for the call. */
int ml_lint_file(ml_linter *linter, const ml_source *source, const ml_file_info *file,
                 ml_diag_list *out);

/* As ml_lint_tree, with `file` as in ml_lint_file; its kind must be ML_FILE_PYTHON (a text file
 * has no tree: use ml_lint_file), else ML_EINVAL. */
int ml_lint_tree_file(ml_linter *linter, const ml_source *source, const TSTree *tree,
                      const ml_file_info *file, ml_diag_list *out);

/* Whether `bytes` mention "modal" anywhere: the first test of the cheap gate (ml_lint_file finds
 * nothing in text without it, in any kind of file, without parsing). Vectorised: front ends call
 * it to skip the rest of their work on most files of a repository. */
bool ml_mentions_modal(const char *bytes, size_t length);

/* Counts the syntax errors (ERROR and MISSING nodes) in `bytes`; the fixer uses it to refuse fixes
 * that would make a file worse. */
int ml_count_syntax_errors(ml_linter *linter, const char *bytes, uint32_t length, size_t *count);

#endif
