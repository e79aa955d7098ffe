#include "modallint/lint.h"

#include <stdlib.h>
#include <string.h>

#include "calls.h"
#include "context.h"
#include "diag_list.h"
#include "gate.h"
#include "modallint/error.h"
#include "model.h"
#include "noqa.h"
#include "parse.h"
#include "modallint/project.h"
#include "rule_impl.h"
#include "rules/rules.h"
#include "semantic.h"
#include "syntax.h"
#include "triggers.h"
#include "vec.h"

/* An enabled rule and its trigger slot. */
typedef struct dispatch_entry {
  const ml__rule_impl *rule;
  uint32_t slot;
} dispatch_entry;

struct ml_linter {
  ml_options options;
  ml__syntax syntax;
  TSParser *parser;
  ml__vec dispatch[ML_KIND_COUNT]; /* dispatch_entry, the enabled rules per node kind */
  bool visit_kinds[ML_KIND_COUNT]; /* kinds the walk calls `visit` for: the rules', comments */
  ml__vec finishers;               /* dispatch_entry, enabled rules with a finish hook */
  ml__triggers triggers;           /* which enabled rules the current file may concern */
  bool ignore_triggers;            /* run every rule on every file (tests) */
  ml__vec text_rules;              /* const ml__rule_impl *, enabled rules that read text files */
  ml__vec text_readers;            /* const ml__rule_impl *, enabled rules with a gate hook */
  ml__vec modal_at;                /* uint32_t, the gate's offsets of "modal" in the file */
  ml__vec parent_kinds;            /* uint8_t per depth of the walk, reused across files */
  ml__vec noqas;                   /* ml__noqa of the current file */
  const ml__rule_impl *const *rules; /* what build_dispatch chose from, for ml_linter_set_options */
  size_t rule_count;
  bool report_unused_noqa;         /* MDL001 is enabled */
  ml__ctx ctx;                     /* reused across files; holds the semantic model */
};

void ml_options_init(ml_options *options) {
  ml_rule_set_fill(&options->rules);
  ml_version_parse(ML_NEWEST_MODAL_VERSION, &options->target);
}

const ml_options *ml_linter_options(const ml_linter *linter) { return &linter->options; }

static int build_dispatch(ml_linter *linter, const ml__rule_impl *const *rules, size_t count) {
  linter->visit_kinds[ML_KIND_COMMENT] = true; /* noqa comments */
  for (size_t i = 0; i < count; i++) {
    const ml__rule_impl *rule = rules[i];
    bool registered = ml_rule_index(&rule->info) < ml__rule_total;
    if (registered && !ml_rule_set_has(&linter->options.rules, &rule->info)) continue;
    /* A pattern that only became deprecated after the target version is not the user's problem. */
    if (!ml_rule_applies_to(&rule->info, linter->options.target)) continue;
    dispatch_entry entry = {rule, 0};
    if (ml__triggers_add(&linter->triggers, rule, &entry.slot)) return ML_ENOMEM;
    for (size_t k = 0; k < rule->kind_count; k++) {
      if (ml__vec_push(&linter->dispatch[rule->kinds[k]], &entry)) return ML_ENOMEM;
      linter->visit_kinds[rule->kinds[k]] = true;
    }
    /* Its calls reach the table through ml__call_dispatch (run_rules). */
    if (rule->call_count) {
      if (ml__vec_push(&linter->dispatch[ML_KIND_CALL], &entry)) return ML_ENOMEM;
      linter->visit_kinds[ML_KIND_CALL] = true;
    }
    if (rule->finish && ml__vec_push(&linter->finishers, &entry)) return ML_ENOMEM;
    if (rule->scan_text && ml__vec_push(&linter->text_rules, &rule)) return ML_ENOMEM;
    if (rule->gate && ml__vec_push(&linter->text_readers, &rule)) return ML_ENOMEM;
  }
  return ML_OK;
}

