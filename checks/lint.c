#include "modallint/lint.h"

#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "diag_list.h"
#include "gate.h"
#include "modallint/error.h"
#include "noqa.h"
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
  ml__vec finishers;               /* dispatch_entry, enabled rules with a finish hook */
  ml__triggers triggers;           /* which enabled rules the current file may concern */
  bool ignore_triggers;            /* run every rule on every file (tests) */
  ml__vec text_rules;              /* const ml__rule_impl *, enabled rules that read text files */
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
  for (size_t i = 0; i < count; i++) {
    const ml__rule_impl *rule = rules[i];
    bool registered = ml_rule_index(&rule->info) < ml__rule_total;
    if (registered && !ml_rule_set_has(&linter->options.rules, &rule->info)) continue;
    /* A pattern that only became deprecated after the target version is not the user's problem. */
    if (!ml_rule_applies_to(&rule->info, linter->options.target)) continue;
    dispatch_entry entry = {rule, 0};
    if (ml__triggers_add(&linter->triggers, rule, &entry.slot)) return ML_ENOMEM;
    for (size_t k = 0; k < rule->kind_count; k++)
      if (ml__vec_push(&linter->dispatch[rule->kinds[k]], &entry)) return ML_ENOMEM;
    if (rule->finish && ml__vec_push(&linter->finishers, &entry)) return ML_ENOMEM;
    if (rule->scan_text && ml__vec_push(&linter->text_rules, &rule)) return ML_ENOMEM;
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
  ml__vec_init(&linter->ctx.marks, sizeof(ml__mark));
  ml__vec_init(&linter->ctx.path, sizeof(TSNode));
  ml__vec_init(&linter->parent_kinds, sizeof(uint8_t));
  ml__vec_init(&linter->noqas, sizeof(ml__noqa));
  ml__semantic_init(&linter->ctx.sem);
  int err = ml__syntax_init(&linter->syntax);
  if (!err) {
    linter->parser = ts_parser_new();
    if (!linter->parser || !ts_parser_set_language(linter->parser, linter->syntax.language))
      err = ML_ENOMEM;
  }
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

/* Python reads a lone "\r" as a line break and refuses NUL bytes; tree-sitter-python sees the
 * first as plain whitespace (a file with old Mac line ends would be one long line) and stops a
 * string at the second, losing the rest of the file. The parser therefore reads such text through
 * this view, where a lone "\r" reads as "\n" and a NUL as a space: the same length, so every node
 * offset still points into the caller's bytes, which rules and fixes use unchanged. */
typedef struct clean_input {
  const char *bytes;
  uint32_t length;
  char chunk[4096];
} clean_input;

static bool is_lone_cr(const char *bytes, uint32_t length, uint32_t at) {
  return bytes[at] == '\r' && (at + 1 >= length || bytes[at + 1] != '\n');
}

static bool needs_clean_view(const char *bytes, uint32_t length) {
  if (memchr(bytes, '\0', length)) return true;
  for (const char *p = bytes; (p = memchr(p, '\r', length - (uint32_t)(p - bytes))) != NULL; p++)
    if (is_lone_cr(bytes, length, (uint32_t)(p - bytes))) return true;
  return false;
}

static const char *read_clean(void *payload, uint32_t byte, TSPoint point, uint32_t *bytes_read) {
  (void)point;
  clean_input *in = payload;
  if (byte >= in->length) {
    *bytes_read = 0;
    return "";
  }
  uint32_t n = in->length - byte;
  if (n > sizeof in->chunk) n = sizeof in->chunk;
  for (uint32_t i = 0; i < n; i++) {
    char c = in->bytes[byte + i];
    if (c == '\0') c = ' ';
    else if (c == '\r' && is_lone_cr(in->bytes, in->length, byte + i)) c = '\n';
    in->chunk[i] = c;
  }
  *bytes_read = n;
  return in->chunk;
}

/* Deeper trees are refused (ML_ETOODEEP). CPython itself gives up on expressions nested a few
 * thousand levels deep, so no real program comes near; past it, rules that climb with
 * ts_node_parent (linear in the depth) would make a hostile file take quadratic time. */
#define ML__MAX_TREE_DEPTH 5000

/* Brackets nested deeper than the walk follows are refused before parsing, by the byte scan below.
 * A valid file nested that deep would be refused by the walk anyway; an unclosed run of them
 * (65,532 `(`, `[` or `f"{`) leaves that many tokens on the parser's stack, which error recovery
 * wraps into one node at the end of the file, and tree-sitter 0.20.7 counts a node's children in
 * 16 bits: it frees a wrong pointer and the process dies (upstream issue #2134). The executables
 * link a patched runtime (subprojects/packagefiles/tree-sitter-runtime/0002-*.patch), but the
 * installed libmodallint.so links the system's, so the library protects itself. CPython refuses
 * more than 200 nested brackets, so no real program is near the limit. */

/* Whether an opening quote at `at` in code starts an f-string: its prefix (at most two letters
 * among r, b, u, f, directly before it and not part of a longer name) has an f. */
static bool is_f_string_start(const unsigned char *b, uint32_t at) {
  uint32_t start = at;
  while (start > 0 && at - start < 3 && b[start - 1] && strchr("rRbBuUfF", b[start - 1]))
    start--;
  if (at - start > 2) return false;
  if (start > 0) {
    unsigned char c = b[start - 1];
    if (c == '_' || c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
      return false; /* `elif"...` or `xf"...`: not a prefix */
  }
  for (uint32_t i = start; i < at; i++)
    if ((b[i] | 0x20) == 'f') return true;
  return false;
}

/* A string being scanned: its quote, whether it is triple-quoted and whether it is an f-string
 * (whose `{` opens code), packed in a byte so that a level of nesting can remember the string an
 * interpolation returns to. 0 is code. */
enum { STRING_TRIPLE = 1, STRING_F = 2, STRING_DOUBLE = 4, STRING_SINGLE = 8 };

/* Whether brackets (and f-string interpolations) nest more than `limit` levels deep at some point
 * of `b[0..length)`, outside comments and string literals. Over-approximates on text Python would
 * reject (an unclosed string ends at its line, a stray closing bracket closes the innermost
 * level), never under-approximates on an unclosed run. Linear, no allocation: `levels` holds, per
 * open level, the string an f-string interpolation returns to (0 for a plain bracket). */
static bool nests_deeper_than(const char *bytes, uint32_t length, uint32_t limit) {
  const unsigned char *b = (const unsigned char *)bytes;
  unsigned char levels[ML__MAX_TREE_DEPTH + 1];
  uint32_t depth = 0;
  unsigned char string = 0;
  if (limit > ML__MAX_TREE_DEPTH) limit = ML__MAX_TREE_DEPTH;
  for (size_t i = 0; i < length; i++) { /* size_t: `i` may step past a last byte of UINT32_MAX */
    unsigned char c = b[i];
    if (string) {
      unsigned char quote = string & STRING_DOUBLE ? '"' : '\'';
      bool triple = string & STRING_TRIPLE;
      if (c == '\\') {
        i++; /* an escaped quote, brace or line break does not end anything */
      } else if (c == '\n' && !triple) {
        string = 0; /* unterminated: Python stops at the line, and so does this scan */
      } else if (c == quote && (!triple || (i + 2 < length && b[i + 1] == quote && b[i + 2] == quote))) {
        if (triple) i += 2;
        string = 0;
      } else if (c == '{' && (string & STRING_F)) {
        if (i + 1 < length && b[i + 1] == '{') {
          i++; /* `{{` is a literal brace */
        } else {
          if (depth == limit) return true;
          levels[depth++] = string;
          string = 0;
        }
      }
      continue;
    }
    switch (c) {
      case '#': {
        const void *end = memchr(b + i, '\n', length - i);
        i = end ? (size_t)((const unsigned char *)end - b) : length;
        break;
      }
      case '"':
      case '\'': {
        string = c == '"' ? STRING_DOUBLE : STRING_SINGLE;
        if (is_f_string_start(b, (uint32_t)i)) string |= STRING_F;
        if (i + 2 < length && b[i + 1] == c && b[i + 2] == c) {
          string |= STRING_TRIPLE;
          i += 2;
        }
        break;
      }
      case '(':
      case '[':
      case '{':
        if (depth == limit) return true;
        levels[depth++] = 0;
        break;
      case ')':
      case ']':
      case '}':
        if (depth > 0) string = levels[--depth]; /* back in the f-string this `}` ends */
        break;
      default:
        break;
    }
  }
  return false;
}

/* How long one parse may take, in microseconds. tree-sitter 0.20.7's error recovery can be
 * quadratic in a run of errors: 65,000 lines of `c c` inside one open parenthesis (260 KB) took
 * 195 s, 20,000 lines 18 s, where the slowest valid code parses at about 2 microseconds a byte.
 * The budget is a few times that, plus two seconds for small files on a loaded machine: no
 * plausible source comes near it, and a hostile one costs seconds, not minutes. Only a file the
 * parser cannot finish within it is refused (ML_EPARSE), so the result never depends on the
 * machine's speed for a file that parses. */
static uint64_t parse_budget_micros(uint32_t length) { return 2000000u + 5u * (uint64_t)length; }

/* Parses `length` bytes into *out, skipping a UTF-8 byte order mark (tree-sitter would see it as
 * an error) while keeping node offsets relative to the whole buffer. Returns ML_OK, ML_ETOODEEP
 * (nothing parsed) or ML_EPARSE (the parse ran past its budget). */
static int parse_with(ml_linter *linter, const TSTree *old_tree, const char *bytes,
                      uint32_t length, TSTree **out) {
  if (nests_deeper_than(bytes, length, ML__MAX_TREE_DEPTH)) return ML_ETOODEEP;
  ts_parser_set_timeout_micros(linter->parser, parse_budget_micros(length));
  bool bom = length >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0;
  if (bom) {
    TSRange range = {{0, 3}, {UINT32_MAX, UINT32_MAX}, 3, UINT32_MAX};
    ts_parser_set_included_ranges(linter->parser, &range, 1);
  } else {
    ts_parser_set_included_ranges(linter->parser, NULL, 0);
  }
  TSTree *tree;
  if (needs_clean_view(bytes, length)) {
    clean_input in = {bytes, length, {0}};
    TSInput input = {&in, read_clean, TSInputEncodingUTF8};
    tree = ts_parser_parse(linter->parser, old_tree, input);
  } else {
    tree = ts_parser_parse_string(linter->parser, old_tree, bytes, length);
  }
  ts_parser_reset(linter->parser);
  if (!tree) return ML_EPARSE;
  *out = tree;
  return ML_OK;
}

static int parse(ml_linter *linter, const char *bytes, uint32_t length, TSTree **out) {
  return parse_with(linter, NULL, bytes, length, out);
}

int ml_parse(ml_linter *linter, const ml_source *source, const TSTree *old_tree, TSTree **out) {
  return parse_with(linter, old_tree, ml_source_bytes(source), ml_source_length(source), out);
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

static bool is_reference(const ml__syntax *syntax, TSFieldId field, ml__kind parent) {
  if (field == syntax->field_name || field == syntax->field_attribute ||
      field == syntax->field_alias)
    return false;
  if (parent == ML_KIND_ASSIGNMENT && field == syntax->field_left) return false;
  switch (parent) {
    case ML_KIND_PARAMETERS:
    case ML_KIND_LAMBDA_PARAMETERS:
    case ML_KIND_TYPED_PARAMETER:
      return false;
    default:
      return true;
  }
}

static void run_rules(ml_linter *linter, ml__kind kind, TSNode node) {
  const ml__vec *rules = &linter->dispatch[kind];
  for (size_t i = 0; i < rules->count; i++) {
    const dispatch_entry *entry = ml__vec_at(rules, i);
    if (!ml__triggers_is_active(&linter->triggers, entry->slot)) continue;
    linter->ctx.rule = entry->rule;
    linter->ctx.rule->visit(&linter->ctx, node);
  }
}

/* Does the semantic model's bookkeeping for one node, at `cursor`; returns false when the walk
 * must not go below it (imports: their names are bindings, not uses). */
static bool observe(ml_linter *linter, const TSTreeCursor *cursor, TSNode node, ml__kind kind,
                    ml__kind parent, uint32_t depth) {
  ml__ctx *ctx = &linter->ctx;
  switch (kind) {
    case ML_KIND_IMPORT_STATEMENT:
    case ML_KIND_IMPORT_FROM_STATEMENT:
      ml__semantic_on_import(ctx, node, depth == 1);
      return false;
    case ML_KIND_FUTURE_IMPORT_STATEMENT:
      return false;
    case ML_KIND_ASSIGNMENT:
      ml__semantic_on_assignment(ctx, node);
      return true;
    case ML_KIND_DECORATED_DEFINITION:
      ml__semantic_on_decorated(ctx, node);
      return true;
    case ML_KIND_IDENTIFIER:
      /* The field is read here only: finding it costs the cursor a search of the parent's
       * production, for every node it is asked at. */
      if (is_reference(&linter->syntax, ts_tree_cursor_current_field_id(cursor), parent))
        ml__semantic_on_reference(ctx, node);
      return false;
    case ML_KIND_COMMENT:
      if (ml__noqa_collect(&linter->noqas, ctx->source, ts_node_start_byte(node),
                           ts_node_end_byte(node)))
        ctx->error = -1;
      return false;
    case ML_KIND_STRING:
      /* Only interpolations inside strings hold code. */
      return ts_node_named_child_count(node) > 0;
    default:
      return true;
  }
}

/* The one walk over the tree: iterative (deep nesting cannot overflow the stack), in document
 * order, dispatching each node to the rules registered for its kind. */
/* Keeps ctx->path the root-to-`node` path (node at index `depth`) for ml__parent. */
static int record_path(ml__ctx *ctx, uint32_t depth, TSNode node) {
  if (ctx->path.count <= depth) {
    if (ml__vec_push(&ctx->path, &node)) return ML_ENOMEM;
  } else {
    *(TSNode *)ml__vec_at(&ctx->path, depth) = node;
  }
  ctx->path_length = depth + 1;
  return ML_OK;
}

static int walk(ml_linter *linter, const TSTree *tree) {
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
  uint32_t depth = 0;
  int err = ML_OK;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    /* Punctuation and keywords (`(`, `,`, `def`): leaves no rule and no binding is about, and
     * about half the nodes of a file. */
    if (!ts_node_is_named(node) && ts_node_child_count(node) == 0) {
      if (!ml__cursor_step(&cursor, &depth, false)) break;
      continue;
    }
    ml__kind kind = ml__kind_of(&linter->syntax, node);
    ml__kind parent =
        depth ? (ml__kind) * (uint8_t *)ml__vec_at(&linter->parent_kinds, depth - 1) : ML_KIND_OTHER;
    bool descend = observe(linter, &cursor, node, kind, parent, depth);
    if (record_path(&linter->ctx, depth, node)) {
      err = ML_ENOMEM;
      break;
    }
    if (linter->dispatch[kind].count) run_rules(linter, kind, node);
    if (linter->ctx.error) {
      err = ML_ENOMEM;
      break;
    }
    if (descend && ts_node_child_count(node) > 0) {
      if (depth + 1 >= ML__MAX_TREE_DEPTH) {
        err = ML_ETOODEEP;
        break;
      }
      /* The children's parent kind, read back while they are visited. */
      uint8_t k = (uint8_t)kind;
      if (linter->parent_kinds.count <= depth) {
        if (ml__vec_push(&linter->parent_kinds, &k)) {
          err = ML_ENOMEM;
          break;
        }
      } else {
        *(uint8_t *)ml__vec_at(&linter->parent_kinds, depth) = k;
      }
    }
    if (!ml__cursor_step(&cursor, &depth, descend)) break;
  }
  ts_tree_cursor_delete(&cursor);
  linter->ctx.path_length = 0; /* finish hooks run after the walk */
  return err;
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
  bool runs = file->kind == ML_FILE_PYTHON ? impl->kind_count > 0 || impl->finish != NULL
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

static const ml_file_info no_file_info; /* Python, no project */

int ml__linter_collect(ml_linter *linter, const ml_source *source, const ml_file_info *file,
                       void (*collect)(ml__ctx *ctx, void *data), void *data) {
  TSTree *tree;
  int err = parse(linter, ml_source_bytes(source), ml_source_length(source), &tree);
  if (err) return err;
  ml_diag_list found;
  ml_diag_list_init(&found);
  ml__ctx *ctx = &linter->ctx;
  begin_file(linter, source, file, &found);
  ctx->tree = tree;
  ctx->sem.record_unbinds = true;
  ml__triggers_activate_all(&linter->triggers);
  err = walk(linter, tree);
  if (!err) {
    collect(ctx, data);
    if (ctx->error) err = ML_ENOMEM;
  }
  ctx->sem.record_unbinds = false;
  ml__semantic_reset(&ctx->sem);
  ctx->tree = NULL;
  ctx->file = NULL;
  ml_diag_list_clear(&found); /* a linter without rules finds nothing; noqa comments are moot */
  ts_tree_delete(tree);
  return err;
}

int ml_lint_tree_file(ml_linter *linter, const ml_source *source, const TSTree *tree,
                      const ml_file_info *file, ml_diag_list *out) {
  if (!file) file = &no_file_info;
  if (file->kind != ML_FILE_PYTHON) return ML_EINVAL;
  if (!ml__passes_gate(source, file)) return ML_OK;
  return analyze(linter, source, tree, file, out);
}

int ml_lint_tree(ml_linter *linter, const ml_source *source, const TSTree *tree,
                 ml_diag_list *out) {
  return ml_lint_tree_file(linter, source, tree, NULL, out);
}

int ml_lint_file(ml_linter *linter, const ml_source *source, const ml_file_info *file,
                 ml_diag_list *out) {
  if (!file) file = &no_file_info;
  if (!ml__passes_gate(source, file)) return ML_OK;
  if (file->kind != ML_FILE_PYTHON) return analyze_text(linter, source, file, out);
  TSTree *tree;
  int err = parse(linter, ml_source_bytes(source), ml_source_length(source), &tree);
  if (err) return err;
  err = analyze(linter, source, tree, file, out);
  ts_tree_delete(tree);
  return err;
}

int ml_lint(ml_linter *linter, const ml_source *source, ml_diag_list *out) {
  return ml_lint_file(linter, source, NULL, out);
}
