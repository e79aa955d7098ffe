/* What a rule sees while it runs: the file, its tree, the semantic model, and the means to report.
 *
 * Rules never print, never touch files and never know which front end runs them; they report
 * diagnostics (with fixes as data) through the functions below. */
#ifndef ML_CONTEXT_H
#define ML_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "modallint/diag.h"
#include "modallint/file.h"
#include "modallint/lint.h"
#include "modallint/source.h"
#include "cursor_pool.h"
#include "semantic.h"
#include "syntax.h"
#include "vec.h"

typedef struct ml__rule_impl ml__rule_impl;

/* A node a rule noted during the walk for its `finish` hook (rules are stateless: what a rule
 * needs to remember about a file lives here, and the walker forgets it before the next file). */
typedef struct ml__mark {
  const ml__rule_impl *rule;
  TSNode node;
  int tag; /* the rule's own meaning */
} ml__mark;

struct ml__ctx {
  const ml__syntax *syntax;
  const ml_source *source;
  const char *bytes; /* the source's bytes */
  const TSTree *tree;
  ml__semantic sem;
  const ml_options *options;
  const ml_file_info *file;  /* its kind and project; never NULL */
  const ml__rule_impl *rule; /* the rule being run */
  ml__vec marks;             /* ml__mark, of every rule, for this file */
  ml__vec path;              /* TSNode: the walk's root-to-current path, for ml__parent */
  size_t path_length;        /* entries of `path` in use; 0 outside the walk */
  ml_diag_list *out;
  int error; /* sticky: the first allocation failure while reporting */
  ml__cursor_pool cursors; /* for walks below a node (cursor_pool.h); kept across files */
};

/* The parent of `node`. tree-sitter 0.20's ts_node_parent descends from the root (linear in the
 * file), so during the walk this answers from the path to the current node, which holds the
 * parents rules ask for almost always; other nodes fall back to ts_node_parent. The parent of a
 * null node (of the root's parent) is a null node. */
TSNode ml__parent(const ml__ctx *ctx, TSNode node);

/* Adds a finding of the running rule covering bytes [start, end). Returns it so a fix can be
 * attached, or NULL when out of memory (ctx->error is then set and the finding dropped). */
ml_diag *ml__report(ml__ctx *ctx, uint32_t start, uint32_t end, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

/* Convenience: a finding that covers `node`. */
ml_diag *ml__report_node(ml__ctx *ctx, TSNode node, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Starts the fix of `diag`. Returns NULL (and drops nothing else) when out of memory. */
ml_fix *ml__fix_begin(ml__ctx *ctx, ml_diag *diag, ml_applicability applicability,
                      const char *title_format, ...) __attribute__((format(printf, 4, 5)));

/* Adds an edit, keeping the list sorted. An edit identical to one already in the fix is ignored;
 * one overlapping another marks the fix broken, and ml__fix_end then removes it (a rule bug must
 * never write a corrupt file). */
void ml__fix_edit(ml__ctx *ctx, ml_fix *fix, uint32_t start, uint32_t end, const char *text);
void ml__fix_edit_n(ml__ctx *ctx, ml_fix *fix, uint32_t start, uint32_t end, const char *text,
                    size_t length);

/* Removes the fix from `diag` when it has no edits or was marked broken. */
void ml__fix_end(ml__ctx *ctx, ml_diag *diag);

/* Turns a fix into a shown-only suggestion (used when a precondition of safety fails). */
void ml__fix_downgrade(ml_diag *diag, ml_applicability applicability);

/* Notes `node` under `tag` for the running rule, to be read back by its `finish` hook with
 * ml__mark_next. Sets ctx->error when out of memory. */
void ml__mark_node(ml__ctx *ctx, TSNode node, int tag);

/* The running rule's next mark from *cursor (start at 0) in the order they were noted, or NULL. */
const ml__mark *ml__mark_next(ml__ctx *ctx, size_t *cursor);

/* True when the user's target version is `version` or newer. */
bool ml__target_at_least(ml__ctx *ctx, const char *version);

#endif