int ml__linter_new_with_rules(const ml_options *options, const ml__rule_impl *const *rules,
                              size_t count, ml_linter **out) {
  ml_linter *linter = calloc(1, sizeof *linter);
  if (!linter) return ML_ENOMEM;
  linter->options = *options;
  linter->rules = rules;
  linter->rule_count = count;
  for (int k = 0; k < ML_KIND_COUNT; k++)
    ml__vec_init(&linter->dispatch[k], sizeof(dispatch_entry));
  ml__vec_init(&linter->finishers, sizeof(dispatch_entry));
  ml__triggers_init(&linter->triggers);
  ml__vec_init(&linter->text_rules, sizeof(const ml__rule_impl *));
  ml__vec_init(&linter->text_readers, sizeof(const ml__rule_impl *));
  ml__vec_init(&linter->modal_at, sizeof(uint32_t));
  ml__vec_init(&linter->ctx.marks, sizeof(ml__mark));
  ml__vec_init(&linter->ctx.path, sizeof(TSNode));
  ml__vec_init(&linter->parent_kinds, sizeof(uint8_t));
  ml__vec_init(&linter->noqas, sizeof(ml__noqa));
  ml__semantic_init(&linter->ctx.sem);
  int err = ml__syntax_init(&linter->syntax);
  if (!err) err = ml__parser_new(&linter->syntax, &linter->parser);
  if (!err) err = build_dispatch(linter, rules, count);
  for (size_t i = 0; i < count; i++)
    if (rules[i] == &ml__rule_mdl001 && ml_rule_set_has(&options->rules, &rules[i]->info))
      linter->report_unused_noqa = true;
  if (err) {
    ml_linter_free(linter);
    return err;
  }
  *out = linter;
  return ML_OK;
}

void ml__linter_ignore_triggers(ml_linter *linter, bool ignore) { linter->ignore_triggers = ignore; }

int ml_linter_new(const ml_options *options, ml_linter **out) {
  return ml__linter_new_with_rules(options, ml__rules, ml__rule_total, out);
}

static bool same_options(const ml_options *a, const ml_options *b) {
  return memcmp(a->rules.bits, b->rules.bits, sizeof a->rules.bits) == 0 &&
         ml_version_compare(a->target, b->target) == 0;
}

int ml_linter_set_options(ml_linter *linter, const ml_options *options) {
  if (same_options(&linter->options, options)) return ML_OK;
  /* Building a fresh linter and swapping the structs keeps one code path deriving everything that
   * depends on the options; nothing inside a linter points at the linter itself between files. */
  ml_linter *fresh;
  int err = ml__linter_new_with_rules(options, linter->rules, linter->rule_count, &fresh);
  if (err) return err;
  fresh->ignore_triggers = linter->ignore_triggers;
  ml_linter old = *linter;
  *linter = *fresh;
  *fresh = old;
  ml_linter_free(fresh);
  return ML_OK;
}

void ml_linter_free(ml_linter *linter) {
  if (!linter) return;
  for (int k = 0; k < ML_KIND_COUNT; k++) ml__vec_free(&linter->dispatch[k]);
  ml__vec_free(&linter->finishers);
  ml__triggers_free(&linter->triggers);
  ml__vec_free(&linter->text_rules);
  ml__vec_free(&linter->text_readers);
  ml__vec_free(&linter->modal_at);
  ml__vec_free(&linter->ctx.marks);
  ml__vec_free(&linter->ctx.path);
  ml__vec_free(&linter->parent_kinds);
  ml__vec_free(&linter->noqas);
  ml__semantic_free(&linter->ctx.sem);
  ml__cursor_pool_free(&linter->ctx.cursors);
  if (linter->parser) ts_parser_delete(linter->parser);
  ml__syntax_free(&linter->syntax);
  free(linter);
}

static int parse(ml_linter *linter, const char *bytes, uint32_t length, TSTree **out) {
  return ml__parse(linter->parser, NULL, bytes, length, out);
}

int ml_parse(ml_linter *linter, const ml_source *source, const TSTree *old_tree, TSTree **out) {
  return ml__parse(linter->parser, old_tree, ml_source_bytes(source), ml_source_length(source),
                   out);
}

/* Visits only subtrees that contain an error, so a clean file costs one check of the root. */
static size_t count_errors(TSNode root) {
  if (!ts_node_has_error(root)) return 0;
  size_t count = 0;
  uint32_t depth = 0;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool more = true;
  while (more) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    bool error_here = ts_node_is_missing(node) || strcmp(ts_node_type(node), "ERROR") == 0;
    if (error_here) count++;
    more = ml__cursor_step(&cursor, &depth, !error_here && ts_node_has_error(node));
  }
  ts_tree_cursor_delete(&cursor);
  return count;
}

int ml_count_syntax_errors(ml_linter *linter, const char *bytes, uint32_t length, size_t *count) {
  TSTree *tree;
  int err = parse(linter, bytes, length, &tree);
  if (err) return err;
  *count = count_errors(ts_tree_root_node(tree));
  ts_tree_delete(tree);
  return ML_OK;
}

static void run_rules(ml_linter *linter, ml__kind kind, TSNode node) {
  const ml__vec *rules = &linter->dispatch[kind];
  for (size_t i = 0; i < rules->count; i++) {
    const dispatch_entry *entry = ml__vec_at(rules, i);
    if (!ml__triggers_is_active(&linter->triggers, entry->slot)) continue;
    const ml__rule_impl *rule = entry->rule;
    linter->ctx.rule = rule;
    if (kind == ML_KIND_CALL && rule->call_count)
      ml__call_dispatch(&linter->ctx, node, rule->calls, rule->call_count);
    else
      rule->visit(&linter->ctx, node);
  }
}

