/* MDL204 pip-install-flags-in-packages (catalogue B-4): pip options among the package arguments
 * of `Image.pip_install(...)`, which belong in `extra_options=`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../calls.h"
#include "../pystring.h"
#include "../rulekit.h"
#include "../strbuf.h"
#include "rules.h"

#define MAX_ARGUMENTS 64
#define VALUE_SIZE 512

/* pip options that take no value: moving one alone keeps the command's meaning. */
static const char *const switches[] = {
    "--pre", "--no-build-isolation", "--no-deps", "-U", "--upgrade", "--force-reinstall",
    "--no-cache-dir", "-I", "--ignore-installed", "--ignore-requires-python", "--prefer-binary",
    "--no-index", "--user", "-q", "--quiet", "-v", "--verbose", "--no-compile", "--compile",
    "--no-warn-script-location", "--no-warn-conflicts", "--require-hashes", "--isolated",
    "--break-system-packages", "--use-pep517", "--no-use-pep517", "--no-clean",
    "--disable-pip-version-check", "--check-build-dependencies", "--use-deprecated=legacy-resolver",
};

/* pip options whose value is the next word ("--index-url", URL). */
static const char *const valued[] = {
    "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-c", "--constraint",
    "-r", "--requirement", "-e", "--editable", "-t", "--target", "--prefix", "--root", "--src",
    "--upgrade-strategy", "--platform", "--python-version", "--implementation", "--abi",
    "--no-binary", "--only-binary", "--trusted-host", "-C", "--config-settings",
    "--global-option", "--install-option", "--cache-dir", "--progress-bar", "--proxy",
    "--timeout", "--retries", "--exists-action", "--cert", "--client-cert", "--report",
};

static bool in_list(const char *const *list, size_t count, const char *value) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(list[i], value) == 0) return true;
  return false;
}

typedef enum { ITEM_PACKAGE, ITEM_FLAG, ITEM_VALUE, ITEM_OTHER } item_kind;

typedef struct {
  TSNode node;
  item_kind kind;
  bool keyword; /* a keyword argument (always kept) */
} argument;

typedef struct {
  argument items[MAX_ARGUMENTS];
  size_t count;
  TSNode first_flag;
  bool flag_in_list;   /* a flag inside a list literal: reported, not fixed */
  bool unsafe;         /* a valued option moves with its value, or an unknown option moves */
  bool unfixable;      /* something the fix cannot handle */
  TSNode extra_options;
  ml__strbuf moved;    /* the moved words, space-separated */
  char quote;
} scan;

static bool string_value(ml__ctx *ctx, TSNode node, char *value) {
  size_t length;
  return ml__kind_of(ctx->syntax, node) == ML_KIND_STRING &&
         ml__pystring_value(ctx->syntax, ctx->bytes, node, value, VALUE_SIZE, &length);
}

static void note_flag(scan *s, TSNode node) {
  if (ts_node_is_null(s->first_flag)) s->first_flag = node;
}

/* Whether a list literal of packages holds a flag. */
static void scan_list(ml__ctx *ctx, scan *s, TSNode list) {
  char value[VALUE_SIZE];
  for (uint32_t i = 0; i < ts_node_named_child_count(list); i++) {
    TSNode element = ts_node_named_child(list, i);
    if (string_value(ctx, element, value) && value[0] == '-') {
      note_flag(s, element);
      s->flag_in_list = true;
    }
  }
}

static void add_moved(scan *s, const char *word) {
  if (s->moved.length) ml__strbuf_append(&s->moved, " ", 1);
  ml__strbuf_append_str(&s->moved, word);
}

