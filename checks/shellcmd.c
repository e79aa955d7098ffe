#include "shellcmd.h"

#include <string.h>

/* A command longer than this is read up to here: the reference comes early in real commands. */
#define MAX_WORDS 64
/* Longer words are never a subcommand, an option or a module path worth reporting. */
#define MAX_VALUE 160
/* `bash -c "sh -c 'modal run x'"` is as deep as quoting goes in practice. */
#define MAX_NESTING 3

/* Options of `modal run/deploy/serve/shell` that take a value (the SDK's click/typer
 * definitions, 0.73 to 1.5): after them the next argument is that value, not the reference. */
static const char *const long_options_with_value[] = {
    "--env",    "--write-result", "--name",   "--tag",    "--strategy", "--timeout",
    "--cmd",    "--image",        "--add-python", "--volume", "--add-local", "--secret",
    "--cpu",    "--memory",       "--gpu",    "--cloud",  "--region",
};
static const char short_options_with_value[] = "ec"; /* -e/--env, shell's -c/--cmd */

static const char *const subcommands[] = {"run", "deploy", "serve", "shell"};

bool ml__is_modal_subcommand_prefix(const char *text, size_t length) {
  for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++) {
    size_t n = strlen(subcommands[i]);
    if (length >= n && memcmp(text, subcommands[i], n) == 0) return true;
  }
  return false;
}

/* Words after which a command still starts: keywords, prefixes that run the rest as a command,
 * and the line prefixes of the files the scanner reads (Dockerfile instructions, YAML list items,
 * console prompts, tox's `commands =`). */
static const char *const command_prefixes[] = {
    "RUN", "CMD", "ENTRYPOINT", "-", "$", "%", ">", "=", "then", "do", "else", "elif", "if",
    "while", "until", "!", "{", "exec", "time", "nohup", "sudo", "env", "command", "uvx",
};

/* Tools whose `run` subcommand runs the rest as a command (`uv run modal deploy ...`). */
static const char *const run_wrappers[] = {"uv", "poetry", "pipenv", "pdm", "hatch", "rye", "pipx"};

typedef struct word {
  uint32_t start, end; /* raw bytes, quotes included */
  char value[MAX_VALUE];
  size_t length;
  bool too_long;
  bool quoted;         /* the whole word is one quoted string... */
  uint32_t inner_start, inner_end; /* ...whose contents are these bytes */
} word;

typedef enum token_kind { TOKEN_END = 0, TOKEN_WORD, TOKEN_SEPARATOR } token_kind;

typedef struct scanner {
  const char *bytes;
  uint32_t pos, end;
  int depth;
  ml__modal_command_fn found;
  void *data;
} scanner;

static bool text_is(const char *value, size_t length, const char *text) {
  return strlen(text) == length && memcmp(value, text, length) == 0;
}

static bool word_is(const word *w, const char *text) {
  return !w->too_long && text_is(w->value, w->length, text);
}

static bool in_list(const char *value, size_t length, const char *const *list, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (text_is(value, length, list[i])) return true;
  return false;
}

static bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

/* --- the app reference --------------------------------------------------------------------- */

/* Modal's rule (modal/cli/import_refs.py): the part before "::" is a file when it ends in ".py" and
 * a module otherwise. Only references that are plainly dotted Python names are reported, so
 * paths, IDs, `$VARS` and templates are left alone. */
static bool is_module_reference(const char *value, size_t length) {
  size_t module_length = length;
  for (size_t i = 2; i + 1 < length; i++) {
    if (value[i] == ':' && value[i + 1] == ':') {
      module_length = i;
      break;
    }
  }
  if (module_length == 0) return false;
  /* Container, sandbox and image IDs of `modal shell` have dashes, so the name check below
   * already refuses them; they are named here because they are the documented near-miss. */
  if (module_length >= 3 && (memcmp(value, "ta-", 3) == 0 || memcmp(value, "sb-", 3) == 0 ||
                             memcmp(value, "im-", 3) == 0))
    return false;
  bool at_start = true;
  for (size_t i = 0; i < module_length; i++) {
    char c = value[i];
    if (at_start) {
      if (!is_name_start(c)) return false;
      at_start = false;
    } else if (c == '.') {
      at_start = true;
    } else if (!is_name_char(c)) {
      return false;
    }
  }
  if (at_start) return false; /* "pkg." */
  /* A dotted name ending in ".py" is a file path ("app.py"). */
  return !(module_length >= 3 && memcmp(value + module_length - 3, ".py", 3) == 0);
}

static bool long_option_takes_value(const char *value, size_t length) {
  return in_list(value, length, long_options_with_value,
                 sizeof long_options_with_value / sizeof long_options_with_value[0]);
}

