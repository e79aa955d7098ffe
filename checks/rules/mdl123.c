/* MDL123 cli-module-mode (catalogue A-23): `modal run|deploy|serve|shell pkg.mod` reads `pkg.mod` as
 * a module path, which needs `-m` (a warning from 0.73.58, an error from 1.4.0).
 *
 * Such commands live mostly outside Python: in shell scripts, Makefiles, Dockerfiles, CI YAML and
 * README code blocks, which the rule reads as text (scan_text). In Python it reads string literals:
 * an argv (`subprocess.run(["modal", "deploy", "pkg.app"])`, `session.run("modal", ...)`) and
 * command lines (`os.system("modal run pkg.app")`). Comments and docstrings are prose, not
 * commands, and are left alone. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../pystring.h"
#include "../shellcmd.h"
#include "../strbuf.h"
#include "rules.h"

/* How much of a reference a message quotes; longer ones are cut with "...". */
#define SHOWN 80
/* An argv longer than this is read up to here. */
#define MAX_ARGV 32
#define MAX_ARGV_VALUE 160

static void report(ml__ctx *ctx, uint32_t target_start, uint32_t target_end, const char *subcommand,
                   size_t subcommand_length, const char *target, size_t target_length,
                   const char *insert) {
  int shown = (int)(target_length > SHOWN ? SHOWN : target_length);
  const char *more = target_length > SHOWN ? "..." : "";
  int sub = (int)(subcommand_length > 16 ? 16 : subcommand_length);
  ml_diag *diag = ml__report(ctx, target_start, target_end,
                             "`modal %.*s %.*s%s` names a module without `-m`; use `modal %.*s -m "
                             "%.*s%s`",
                             sub, subcommand, shown, target, more, sub, subcommand, shown, target,
                             more);
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Insert `-m` before `%.*s%s`",
                              shown, target, more);
  ml__fix_edit(ctx, fix, target_start, target_start, insert);
  ml__fix_end(ctx, diag);
}

/* A command found in text (or in the text of a Python string): `-m ` goes before the reference. */
static void on_command(void *data, const ml__modal_command *command) {
  ml__ctx *ctx = data;
  report(ctx, command->target_start, command->target_end, ctx->bytes + command->subcommand_start,
         command->subcommand_end - command->subcommand_start, command->target_value,
         command->target_length, "-m ");
}

/* --- text files ---------------------------------------------------------------------------- */

static uint32_t skip_blanks(const char *bytes, uint32_t p, uint32_t end) {
  while (p < end && (bytes[p] == ' ' || bytes[p] == '\t')) p++;
  return p;
}

static bool blank_until(const char *bytes, uint32_t p, uint32_t end) {
  return skip_blanks(bytes, p, end) == end;
}

/* Markdown: only fenced code blocks (``` or ~~~) hold commands; prose that mentions `modal run x`
 * is not one. An unclosed fence runs to the end of the file, as CommonMark says. Fences are
 * accepted at any indentation, so blocks inside list items count. */
static void scan_markdown(ml__ctx *ctx) {
  const ml_source *source = ctx->source;
  uint32_t lines = ml_source_line_count(source);
  bool in_block = false;
  char fence = 0;
  uint32_t fence_length = 0, block_start = 0;
  for (uint32_t line = 1; line <= lines; line++) {
    uint32_t start = ml_source_line_start(source, line), end = ml_source_line_end(source, line);
    uint32_t p = skip_blanks(ctx->bytes, start, end);
    char c = p < end ? ctx->bytes[p] : 0;
    uint32_t run = 0;
    while (p + run < end && (c == '`' || c == '~') && ctx->bytes[p + run] == c) run++;
    if (!in_block && run >= 3) {
      in_block = true;
      fence = c;
      fence_length = run;
      block_start = ml_source_line_start(source, line + 1);
    } else if (in_block && c == fence && run >= fence_length &&
               blank_until(ctx->bytes, p + run, end)) {
      ml__scan_commands(ctx->bytes, block_start, start, on_command, ctx);
      in_block = false;
    }
  }
  if (in_block) ml__scan_commands(ctx->bytes, block_start, ml_source_length(source), on_command, ctx);
}