/* The linter's part in the walk: noqa comments, and the rules registered for the node's kind. */
static void visit(ml__ctx *ctx, TSNode node, ml__kind kind, void *data) {
  ml_linter *linter = data;
  if (kind == ML_KIND_COMMENT &&
      ml__noqa_collect(&linter->noqas, ctx->source, ts_node_start_byte(node), ts_node_end_byte(node)))
    ctx->error = -1;
  run_rules(linter, kind, node);
}

static int walk(ml_linter *linter, const TSTree *tree) {
  return ml__model_walk(&linter->ctx, &linter->parent_kinds, tree, visit, linter->visit_kinds,
                        linter);
}

/* Points the context at a new file; the rules report into `found`. */
static void begin_file(ml_linter *linter, const ml_source *source, const ml_file_info *file,
                       ml_diag_list *found) {
  ml__ctx *ctx = &linter->ctx;
  ml__semantic_reset(&ctx->sem);
  ctx->syntax = &linter->syntax;
  ctx->source = source;
  ctx->bytes = ml_source_bytes(source);
  ctx->tree = NULL;
  ctx->options = &linter->options;
  ctx->file = file;
  ctx->out = found;
  ctx->error = 0;
  ctx->marks.count = 0;
  linter->noqas.count = 0;
}

/* Whether a noqa code naming `rule` can be judged unused in the file being linted: the rule ran
 * on it, with what it needs (MDL001's doc lists the exceptions). */
static bool rule_ran(const ml_rule *rule, const void *payload) {
  const ml_linter *linter = payload;
  size_t index = ml_rule_index(rule);
  if (index >= ml__rule_total || !ml_rule_set_has(&linter->options.rules, rule) ||
      !ml_rule_applies_to(rule, linter->options.target))
    return false;
  const ml__rule_impl *impl = ml__rules[index];
  const ml_file_info *file = linter->ctx.file;
  bool runs = file->kind == ML_FILE_PYTHON ? impl->kind_count > 0 || impl->call_count > 0 ||
                                               impl->finish != NULL
                                           : impl->scan_text != NULL;
  if (impl->needs_project && (!file->project || ml_project_module_count(file->project) == 0))
    return false;
  return runs;
}

/* MDL001, once the filter has noted which noqa comments suppressed something. */
static int report_unused_noqas(ml_linter *linter) {
  ml__ctx *ctx = &linter->ctx;
  if (!linter->report_unused_noqa || linter->noqas.count == 0) return ML_OK;
  ctx->rule = &ml__rule_mdl001;
  ml__noqa_report_unused(ctx, &linter->noqas, rule_ran, linter);
  return ctx->error ? ML_ENOMEM : ML_OK;
}

/* Filters and sorts what the rules found and moves it to `out`; on error `out` is as it was. */
static int end_file(ml_linter *linter, const ml_source *source, ml_diag_list *found, int err,
                    ml_diag_list *out) {
  ml__ctx *ctx = &linter->ctx;
  if (!err) {
    ml__noqa_filter(&linter->noqas, source, found, 0);
    err = report_unused_noqas(linter);
  }
  ml__semantic_reset(&ctx->sem);
  ctx->tree = NULL;
  ctx->file = NULL;
  ctx->marks.count = 0;
  if (!err) {
    ml__diag_list_sort(found);
    for (size_t i = 0; i < found->count; i++) {
      if (!ml__diag_list_push(out, &found->items[i])) {
        /* Give back what was added so the caller's list is as it was. */
        out->count -= i;
        err = ML_ENOMEM;
        break;
      }
    }
    if (!err) {
      free(found->items);
      return ML_OK;
    }
  }
  ml_diag_list_clear(found);
  return err;
}

/* Runs the rules over `tree` and moves the (filtered, sorted) findings to `out`. */
static int analyze(ml_linter *linter, const ml_source *source, const TSTree *tree,
                   const ml_file_info *file, ml_diag_list *out) {
  ml_diag_list found;
  ml_diag_list_init(&found);
  ml__ctx *ctx = &linter->ctx;
  begin_file(linter, source, file, &found);
  ctx->tree = tree;

  if (linter->ignore_triggers)
    ml__triggers_activate_all(&linter->triggers);
  else
    ml__triggers_scan(&linter->triggers, ml_source_bytes(source), ml_source_length(source));
  int err = walk(linter, tree);
  for (size_t i = 0; !err && i < linter->finishers.count; i++) {
    const dispatch_entry *entry = ml__vec_at(&linter->finishers, i);
    if (!ml__triggers_is_active(&linter->triggers, entry->slot)) continue;
    ctx->rule = entry->rule;
    ctx->rule->finish(ctx);
    if (ctx->error) err = ML_ENOMEM;
  }
  return end_file(linter, source, &found, err, out);
}

