#include "context.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag_list.h"
#include "modallint/version.h"
#include "rule_impl.h"
#include "strbuf.h"

/* A fix whose edits overlap is marked by this applicability until ml__fix_end drops it. */
#define BROKEN_FIX ((ml_applicability)-1)

/* Appends `text` to the string in `out` (of `size` bytes), truncating. */
static void append(char *out, size_t size, const char *text) {
  size_t used = strlen(out), length = strlen(text);
  if (used + length >= size) length = size - used - 1;
  memcpy(out + used, text, length);
  out[used + length] = '\0';
}

/* The versions suffix every message ends with, so a user sees how urgent a finding is without
 * looking the rule up: " (deprecated in 0.73.76, removed in 1.4.0)"; "" for a rule without. */
static void versions_suffix(const ml_rule *rule, char *out, size_t size) {
  out[0] = '\0';
  if (!rule->deprecated_in && !rule->removed_in) return;
  append(out, size, " (");
  if (rule->deprecated_in) {
    append(out, size, "deprecated in ");
    append(out, size, rule->deprecated_in);
    if (rule->removed_in) append(out, size, ", ");
  }
  if (rule->removed_in) {
    append(out, size, "removed in ");
    append(out, size, rule->removed_in);
  }
  append(out, size, ")");
}

/* `format` with `args`, then `suffix`, in a new string. Most texts fit the stack buffer, and are
 * formatted once; a longer one is formatted again into memory of its size. */
static char *vformat(const char *format, va_list args, const char *suffix) {
  char buffer[512];
  va_list copy;
  va_copy(copy, args);
  int needed = vsnprintf(buffer, sizeof buffer, format, copy);
  va_end(copy);
  if (needed < 0) return NULL;
  size_t length = (size_t)needed, suffix_length = strlen(suffix);
  char *text = malloc(length + suffix_length + 1);
  if (!text) return NULL;
  if (length < sizeof buffer) memcpy(text, buffer, length);
  else vsnprintf(text, length + 1, format, args);
  memcpy(text + length, suffix, suffix_length + 1);
  return text;
}

static ml_diag *report(ml__ctx *ctx, uint32_t start, uint32_t end, const char *format,
                       va_list args) {
  char suffix[96];
  versions_suffix(&ctx->rule->info, suffix, sizeof suffix);
  char *message = vformat(format, args, suffix);
  if (!message) {
    ctx->error = -1;
    return NULL;
  }
  ml_diag diag = {
      .rule = &ctx->rule->info,
      .severity = ml_rule_severity(&ctx->rule->info, ctx->options->target),
      .start = start,
      .end = end,
      .message = message,
      .fix = NULL,
  };
  ml_diag *added = ml__diag_list_push(ctx->out, &diag);
  if (!added) {
    free(message);
    ctx->error = -1;
  }
  return added;
}

TSNode ml__parent(const ml__ctx *ctx, TSNode node) {
  /* tree-sitter's ts_node_parent dereferences the node's tree: a null node (the parent of the
   * root, asked again) has none. */
  if (ts_node_is_null(node)) return node;
  const TSNode *path = ctx->path.data;
  for (size_t i = ctx->path_length; i-- > 1;)
    if (ts_node_eq(path[i], node)) return path[i - 1];
  return ts_node_parent(node);
}

ml_diag *ml__report(ml__ctx *ctx, uint32_t start, uint32_t end, const char *format, ...) {
  va_list args;
  va_start(args, format);
  ml_diag *diag = report(ctx, start, end, format, args);
  va_end(args);
  return diag;
}

ml_diag *ml__report_node(ml__ctx *ctx, TSNode node, const char *format, ...) {
  va_list args;
  va_start(args, format);
  ml_diag *diag = report(ctx, ts_node_start_byte(node), ts_node_end_byte(node), format, args);
  va_end(args);
  return diag;
}

ml_fix *ml__fix_begin(ml__ctx *ctx, ml_diag *diag, ml_applicability applicability,
                      const char *title_format, ...) {
  if (!diag) return NULL;
  ml_fix *fix = calloc(1, sizeof *fix);
  va_list args;
  va_start(args, title_format);
  char *title = fix ? vformat(title_format, args, "") : NULL;
  va_end(args);
  if (!title) {
    free(fix);
    ctx->error = -1;
    return NULL;
  }
  fix->title = title;
  fix->applicability = applicability;
  ml__fix_free(diag->fix);
  diag->fix = fix;
  return fix;
}

void ml__fix_edit_n(ml__ctx *ctx, ml_fix *fix, uint32_t start, uint32_t end, const char *text,
                    size_t length) {
  if (!fix || fix->applicability == BROKEN_FIX) return;
  size_t at = fix->edit_count;
  while (at > 0 && fix->edits[at - 1].start > start) at--;
  if (at > 0) {
    const ml_edit *before = &fix->edits[at - 1];
    if (before->start == start && before->end == end && strlen(before->text) == length &&
        memcmp(before->text, text, length) == 0)
      return;
    if (before->end > start || (before->start == start && before->end == start && end == start)) {
      fix->applicability = BROKEN_FIX;
      return;
    }
  }
  if (at < fix->edit_count && fix->edits[at].start < end) {
    fix->applicability = BROKEN_FIX;
    return;
  }
  char *copy = ml__strndup(text, length);
  ml_edit *edits = copy ? realloc(fix->edits, (fix->edit_count + 1) * sizeof *edits) : NULL;
  if (!edits) {
    free(copy);
    ctx->error = -1;
    fix->applicability = BROKEN_FIX;
    return;
  }
  fix->edits = edits;
  memmove(&edits[at + 1], &edits[at], (fix->edit_count - at) * sizeof *edits);
  edits[at].start = start;
  edits[at].end = end;
  edits[at].text = copy;
  fix->edit_count++;
}

void ml__fix_edit(ml__ctx *ctx, ml_fix *fix, uint32_t start, uint32_t end, const char *text) {
  ml__fix_edit_n(ctx, fix, start, end, text, strlen(text));
}

void ml__fix_end(ml__ctx *ctx, ml_diag *diag) {
  (void)ctx;
  if (!diag || !diag->fix) return;
  if (diag->fix->applicability == BROKEN_FIX || diag->fix->edit_count == 0) {
    ml__fix_free(diag->fix);
    diag->fix = NULL;
  }
}

void ml__fix_downgrade(ml_diag *diag, ml_applicability applicability) {
  if (diag && diag->fix && diag->fix->applicability != BROKEN_FIX &&
      diag->fix->applicability < applicability)
    diag->fix->applicability = applicability;
}

void ml__mark_node(ml__ctx *ctx, TSNode node, int tag) {
  ml__mark mark = {ctx->rule, node, tag};
  if (ml__vec_push(&ctx->marks, &mark)) ctx->error = -1;
}

const ml__mark *ml__mark_next(ml__ctx *ctx, size_t *cursor) {
  while (*cursor < ctx->marks.count) {
    const ml__mark *mark = ml__vec_at(&ctx->marks, (*cursor)++);
    if (mark->rule == ctx->rule) return mark;
  }
  return NULL;
}

bool ml__target_at_least(ml__ctx *ctx, const char *version) {
  ml_version v;
  if (ml_version_parse(version, &v) != 0) return true;
  return ml_version_compare(ctx->options->target, v) >= 0;
}