static bool starts_with_at(const char *bytes, uint32_t p, uint32_t end, const char *text) {
  size_t n = strlen(text);
  return end - p >= n && memcmp(bytes + p, text, n) == 0;
}

/* Whether the line [p, end) (indentation skipped) opens a reStructuredText literal block: a
 * paragraph ending in "::", or a code directive. Other directives (`.. note::`) hold prose. */
static bool opens_rst_block(const char *bytes, uint32_t p, uint32_t end) {
  if (starts_with_at(bytes, p, end, "..")) {
    static const char *const directives[] = {".. code-block::", ".. code::", ".. sourcecode::",
                                             ".. prompt::"};
    for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++)
      if (starts_with_at(bytes, p, end, directives[i])) return true;
    return false;
  }
  while (end > p && (bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) end--;
  return end - p >= 2 && bytes[end - 1] == ':' && bytes[end - 2] == ':';
}

/* reStructuredText: literal blocks and code directives, i.e. the lines indented deeper than the
 * line that opened them (blank lines included). */
static void scan_rst(ml__ctx *ctx) {
  const ml_source *source = ctx->source;
  uint32_t lines = ml_source_line_count(source);
  bool in_block = false;
  uint32_t base_indent = 0, block_start = 0;
  for (uint32_t line = 1; line <= lines; line++) {
    uint32_t start = ml_source_line_start(source, line), end = ml_source_line_end(source, line);
    uint32_t p = skip_blanks(ctx->bytes, start, end);
    if (p == end) continue;
    uint32_t indent = p - start;
    if (in_block && indent > base_indent) continue;
    if (in_block) {
      ml__scan_commands(ctx->bytes, block_start, start, on_command, ctx);
      in_block = false;
    }
    if (opens_rst_block(ctx->bytes, p, end)) {
      in_block = true;
      base_indent = indent;
      block_start = ml_source_line_start(source, line + 1);
    }
  }
  if (in_block) ml__scan_commands(ctx->bytes, block_start, ml_source_length(source), on_command, ctx);
}

/* Reads a JSON string at bytes[*p] (a '"') into `value`; false when it holds an escape (the value
 * is then unknown) or is unterminated on the line. */
static bool read_json_string(const char *bytes, uint32_t *p, uint32_t end, char *value,
                             size_t size, size_t *length, bool *plain) {
  uint32_t q = *p + 1;
  *length = 0;
  *plain = true;
  while (q < end && bytes[q] != '"') {
    if (bytes[q] == '\\') {
      *plain = false;
      q++;
    } else if (*length + 1 < size) {
      value[(*length)++] = bytes[q];
    } else {
      *plain = false;
    }
    q++;
  }
  if (q >= end) return false;
  value[*length] = '\0';
  *p = q + 1;
  return true;
}

/* The exec form of RUN/CMD/ENTRYPOINT, `CMD ["modal", "serve", "pkg.web"]`: a JSON argv on one
 * line. The shell lexer does not read it (the words are JSON, not shell). */