int ml__modal_argv_target(const ml__argv_word *words, size_t count) {
  if (count == 0 || !words[0].value ||
      !in_list(words[0].value, words[0].length, subcommands,
               sizeof subcommands / sizeof subcommands[0]))
    return -1;
  for (size_t i = 1; i < count; i++) {
    const ml__argv_word *w = &words[i];
    if (!w->value) return -1;
    if (text_is(w->value, w->length, "--")) {
      i++;
      return i < count && words[i].value && is_module_reference(words[i].value, words[i].length)
                 ? (int)i
                 : -1;
    }
    if (w->length >= 2 && w->value[0] == '-' && w->value[1] == '-') {
      if (!memchr(w->value, '=', w->length) && long_option_takes_value(w->value, w->length)) i++;
      continue;
    }
    if (w->length >= 2 && w->value[0] == '-') {
      /* A cluster of short options ("-dq", "-eprod"): a value option takes the rest of the word,
       * or the next word when it ends the cluster. */
      for (size_t k = 1; k < w->length; k++) {
        if (w->value[k] == 'm') return -1;
        if (strchr(short_options_with_value, w->value[k])) {
          if (k + 1 == w->length) i++;
          break;
        }
      }
      continue;
    }
    return is_module_reference(w->value, w->length) ? (int)i : -1;
  }
  return -1;
}

/* --- lexing ------------------------------------------------------------------------------- */

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

static bool is_operator(char c) {
  return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '`';
}

/* Length of a `\` line continuation at `p` (backslash, optional CR, LF), or 0. */
static uint32_t continuation_length(const scanner *s, uint32_t p) {
  if (p >= s->end || s->bytes[p] != '\\') return 0;
  if (p + 1 < s->end && s->bytes[p + 1] == '\n') return 2;
  if (p + 2 < s->end && s->bytes[p + 1] == '\r' && s->bytes[p + 2] == '\n') return 3;
  return 0;
}

static void add_char(word *w, char c) {
  if (w->length + 1 >= MAX_VALUE) {
    w->too_long = true;
    return;
  }
  w->value[w->length++] = c;
  w->value[w->length] = '\0';
}

/* Reads a quoted string starting at the quote under s->pos into `w`. */
static void lex_quoted(scanner *s, word *w) {
  char quote = s->bytes[s->pos++];
  while (s->pos < s->end && s->bytes[s->pos] != quote) {
    char c = s->bytes[s->pos];
    if (quote == '"' && c == '\\' && s->pos + 1 < s->end) {
      char next = s->bytes[s->pos + 1];
      if (next == '"' || next == '\\' || next == '$' || next == '`') {
        add_char(w, next);
        s->pos += 2;
        continue;
      }
    }
    add_char(w, c);
    s->pos++;
  }
  if (s->pos < s->end) s->pos++; /* the closing quote */
}

static void lex_word(scanner *s, word *w) {
  memset(w, 0, sizeof *w);
  w->start = s->pos;
  bool only_quote = s->bytes[s->pos] == '"' || s->bytes[s->pos] == '\'';
  int parts = 0;
  while (s->pos < s->end) {
    char c = s->bytes[s->pos];
    if (is_blank(c) || c == '\n' || c == '\r' || is_operator(c)) break;
    if (continuation_length(s, s->pos)) break;
    parts++;
    if (c == '"' || c == '\'') {
      uint32_t open = s->pos;
      lex_quoted(s, w);
      if (parts == 1) {
        w->inner_start = open + 1;
        w->inner_end = s->pos > open + 1 && s->bytes[s->pos - 1] == c ? s->pos - 1 : s->pos;
      }
      continue;
    }
    if (c == '\\' && s->pos + 1 < s->end) {
      add_char(w, s->bytes[s->pos + 1]);
      s->pos += 2;
      continue;
    }
    add_char(w, c);
    s->pos++;
  }
  w->end = s->pos;
  w->quoted = only_quote && parts == 1;
}

/* The next word (into `w`) or separator; comments and line continuations are skipped. */
static token_kind next_token(scanner *s, word *w) {
  for (;;) {
    while (s->pos < s->end && is_blank(s->bytes[s->pos])) s->pos++;
    uint32_t skip = continuation_length(s, s->pos);
    if (skip) {
      s->pos += skip;
      continue;
    }
    if (s->pos >= s->end) return TOKEN_END;
    char c = s->bytes[s->pos];
    if (c == '#') {
      while (s->pos < s->end && s->bytes[s->pos] != '\n' && s->bytes[s->pos] != '\r') s->pos++;
      continue;
    }
    if (c == '\n' || c == '\r') {
      s->pos++;
      return TOKEN_SEPARATOR;
    }
    if (c == '$' && s->pos + 1 < s->end && s->bytes[s->pos + 1] == '(') {
      s->pos += 2;
      return TOKEN_SEPARATOR;
    }
    if (is_operator(c)) {
      while (s->pos < s->end && is_operator(s->bytes[s->pos])) s->pos++;
      return TOKEN_SEPARATOR;
    }
    lex_word(s, w);
    return TOKEN_WORD;
  }
}

/* --- commands ------------------------------------------------------------------------------ */

static void scan(const char *bytes, uint32_t start, uint32_t end, int depth,
                 ml__modal_command_fn found, void *data);

/* `VAR=value`: an assignment before the command. */
static bool is_assignment(const word *w) {
  if (w->too_long || w->length == 0 || !is_name_start(w->value[0])) return false;
  for (size_t i = 1; i < w->length; i++) {
    if (w->value[i] == '=') return true;
    if (!is_name_char(w->value[i])) return false;
  }
  return false;
}

