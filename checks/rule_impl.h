/* How a rule plugs into the walker: the public facts, the node kinds it wants, and its callbacks. */
#ifndef ML_RULE_IMPL_H
#define ML_RULE_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "context.h"
#include "modallint/rule.h"
#include "syntax.h"

struct ml__rule_impl {
  ml_rule info;
  const ml__kind *kinds; /* the node kinds `visit` is called for */
  size_t kind_count;
  void (*visit)(ml__ctx *ctx, TSNode node);
  /* Optional: called once after the walk, when the semantic model holds the whole file (for
   * findings that need every use of a name). */
  void (*finish)(ml__ctx *ctx);
  /* Optional: makes the rule a text rule too. Called once per file of any kind but Python
   * (modallint/file.h) whose bytes mention "modal", with ctx->tree NULL and no semantic model;
   * it reports byte ranges of the original text as Python rules do. */
  void (*scan_text)(ml__ctx *ctx, ml_file_kind kind);
  /* The rule reports nothing for a file without a project (ml_file_info.project with modules):
   * a `# noqa` naming it is then not judged unused (MDL001). */
  bool needs_project;
};

/* The registry, in code order (registry.c). */
extern const ml__rule_impl *const ml__rules[];
extern const size_t ml__rule_total;

/* A linter that runs `rules` instead of the registry (for tests and tools that bring their own
 * checks). The rules must outlive the linter. Registry rules missing from `options->rules` are
 * skipped; rules from outside the registry always run. */
int ml__linter_new_with_rules(const ml_options *options, const ml__rule_impl *const *rules,
                              size_t count, ml_linter **out);

#endif
