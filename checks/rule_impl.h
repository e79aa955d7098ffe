/* How a rule plugs into the walker: the public facts, the node kinds it wants, and its callbacks. */
#ifndef ML_RULE_IMPL_H
#define ML_RULE_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "calls.h"
#include "context.h"
#include "gate.h"
#include "modallint/rule.h"
#include "syntax.h"

struct ml__rule_impl {
  ml_rule info;
  const ml__kind *kinds; /* the node kinds `visit` is called for */
  size_t kind_count;
  void (*visit)(ml__ctx *ctx, TSNode node);
  /* Optional: the calls the rule wants, as a match table (calls.h). The walker hands every call
   * to ml__call_dispatch with it, so `kinds` does not name calls and `visit` is only for the
   * rule's other kinds. The table also gates the rule: the file must hold one of the words its
   * calls are written with (a method's name, a qualified name's last component; triggers.c), so
   * any other finding of the rule must need one of them too (MDL114's import does). */
  const ml__call_match *calls;
  size_t call_count;
  /* Optional, NULL-terminated: the identifiers one of which every finding of the rule needs in
   * the file's text (as a whole word; in code, a string or a comment). On a file holding none of
   * them the walk skips the rule's visits and finish hook (triggers.h). NULL: the rule always
   * runs (a table rule: runs wherever its table's words are). List every spelling a finding can
   * come from: `keep_warm` for the keyword, `Mount` for `modal.Mount` and `from modal import
   * Mount as M` alike. A table rule lists only what its findings need besides the called name
   * (the keyword they are about), and the file must hold a word of each. */
  const char *const *triggers;
  /* Optional: called once after the walk, when the semantic model holds the whole file (for
   * findings that need every use of a name). */
  void (*finish)(ml__ctx *ctx);
  /* Optional: makes the rule a text rule too. Called once per file of any kind but Python
   * (modallint/file.h) whose bytes mention "modal", with ctx->tree NULL and no semantic model;
   * it reports byte ranges of the original text as Python rules do. */
  void (*scan_text)(ml__ctx *ctx, ml_file_kind kind);
  /* Optional: the rule reads Python text (strings), so it may report on a Python file that only
   * mentions "modal" without importing it (ML_GATE_ASK_RULES, gate.h). Says, from the gate's
   * facts, whether such a file may concern it; the file is parsed only when one rule says so. */
  bool (*gate)(const ml__gate *gate, const char *bytes, size_t length);
  /* The rule reports nothing for a file without a project (ml_file_info.project with modules):
   * a `# noqa` naming it is then not judged unused (MDL001). */
  bool needs_project;
};

/* The registry, in code order: the lines of checks/rules/LIST (rule_list.c, generated). */
extern const ml__rule_impl *const ml__rules[];
extern const size_t ml__rule_total;

/* A linter that runs `rules` instead of the registry (for tests and tools that bring their own
 * checks). The rules must outlive the linter. Registry rules missing from `options->rules` are
 * skipped; rules from outside the registry always run. */
/* With `ignore` true, every enabled rule runs on every Python file, whatever its triggers: the
 * reference the trigger lists are tested against. */
void ml__linter_ignore_triggers(ml_linter *linter, bool ignore);

int ml__linter_new_with_rules(const ml_options *options, const ml__rule_impl *const *rules,
                              size_t count, ml_linter **out);

#endif