static void scan_call(ml__ctx *ctx, scan *s, TSNode call) {
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  uint32_t count = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
  char value[VALUE_SIZE];
  bool expect_value = false;
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(args, i);
    ml__kind kind = ml__kind_of(ctx->syntax, arg);
    if (s->count == MAX_ARGUMENTS || kind == ML_KIND_COMMENT) {
      s->unfixable = true;
      if (s->count == MAX_ARGUMENTS) return;
      continue;
    }
    argument *a = &s->items[s->count++];
    a->node = arg;
    a->keyword = kind == ML_KIND_KEYWORD_ARGUMENT || kind == ML_KIND_DICTIONARY_SPLAT;
    a->kind = ITEM_OTHER;
    if (a->keyword) {
      TSNode key = ml__child_by_field(ctx, arg, ctx->syntax->field_name);
      if (!ts_node_is_null(key) && ml__node_is_text(ctx->bytes, key, "extra_options"))
        s->extra_options = arg;
      continue;
    }
    if (kind == ML_KIND_LIST) {
      scan_list(ctx, s, arg);
      /* Packages computed at run time could be flags too, sorted with the others before. */
      s->unsafe = true;
      continue;
    }
    if (!string_value(ctx, arg, value)) {
      s->unsafe = true;
      expect_value = false;
      continue;
    }
    if (expect_value && value[0] != '-') {
      a->kind = ITEM_VALUE;
      add_moved(s, value);
      expect_value = false;
      continue;
    }
    expect_value = false;
    if (value[0] != '-') {
      a->kind = ITEM_PACKAGE;
      continue;
    }
    a->kind = ITEM_FLAG;
    note_flag(s, arg);
    if (s->moved.length == 0) s->quote = ml__pystring_quote_char(ctx->syntax, ctx->bytes, arg);
    add_moved(s, value);
    if (strchr(value, '=') || in_list(switches, sizeof switches / sizeof switches[0], value))
      continue;
    s->unsafe = true;
    if (in_list(valued, sizeof valued / sizeof valued[0], value)) expect_value = true;
  }
  /* A valued option left without its value cannot be moved meaningfully. */
  if (expect_value) s->unfixable = true;
}

static bool removed(const scan *s, size_t i) {
  return s->items[i].kind == ITEM_FLAG || s->items[i].kind == ITEM_VALUE;
}

static int last_kept(const scan *s) {
  for (size_t i = s->count; i-- > 0;)
    if (!removed(s, i)) return (int)i;
  return -1;
}

/* The new `extra_options` value: the old literal's words, then the moved ones. */
static char *extra_options_text(ml__ctx *ctx, scan *s) {
  char old[VALUE_SIZE] = "";
  if (!ts_node_is_null(s->extra_options)) {
    TSNode value = ml__keyword_value(ctx, s->extra_options);
    if (ts_node_is_null(value) || !string_value(ctx, value, old)) return NULL;
    s->quote = ml__pystring_quote_char(ctx->syntax, ctx->bytes, value);
  }
  ml__strbuf joined;
  ml__strbuf_init(&joined);
  ml__strbuf_append_str(&joined, old);
  if (old[0]) ml__strbuf_append(&joined, " ", 1);
  ml__strbuf_append(&joined, s->moved.data ? s->moved.data : "", s->moved.length);
  char *words = ml__strbuf_take(&joined);
  if (!words) {
    ctx->error = -1;
    return NULL;
  }
  size_t size = strlen(words) * 2 + 3;
  char *literal = malloc(size);
  if (!literal || !ml__pystring_write(words, strlen(words), s->quote, literal, size)) {
    free(literal);
    literal = NULL;
  }
  free(words);
  return literal;
}

/* Whether ml__argument_removal_range removes `argument` with its whole line (one argument per
 * line), which leaves the other lines, and their commas, as they were. */
static bool alone_on_line(ml__ctx *ctx, TSNode argument) {
  uint32_t start, end;
  ml__argument_removal_range(ctx->bytes, argument, &start, &end);
  return (start == 0 || ctx->bytes[start - 1] == '\n') && end > start && ctx->bytes[end - 1] == '\n';
}

/* Removes every moved argument. One per line, each goes with its line. Otherwise each run of them
 * goes with the comma before it (or, at the start of the list, the comma after it), and when the
 * run ends the list the new keyword takes its place. Elsewhere the keyword is appended after the
 * last argument. */