/* A YAML key ("run:", "script:", "- run:") ends in a colon; what follows it is the command. */
static bool is_yaml_key(const word *w) {
  return !w->too_long && w->length >= 2 && w->value[w->length - 1] == ':' &&
         is_name_start(w->value[0]);
}

static bool is_python(const word *w) {
  if (w->too_long || w->length < 6 || memcmp(w->value, "python", 6) != 0) return false;
  for (size_t i = 6; i < w->length; i++)
    if (!(w->value[i] == '.' || (w->value[i] >= '0' && w->value[i] <= '9'))) return false;
  return true;
}

/* `modal`, `/path/to/modal`, and a Makefile recipe's `@modal` / `-modal`. */
static bool is_modal(const word *w) {
  if (w->too_long) return false;
  const char *v = w->value;
  size_t n = w->length;
  while (n > 0 && (*v == '@' || *v == '-' || *v == '+')) {
    v++;
    n--;
  }
  return text_is(v, n, "modal") || (n > 6 && memcmp(v + n - 6, "/modal", 6) == 0);
}

/* Where the command word of a simple command is, past assignments and wrappers; `count` when
 * none is left. */
static size_t command_word(const word *words, size_t count) {
  size_t i = 0;
  while (i < count) {
    const word *w = &words[i];
    if (is_assignment(w) || is_yaml_key(w) ||
        (!w->too_long && in_list(w->value, w->length, command_prefixes,
                                 sizeof command_prefixes / sizeof command_prefixes[0]))) {
      i++;
      continue;
    }
    /* tox: `commands = modal deploy ...` */
    if (i + 1 < count && word_is(&words[i + 1], "=")) {
      i += 2;
      continue;
    }
    if (i + 1 < count && !w->too_long &&
        in_list(w->value, w->length, run_wrappers, sizeof run_wrappers / sizeof run_wrappers[0]) &&
        word_is(&words[i + 1], "run")) {
      i += 2;
      continue;
    }
    if (i + 1 < count && is_python(w) && word_is(&words[i + 1], "-m")) {
      i += 2;
      continue;
    }
    break;
  }
  return i;
}

/* `-c` (or a cluster ending in it, `-lc`) and `eval`: the next word is a script. */
static bool runs_script(const word *w) {
  if (w->too_long) return false;
  if (text_is(w->value, w->length, "eval")) return true;
  if (w->length < 2 || w->value[0] != '-' || w->value[w->length - 1] != 'c') return false;
  for (size_t i = 1; i < w->length; i++)
    if (w->value[i] < 'a' || w->value[i] > 'z') return false;
  return true;
}

static void check_command(const scanner *s, const word *words, size_t count) {
  size_t at = command_word(words, count);
  if (at < count && is_modal(&words[at]) && at + 1 < count) {
    ml__argv_word argv[MAX_WORDS];
    size_t argc = 0;
    for (size_t i = at + 1; i < count; i++, argc++) {
      argv[argc].value = words[i].too_long ? NULL : words[i].value;
      argv[argc].length = words[i].length;
    }
    int target = ml__modal_argv_target(argv, argc);
    if (target >= 0) {
      const word *sub = &words[at + 1], *ref = &words[at + 1 + (size_t)target];
      ml__modal_command command = {
          words[at].start, words[at].end, sub->start, sub->end,
          ref->start,      ref->end,      ref->value, ref->length,
      };
      s->found(s->data, &command);
    }
  }
  /* A quoted word is a command line of its own where a command goes (YAML's `- "modal ..."`) and
   * as the script of `sh -c`, `bash -lc` or `eval`; elsewhere it is an argument (a commit message,
   * an `echo`), whatever it says. */
  for (size_t i = at; i < count && s->depth + 1 < MAX_NESTING; i++) {
    const word *w = &words[i];
    if (w->quoted && (i == at || runs_script(&words[i - 1])) && w->inner_end > w->inner_start &&
        memmem(s->bytes + w->inner_start, w->inner_end - w->inner_start, "modal", 5))
      scan(s->bytes, w->inner_start, w->inner_end, s->depth + 1, s->found, s->data);
  }
}

static void scan(const char *bytes, uint32_t start, uint32_t end, int depth,
                 ml__modal_command_fn found, void *data) {
  scanner s = {bytes, start, end, depth, found, data};
  word words[MAX_WORDS], overflow; /* words past MAX_WORDS are read into `overflow` and dropped */
  size_t count = 0;
  for (;;) {
    word *slot = count < MAX_WORDS ? &words[count] : &overflow;
    token_kind kind = next_token(&s, slot);
    if (kind == TOKEN_WORD) {
      if (count < MAX_WORDS) count++;
      continue;
    }
    if (count) check_command(&s, words, count);
    count = 0;
    if (kind == TOKEN_END) break;
  }
}

void ml__scan_commands(const char *bytes, uint32_t start, uint32_t end, ml__modal_command_fn found,
                       void *data) {
  scan(bytes, start, end, 0, found, data);
}