/* Text files have no comment nodes: a `# noqa` anywhere on the line of a finding counts, as it
 * does at the end of a shell, Makefile, Dockerfile or YAML line. */
static int collect_text_noqas(ml_linter *linter, const ml_source *source,
                              const ml_diag_list *found) {
  /* MDL001 judges every noqa of the file, not only those on lines with findings. */
  if (linter->report_unused_noqa) {
    for (uint32_t line = 1; line <= ml_source_line_count(source); line++) {
      int err = ml__noqa_collect(&linter->noqas, source, ml_source_line_start(source, line),
                                 ml_source_line_end(source, line));
      if (err) return err;
    }
    return ML_OK;
  }
  uint32_t last_line = 0;
  for (size_t i = 0; i < found->count; i++) {
    uint32_t line = ml_source_position(source, found->items[i].start, ML_COLUMN_UTF8).line;
    if (line == last_line) continue;
    last_line = line;
    int err = ml__noqa_collect(&linter->noqas, source, ml_source_line_start(source, line),
                               ml_source_line_end(source, line));
    if (err) return err;
  }
  return ML_OK;
}

static int analyze_text(ml_linter *linter, const ml_source *source, const ml_file_info *file,
                        ml_diag_list *out) {
  ml_diag_list found;
  ml_diag_list_init(&found);
  ml__ctx *ctx = &linter->ctx;
  begin_file(linter, source, file, &found);
  int err = ML_OK;
  for (size_t i = 0; !err && i < linter->text_rules.count; i++) {
    ctx->rule = *(const ml__rule_impl **)ml__vec_at(&linter->text_rules, i);
    ctx->rule->scan_text(ctx, file->kind);
    if (ctx->error) err = ML_ENOMEM;
  }
  if (!err) {
    ml__diag_list_sort(&found);
    err = collect_text_noqas(linter, source, &found);
  }
  return end_file(linter, source, &found, err, out);
}

/* Whether `source` is worth linting: the gate's verdict (gate.h), and for a Python file that only
 * mentions "modal", whether an enabled rule reading Python text wants it. */
static int passes_gate(ml_linter *linter, const ml_source *source, const ml_file_info *file,
                       bool *passes) {
  ml__gate gate;
  int err = ml__gate_scan(source, file, &linter->modal_at, &gate);
  if (err) return err;
  *passes = gate.verdict == ML_GATE_LINT;
  for (size_t i = 0; gate.verdict == ML_GATE_ASK_RULES && !*passes && i < linter->text_readers.count;
       i++) {
    const ml__rule_impl *rule = *(const ml__rule_impl **)ml__vec_at(&linter->text_readers, i);
    *passes = rule->gate(&gate, ml_source_bytes(source), ml_source_length(source));
  }
  return ML_OK;
}

static const ml_file_info no_file_info; /* Python, no project */

int ml_lint_tree_file(ml_linter *linter, const ml_source *source, const TSTree *tree,
                      const ml_file_info *file, ml_diag_list *out) {
  if (!file) file = &no_file_info;
  if (file->kind != ML_FILE_PYTHON) return ML_EINVAL;
  bool passes;
  int err = passes_gate(linter, source, file, &passes);
  if (err || !passes) return err;
  return analyze(linter, source, tree, file, out);
}

int ml_lint_tree(ml_linter *linter, const ml_source *source, const TSTree *tree,
                 ml_diag_list *out) {
  return ml_lint_tree_file(linter, source, tree, NULL, out);
}

int ml_lint_file(ml_linter *linter, const ml_source *source, const ml_file_info *file,
                 ml_diag_list *out) {
  if (!file) file = &no_file_info;
  bool passes;
  int err = passes_gate(linter, source, file, &passes);
  if (err || !passes) return err;
  if (file->kind != ML_FILE_PYTHON) return analyze_text(linter, source, file, out);
  TSTree *tree;
  err = parse(linter, ml_source_bytes(source), ml_source_length(source), &tree);
  if (err) return err;
  err = analyze(linter, source, tree, file, out);
  ts_tree_delete(tree);
  return err;
}

int ml_lint(ml_linter *linter, const ml_source *source, ml_diag_list *out) {
  return ml_lint_file(linter, source, NULL, out);
}