static void scan_dockerfile_exec_forms(ml__ctx *ctx) {
  const ml_source *source = ctx->source;
  uint32_t lines = ml_source_line_count(source);
  for (uint32_t line = 1; line <= lines; line++) {
    uint32_t start = ml_source_line_start(source, line), end = ml_source_line_end(source, line);
    uint32_t p = skip_blanks(ctx->bytes, start, end);
    bool instruction = false;
    static const char *const names[] = {"RUN", "CMD", "ENTRYPOINT"};
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !instruction; i++) {
      size_t n = strlen(names[i]);
      if (end - p > n && strncasecmp(ctx->bytes + p, names[i], n) == 0 &&
          (ctx->bytes[p + n] == ' ' || ctx->bytes[p + n] == '\t')) {
        p += (uint32_t)n;
        instruction = true;
      }
    }
    p = skip_blanks(ctx->bytes, p, end);
    if (!instruction || p >= end || ctx->bytes[p] != '[') continue;
    p++;
    char values[MAX_ARGV][MAX_ARGV_VALUE];
    ml__argv_word words[MAX_ARGV];
    uint32_t starts[MAX_ARGV], ends[MAX_ARGV];
    size_t count = 0, modal_at = MAX_ARGV;
    for (;;) {
      p = skip_blanks(ctx->bytes, p, end);
      if (p >= end || ctx->bytes[p] != '"' || count == MAX_ARGV) break;
      size_t length;
      bool plain;
      starts[count] = p;
      if (!read_json_string(ctx->bytes, &p, end, values[count], MAX_ARGV_VALUE, &length, &plain))
        break;
      ends[count] = p;
      words[count].value = plain ? values[count] : NULL;
      words[count].length = length;
      if (modal_at == MAX_ARGV && plain &&
          (strcmp(values[count], "modal") == 0 ||
           (length > 6 && strcmp(values[count] + length - 6, "/modal") == 0)))
        modal_at = count;
      count++;
      p = skip_blanks(ctx->bytes, p, end);
      if (p < end && ctx->bytes[p] == ',') p++;
    }
    if (modal_at >= count) continue;
    int target = ml__modal_argv_target(&words[modal_at + 1], count - modal_at - 1);
    if (target < 0) continue;
    size_t t = modal_at + 1 + (size_t)target, s = modal_at + 1;
    report(ctx, starts[t], ends[t], words[s].value, words[s].length, words[t].value,
           words[t].length, "\"-m\", ");
  }
}

static void scan_text(ml__ctx *ctx, ml_file_kind kind) {
  switch (kind) {
    case ML_FILE_MARKDOWN:
      scan_markdown(ctx);
      return;
    case ML_FILE_RST:
      scan_rst(ctx);
      return;
    case ML_FILE_DOCKERFILE:
      scan_dockerfile_exec_forms(ctx);
      break;
    case ML_FILE_PYTHON:
      return;
    default:
      break;
  }
  ml__scan_commands(ctx->bytes, 0, ml_source_length(ctx->source), on_command, ctx);
}

/* --- Python -------------------------------------------------------------------------------- */

static bool is_modal_value(const char *value, size_t length) {
  return (length == 5 && memcmp(value, "modal", 5) == 0) ||
         (length > 6 && memcmp(value + length - 6, "/modal", 6) == 0);
}

static bool is_sequence(TSNode node) {
  const char *type = ts_node_type(node);
  return strcmp(type, "list") == 0 || strcmp(type, "tuple") == 0 ||
         strcmp(type, "argument_list") == 0 || strcmp(type, "expression_list") == 0;
}

/* `"-m", ` before the reference, or on a line of its own when the reference starts one (an argv
 * written one argument per line stays so). */
static void argv_insert_text(ml__ctx *ctx, TSNode target, char *text, size_t size) {
  char quote = ml__pystring_quote_char(ctx->syntax, ctx->bytes, target);
  uint32_t start = ts_node_start_byte(target);
  uint32_t line = ml_source_position(ctx->source, start, ML_COLUMN_UTF8).line;
  uint32_t line_start = ml_source_line_start(ctx->source, line);
  if (line_start < start && blank_until(ctx->bytes, line_start, start))
    snprintf(text, size, "%c-m%c,%s%.*s", quote, quote, ml_source_newline(ctx->source),
             (int)(start - line_start), ctx->bytes + line_start);
  else
    snprintf(text, size, "%c-m%c, ", quote, quote);
}