static void build_fix(ml__ctx *ctx, ml_fix *fix, scan *s, const char *literal) {
  char keyword[VALUE_SIZE * 2 + 32];
  snprintf(keyword, sizeof keyword, "extra_options=%s", literal);
  if (!ts_node_is_null(s->extra_options)) {
    TSNode value = ml__keyword_value(ctx, s->extra_options);
    ml__fix_edit(ctx, fix, ts_node_start_byte(value), ts_node_end_byte(value), literal);
  }
  bool placed = !ts_node_is_null(s->extra_options);
  bool by_line = last_kept(s) >= 0;
  for (size_t i = 0; i < s->count && by_line; i++)
    if (removed(s, i) && !alone_on_line(ctx, s->items[i].node)) by_line = false;
  for (size_t i = 0; i < s->count && by_line; i++)
    if (removed(s, i)) ml__fix_remove_argument(ctx, fix, s->items[i].node);
  for (size_t i = 0; i < s->count && !by_line;) {
    if (!removed(s, i)) {
      i++;
      continue;
    }
    size_t j = i;
    while (j + 1 < s->count && removed(s, j + 1)) j++;
    bool at_end = j + 1 == s->count;
    uint32_t start, end;
    const char *text = "";
    char with_comma[sizeof keyword + 2];
    if (i > 0) {
      start = ts_node_end_byte(s->items[i - 1].node);
      end = ts_node_end_byte(s->items[j].node);
      if (at_end && !placed) {
        snprintf(with_comma, sizeof with_comma, ", %s", keyword);
        text = with_comma;
        placed = true;
      }
    } else if (!at_end) {
      start = ts_node_start_byte(s->items[i].node);
      end = ts_node_start_byte(s->items[j + 1].node);
    } else {
      start = ts_node_start_byte(s->items[i].node);
      end = ts_node_end_byte(s->items[j].node);
      if (!placed) {
        text = keyword;
        placed = true;
      }
    }
    ml__fix_edit(ctx, fix, start, end, text);
    i = j + 1;
  }
  if (!placed) {
    uint32_t at;
    char text[sizeof keyword + 64];
    int last = last_kept(s);
    if (last < 0 ||
        !ml__argument_append(ctx->bytes, ml_source_length(ctx->source), s->items[last].node,
                             ml_source_newline(ctx->source), keyword, &at, text, sizeof text))
      return;
    ml__fix_edit(ctx, fix, at, at, text);
  }
}

static void check_pip_install(ml__ctx *ctx, const ml__call *c, const ml__call_match *match) {
  (void)match;
  TSNode call = c->node;
  scan s;
  memset(&s, 0, sizeof s);
  ml__strbuf_init(&s.moved);
  s.quote = '"';
  scan_call(ctx, &s, call);
  if (ts_node_is_null(s.first_flag)) {
    ml__strbuf_free(&s.moved);
    return;
  }
  ml_diag *diag = ml__report_node(ctx, s.first_flag,
                                  "pip options among the packages of `pip_install`; pass them "
                                  "with `extra_options=` (or `index_url=`, `find_links=`, "
                                  "`pre=True`, ...)");
  char *literal = NULL;
  if (diag && !s.flag_in_list && !s.unfixable && !s.moved.failed &&
      (literal = extra_options_text(ctx, &s)) != NULL) {
    ml_fix *fix = ml__fix_begin(ctx, diag,
                                s.unsafe ? ML_APPLICABILITY_UNSAFE : ML_APPLICABILITY_SAFE,
                                "Move `%s` into `extra_options=`", s.moved.data);
    build_fix(ctx, fix, &s, literal);
    ml__fix_end(ctx, diag);
  }
  free(literal);
  ml__strbuf_free(&s.moved);
}

static const ml__call_match calls[] = {
    {.receiver = ML_TYPE_IMAGE, .method = "pip_install", .sync_only = true,
     .handle = check_pip_install},
};


const ml__rule_impl ml__rule_mdl204 = {
    .info = ML__RULE_INFO_MDL204,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
};
