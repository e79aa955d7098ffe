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
#include "modallint/lint.h"
#include "modallint/source.h"
#include "semantic.h"
#include "syntax.h"

typedef struct ml__rule_impl ml__rule_impl;

struct ml__ctx {
  const ml__syntax *syntax;
  const ml_source *source;
  const char *bytes; /* the source's bytes */
  const TSTree *tree;
  ml__semantic sem;
  const ml_options *options;
  const ml__rule_impl *rule; /* the rule being run */
  ml_diag_list *out;
  int error; /* sticky: the first allocation failure while reporting */
};

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

#endif