/* The arguments after a "modal" element of a list, tuple or call. */
static void check_argv(ml__ctx *ctx, TSNode modal_string) {
  char values[MAX_ARGV][MAX_ARGV_VALUE];
  ml__argv_word words[MAX_ARGV];
  TSNode nodes[MAX_ARGV];
  size_t count = 0;
  for (TSNode n = ts_node_next_named_sibling(modal_string); !ts_node_is_null(n) && count < MAX_ARGV;
       n = ts_node_next_named_sibling(n)) {
    ml__kind kind = ml__kind_of(ctx->syntax, n);
    if (kind == ML_KIND_COMMENT) continue;
    if (kind == ML_KIND_KEYWORD_ARGUMENT || kind == ML_KIND_DICTIONARY_SPLAT) break;
    size_t length = 0;
    bool literal = kind == ML_KIND_STRING &&
                   ml__pystring_value(ctx->syntax, ctx->bytes, n, values[count],
                                      sizeof values[count], &length);
    nodes[count] = n;
    words[count].value = literal ? values[count] : NULL;
    words[count].length = length;
    count++;
  }
  int target = ml__modal_argv_target(words, count);
  if (target < 0) return;
  char text[256];
  argv_insert_text(ctx, nodes[target], text, sizeof text);
  report(ctx, ts_node_start_byte(nodes[target]), ts_node_end_byte(nodes[target]), words[0].value,
         words[0].length, words[target].value, words[target].length, text);
}

/* The text of a string, read as command lines; escape sequences and interpolations split it, as
 * their value is not the text written. */
static void scan_string(ml__ctx *ctx, TSNode string) {
  uint32_t count = ts_node_named_child_count(string);
  for (uint32_t i = 0; i < count; i++) {
    TSNode content = ts_node_named_child(string, i);
    if (ml__kind_of(ctx->syntax, content) != ML_KIND_STRING_CONTENT) continue;
    uint32_t segment = ts_node_start_byte(content);
    uint32_t escapes = ts_node_named_child_count(content);
    for (uint32_t k = 0; k < escapes; k++) {
      TSNode escape = ts_node_named_child(content, k);
      ml__scan_commands(ctx->bytes, segment, ts_node_start_byte(escape), on_command, ctx);
      segment = ts_node_end_byte(escape);
    }
    ml__scan_commands(ctx->bytes, segment, ts_node_end_byte(content), on_command, ctx);
  }
}

static void visit(ml__ctx *ctx, TSNode string) {
  uint32_t start = ts_node_start_byte(string), end = ts_node_end_byte(string);
  /* Most strings never mention Modal; finding the parent costs more than this search. */
  if (!memmem(ctx->bytes + start, end - start, "modal", 5)) return;
  TSNode parent = ml__parent(ctx, string);
  if (ts_node_is_null(parent) || ml__kind_of(ctx->syntax, parent) == ML_KIND_EXPRESSION_STATEMENT)
    return; /* a docstring, or a bare string: documentation */
  char value[MAX_ARGV_VALUE];
  size_t length;
  if (ml__pystring_value(ctx->syntax, ctx->bytes, string, value, sizeof value, &length) &&
      is_modal_value(value, length)) {
    if (is_sequence(parent)) check_argv(ctx, string);
    return;
  }
  scan_string(ctx, string);
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* For a Python file that mentions "modal" without importing it: whether some "modal" is followed
 * by a quote (an argv word, `["modal", "run", ...]`, or `import_module("modal")`) or by blanks and
 * a word that may be a subcommand. Over-approximate: "modal running" passes too. */
static bool may_name_command(const ml__gate *gate, const char *bytes, size_t length) {
  const char *end = bytes + length;
  for (size_t i = 0; i < gate->modal_count; i++) {
    const char *p = bytes + gate->modal_at[i] + 5;
    if (p < end && (*p == '"' || *p == '\'')) return true;
    if (p == end || !is_blank(*p)) continue;
    while (p < end && is_blank(*p)) p++;
    if (ml__is_modal_subcommand_prefix(p, (size_t)(end - p))) return true;
  }
  return false;
}

static const ml__kind kinds[] = {ML_KIND_STRING};
/* No triggers: the Python side needs "modal" only as part of a string, where the shell reader
 * also joins quoted and escaped pieces (`mo"dal"`) into the command word. */

const ml__rule_impl ml__rule_mdl123 = {
    .info = ML__RULE_INFO_MDL123,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .scan_text = scan_text,
    .gate = may_name_command,
};
