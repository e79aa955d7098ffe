#include "mounts.h"

#include <stdio.h>
#include <string.h>

#include "calls.h"
#include "pystring.h"

/* Paths longer than this are not rewritten (the message then says why). */
#define MAX_PATH_TEXT 1024

static TSNode null_node(void) {
  TSNode node = {{0}, 0, 0};
  return node;
}

/* The method name of `call` when its callee is an attribute, and the receiver; null otherwise. */
static TSNode method_of(ml__ctx *ctx, TSNode call, TSNode *receiver) {
  TSNode callee = ml__child_by_field(ctx, call, ctx->syntax->field_function);
  *receiver = null_node();
  if (ts_node_is_null(callee) || ml__kind_of(ctx->syntax, callee) != ML_KIND_ATTRIBUTE)
    return null_node();
  *receiver = ml__child_by_field(ctx, callee, ctx->syntax->field_object);
  return ml__child_by_field(ctx, callee, ctx->syntax->field_attribute);
}

ml__mount_call ml__mount_call_of(ml__ctx *ctx, TSNode call, TSNode *method) {
  *method = null_node();
  if (ml__kind_of(ctx->syntax, call) != ML_KIND_CALL) return ML_MOUNT_CALL_NONE;
  TSNode receiver;
  TSNode name = method_of(ctx, call, &receiver);
  if (ts_node_is_null(name)) return ML_MOUNT_CALL_NONE;
  TSNode callee = ml__child_by_field(ctx, call, ctx->syntax->field_function);
  char qualname[256];
  if (ml__qualname(ctx, callee, qualname, sizeof qualname)) {
    static const struct {
      const char *qualname;
      ml__mount_call kind;
    } constructors[] = {
        {"modal.Mount.from_local_dir", ML_MOUNT_CALL_FROM_LOCAL_DIR},
        {"modal.Mount.from_local_file", ML_MOUNT_CALL_FROM_LOCAL_FILE},
        {"modal.Mount.from_local_python_packages", ML_MOUNT_CALL_FROM_LOCAL_PYTHON_PACKAGES},
    };
    for (size_t i = 0; i < sizeof constructors / sizeof constructors[0]; i++) {
      if (strcmp(qualname, constructors[i].qualname) == 0) {
        *method = name;
        return constructors[i].kind;
      }
    }
    return ML_MOUNT_CALL_NONE;
  }
  /* `Image` has methods of the same names: only a receiver known to be a Mount counts. */
  bool dir = ml__node_is_text(ctx->bytes, name, "add_local_dir");
  if (!dir && !ml__node_is_text(ctx->bytes, name, "add_local_file")) return ML_MOUNT_CALL_NONE;
  if (ml__type_of(ctx, receiver) != ML_TYPE_MOUNT) return ML_MOUNT_CALL_NONE;
  *method = name;
  return dir ? ML_MOUNT_CALL_ADD_LOCAL_DIR : ML_MOUNT_CALL_ADD_LOCAL_FILE;
}

ml__mounts_site ml__mounts_site_of(ml__ctx *ctx, TSNode call) {
  if (ml__kind_of(ctx->syntax, call) != ML_KIND_CALL) return ML_MOUNTS_SITE_NONE;
  bool is_aio;
  TSNode callee =
      ml__strip_aio(ctx, ml__child_by_field(ctx, call, ctx->syntax->field_function), &is_aio);
  if (ts_node_is_null(callee)) return ML_MOUNTS_SITE_NONE;
  char qualname[256];
  if (ml__qualname(ctx, callee, qualname, sizeof qualname)) {
    if (!is_aio && (strcmp(qualname, "modal.App") == 0 || strcmp(qualname, "modal.Stub") == 0))
      return ML_MOUNTS_SITE_APP;
    if (strcmp(qualname, "modal.Sandbox.create") == 0) return ML_MOUNTS_SITE_SANDBOX;
    return ML_MOUNTS_SITE_NONE;
  }
  if (is_aio) return ML_MOUNTS_SITE_NONE;
  TSNode inner;
  switch (ml__classify_app_decorator(ctx, call, &inner)) {
    case ML_APP_DECORATOR_FUNCTION:
      return ML_MOUNTS_SITE_FUNCTION;
    case ML_APP_DECORATOR_CLS:
      return ML_MOUNTS_SITE_CLS;
    default:
      break;
  }
  TSNode receiver;
  TSNode name = method_of(ctx, call, &receiver);
  if (!ts_node_is_null(name) && ml__node_is_text(ctx->bytes, name, "run_function") &&
      ml__type_of(ctx, receiver) == ML_TYPE_IMAGE)
    return ML_MOUNTS_SITE_RUN_FUNCTION;
  return ML_MOUNTS_SITE_NONE;
}

TSNode ml__copy_mount_argument(ml__ctx *ctx, TSNode call) {
  if (ml__kind_of(ctx->syntax, call) != ML_KIND_CALL) return null_node();
  TSNode receiver;
  TSNode name = method_of(ctx, call, &receiver);
  if (ts_node_is_null(name) || !ml__node_is_text(ctx->bytes, name, "copy_mount") ||
      ml__type_of(ctx, receiver) != ML_TYPE_IMAGE)
    return null_node();
  TSNode mount = ml__call_positional(ctx->syntax, call, 0);
  if (!ts_node_is_null(mount)) return mount;
  TSNode keyword = ml__call_keyword(ctx, call, "mount");
  return ts_node_is_null(keyword) ? keyword
                                  : ml__child_by_field(ctx, keyword, ctx->syntax->field_value);
}

TSNode ml__context_mount_argument(ml__ctx *ctx, TSNode call) {
  if (ml__kind_of(ctx->syntax, call) != ML_KIND_CALL) return null_node();
  TSNode callee = ml__child_by_field(ctx, call, ctx->syntax->field_function);
  bool from_dockerfile = !ts_node_is_null(callee) &&
                         ml__resolves_to(ctx, callee, "modal.Image.from_dockerfile");
  if (!from_dockerfile) {
    TSNode receiver;
    TSNode name = method_of(ctx, call, &receiver);
    if (ts_node_is_null(name) || !ml__node_is_text(ctx->bytes, name, "dockerfile_commands") ||
        ml__type_of(ctx, receiver) != ML_TYPE_IMAGE)
      return null_node();
  }
  TSNode keyword = ml__call_keyword(ctx, call, "context_mount");
  if (!ts_node_is_null(keyword) || !from_dockerfile) return keyword;
  return ml__call_positional(ctx->syntax, call, 1);
}

bool ml__is_sequence_literal(ml__ctx *ctx, TSNode node) {
  if (ts_node_is_null(node)) return false;
  return ml__kind_of(ctx->syntax, node) == ML_KIND_LIST || strcmp(ts_node_type(node), "tuple") == 0;
}

/* --- rewriting ------------------------------------------------------------------------------- */

void ml__mount_rewrite_init(ml__mount_rewrite *rw) {
  memset(rw, 0, sizeof *rw);
  rw->root = "/";
  rw->whole_chain = true;
  ml__strbuf_init(&rw->methods);
}

void ml__mount_rewrite_free(ml__mount_rewrite *rw) { ml__strbuf_free(&rw->methods); }

typedef struct arguments {
  TSNode slots[4];      /* by parameter, null when absent */
  TSNode positional[8]; /* for *args parameters: every positional argument, in order */
  uint32_t positional_count;
} arguments;

/* Reads the arguments of `call` into the slots of `names` (NULL-terminated). The first
 * `positional_max` parameters may be passed by position; `variadic` collects all positional ones
 * into args->positional instead. Returns false with a reason in `problem`. */
static bool read_arguments(ml__ctx *ctx, TSNode call, const char *const *names,
                           uint32_t positional_max, bool variadic, arguments *args,
                           const char *method, char *problem, size_t size) {
  memset(args, 0, sizeof *args);
  TSNode list = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  if (ts_node_is_null(list) || ml__kind_of(ctx->syntax, list) != ML_KIND_ARGUMENT_LIST) {
    snprintf(problem, size, "the `%s` call has no argument list", method);
    return false;
  }
  uint32_t positional = 0, count = ts_node_named_child_count(list);
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(list, i);
    ml__kind kind = ml__kind_of(ctx->syntax, arg);
    if (kind == ML_KIND_COMMENT) continue;
    if (kind == ML_KIND_DICTIONARY_SPLAT || (kind == ML_KIND_LIST_SPLAT && !variadic)) {
      snprintf(problem, size, "`%s` unpacks `*args` or `**kwargs`", method);
      return false;
    }
    if (kind != ML_KIND_KEYWORD_ARGUMENT) {
      if (variadic) {
        if (args->positional_count == sizeof args->positional / sizeof args->positional[0]) {
          snprintf(problem, size, "`%s` has too many arguments to rewrite", method);
          return false;
        }
        args->positional[args->positional_count++] = arg;
        continue;
      }
      if (positional >= positional_max) {
        snprintf(problem, size, "`%s` has more positional arguments than it accepts", method);
        return false;
      }
      if (!ts_node_is_null(args->slots[positional])) {
        snprintf(problem, size, "an argument of `%s` is given twice", method);
        return false;
      }
      args->slots[positional++] = arg;
      continue;
    }
    TSNode key = ml__child_by_field(ctx, arg, ctx->syntax->field_name);
    TSNode value = ml__child_by_field(ctx, arg, ctx->syntax->field_value);
    size_t slot = 0;
    while (names[slot] && !ml__node_is_text(ctx->bytes, key, names[slot])) slot++;
    if (!names[slot] || ts_node_is_null(value)) {
      uint32_t s = ts_node_start_byte(key), e = ts_node_end_byte(key);
      snprintf(problem, size, "`%s` has no parameter `%.*s`", method,
               (int)(e - s < 40 ? e - s : 40), ctx->bytes + s);
      return false;
    }
    if (!ts_node_is_null(args->slots[slot])) {
      snprintf(problem, size, "an argument of `%s` is given twice", method);
      return false;
    }
    args->slots[slot] = value;
  }
  return true;
}

static bool is_none(ml__ctx *ctx, TSNode node) {
  return !ts_node_is_null(node) && ml__kind_of(ctx->syntax, node) == ML_KIND_NONE;
}

/* Appends the non-empty, non-"." components of `path` to `out` ("/a/b"), refusing "..": Mount
 * kept it literally (PurePosixPath does not resolve it) and no reader should guess. */
static bool append_components(const char *path, size_t length, char *out, size_t size,
                              size_t *used) {
  for (size_t i = 0; i < length;) {
    size_t j = i;
    while (j < length && path[j] != '/') j++;
    size_t n = j - i;
    if (n == 2 && path[i] == '.' && path[i + 1] == '.') return false;
    if (n > 0 && !(n == 1 && path[i] == '.')) {
      if (*used + 1 + n + 1 > size) return false;
      out[(*used)++] = '/';
      memcpy(out + *used, path + i, n);
      *used += n;
      out[*used] = '\0';
    }
    i = j + 1;
  }
  return true;
}

/* Where Mount put a path: PurePosixPath("/", remote) (relative means relative to "/", trailing
 * slashes and "." parts vanish), then under `root`. */
static bool container_path(const char *root, const char *remote, size_t length, char *out,
                           size_t size) {
  size_t used = 0;
  out[0] = '\0';
  /* PurePosixPath keeps exactly two leading slashes as a distinct root; nobody means that. */
  if (length >= 2 && remote[0] == '/' && remote[1] == '/' && (length == 2 || remote[2] != '/'))
    return false;
  if (!append_components(root, strlen(root), out, size, &used) ||
      !append_components(remote, length, out, size, &used))
    return false;
  if (used == 0) {
    if (size < 2) return false;
    out[0] = '/';
    out[1] = '\0';
  }
  return true;
}

/* The last component of a local path literal, as `Path(local_path).name`: "" for ".". */
static bool local_basename(const char *path, size_t length, const char **name, size_t *name_length) {
  *name = path;
  *name_length = 0;
  for (size_t i = 0; i < length;) {
    size_t j = i;
    while (j < length && path[j] != '/') j++;
    size_t n = j - i;
    if (n > 0 && !(n == 1 && path[i] == '.')) {
      *name = path + i;
      *name_length = n;
    }
    i = j + 1;
  }
  return !(*name_length == 2 && (*name)[0] == '.' && (*name)[1] == '.');
}

static void append_node(ml__ctx *ctx, ml__strbuf *buf, TSNode node) {
  uint32_t s = ts_node_start_byte(node), e = ts_node_end_byte(node);
  ml__strbuf_append(buf, ctx->bytes + s, e - s);
}

/* `C(str(p))`, parenthesising C unless it is a simple callable expression. */
static void append_condition_call(ml__ctx *ctx, ml__strbuf *buf, TSNode condition) {
  ml__kind kind = ml__kind_of(ctx->syntax, condition);
  bool simple = kind == ML_KIND_IDENTIFIER || kind == ML_KIND_ATTRIBUTE || kind == ML_KIND_CALL ||
                kind == ML_KIND_PARENTHESIZED_EXPRESSION;
  if (!simple) ml__strbuf_append_str(buf, "(");
  append_node(ctx, buf, condition);
  ml__strbuf_append_str(buf, simple ? "(str(p))" : ")(str(p))");
}

/* Computes the container path of a Mount entry from its `remote_path` (or, when absent, the
 * basename of `local`) and writes it as a literal. */
static bool remote_literal(ml__ctx *ctx, ml__mount_rewrite *rw, TSNode local, TSNode remote,
                           bool file, char *literal, size_t size) {
  char value[MAX_PATH_TEXT], path[MAX_PATH_TEXT + 64];
  size_t length;
  const char *name;
  size_t name_length;
  if (ts_node_is_null(remote) || is_none(ctx, remote)) {
    if (!ml__pystring_value(ctx->syntax, ctx->bytes, local, value, sizeof value, &length)) {
      snprintf(rw->problem, sizeof rw->problem,
               "without `remote_path` the Mount used the name of `local_path`, which is not a "
               "plain string literal");
      return false;
    }
    if (!local_basename(value, length, &name, &name_length) || (file && name_length == 0)) {
      snprintf(rw->problem, sizeof rw->problem,
               "`local_path` has no usable file name to place in the container");
      return false;
    }
    if (!container_path(rw->root, name, name_length, path, sizeof path)) {
      snprintf(rw->problem, sizeof rw->problem, "the remote path cannot be computed");
      return false;
    }
  } else {
    if (!ml__pystring_value(ctx->syntax, ctx->bytes, remote, value, sizeof value, &length)) {
      snprintf(rw->problem, sizeof rw->problem,
               "`remote_path` is not a plain string literal, so its place in the container is "
               "unknown");
      return false;
    }
    if (!container_path(rw->root, value, length, path, sizeof path)) {
      snprintf(rw->problem, sizeof rw->problem,
               "the remote path holds `..` or a `//` root, which modal-lint does not rewrite");
      return false;
    }
  }
  /* `Image.add_local_file` reads a trailing "/" as "into this directory". */
  if (file && strcmp(path, "/") == 0) {
    snprintf(rw->problem, sizeof rw->problem, "the file's remote path is the root directory");
    return false;
  }
  snprintf(rw->last_path, sizeof rw->last_path, "%s", path);
  char quote = ml__pystring_quote_char(ctx->syntax, ctx->bytes, local);
  if (!ml__pystring_write(path, strlen(path), quote, literal, size)) {
    snprintf(rw->problem, sizeof rw->problem, "the remote path cannot be written as a literal");
    return false;
  }
  return true;
}

static bool rewrite_dir(ml__ctx *ctx, TSNode call, const char *method, ml__mount_rewrite *rw) {
  static const char *const names[] = {"local_path", "remote_path", "condition", "recursive", NULL};
  arguments args;
  if (!read_arguments(ctx, call, names, 1, false, &args, method, rw->problem,
                      sizeof rw->problem))
    return false;
  TSNode local = args.slots[0], remote = args.slots[1], condition = args.slots[2],
         recursive = args.slots[3];
  if (ts_node_is_null(local)) {
    snprintf(rw->problem, sizeof rw->problem, "`local_path` is missing");
    return false;
  }
  bool flat = false;
  if (!ts_node_is_null(recursive)) {
    ml__kind kind = ml__kind_of(ctx->syntax, recursive);
    if (kind != ML_KIND_TRUE && kind != ML_KIND_FALSE) {
      snprintf(rw->problem, sizeof rw->problem, "`recursive=` is not a literal `True` or `False`");
      return false;
    }
    flat = kind == ML_KIND_FALSE;
  }
  if (is_none(ctx, condition)) condition = null_node();
  char literal[2 * MAX_PATH_TEXT + 160];
  if (!remote_literal(ctx, rw, local, remote, false, literal, sizeof literal)) return false;
  ml__strbuf *out = &rw->methods;
  ml__strbuf_append_str(out, "add_local_dir(");
  append_node(ctx, out, local);
  ml__strbuf_printf(out, ", %s", literal);
  if (rw->copy) ml__strbuf_append_str(out, ", copy=True");
  /* Mount's `condition` chose files to include, `ignore` chooses files to leave out; both see the
   * path relative to the directory (since 0.76.0). */
  if (flat || !ts_node_is_null(condition)) {
    rw->filtered = true;
    ml__strbuf_append_str(out, ", ignore=lambda p: ");
    if (flat) ml__strbuf_append_str(out, "len(p.parts) > 1");
    if (flat && !ts_node_is_null(condition)) ml__strbuf_append_str(out, " or ");
    if (!ts_node_is_null(condition)) {
      ml__strbuf_append_str(out, "not ");
      append_condition_call(ctx, out, condition);
    }
  }
  ml__strbuf_append_str(out, ")");
  return true;
}

static bool rewrite_file(ml__ctx *ctx, TSNode call, const char *method, ml__mount_rewrite *rw) {
  static const char *const names[] = {"local_path", "remote_path", NULL};
  arguments args;
  if (!read_arguments(ctx, call, names, 2, false, &args, method, rw->problem,
                      sizeof rw->problem))
    return false;
  if (ts_node_is_null(args.slots[0])) {
    snprintf(rw->problem, sizeof rw->problem, "`local_path` is missing");
    return false;
  }
  char literal[2 * MAX_PATH_TEXT + 160];
  if (!remote_literal(ctx, rw, args.slots[0], args.slots[1], true, literal, sizeof literal))
    return false;
  ml__strbuf *out = &rw->methods;
  ml__strbuf_append_str(out, "add_local_file(");
  append_node(ctx, out, args.slots[0]);
  ml__strbuf_printf(out, ", %s%s)", literal, rw->copy ? ", copy=True" : "");
  return true;
}

static bool rewrite_python_packages(ml__ctx *ctx, TSNode call, ml__mount_rewrite *rw) {
  static const char *const names[] = {"remote_dir", "condition", "ignore", NULL};
  arguments args;
  if (!read_arguments(ctx, call, names, 0, true, &args, "Mount.from_local_python_packages",
                      rw->problem,
                      sizeof rw->problem))
    return false;
  TSNode remote_dir = args.slots[0], condition = args.slots[1], ignore = args.slots[2];
  if (args.positional_count == 0) {
    snprintf(rw->problem, sizeof rw->problem, "no module names are given");
    return false;
  }
  /* `add_local_python_source` always puts packages under /root. */
  char value[MAX_PATH_TEXT], path[MAX_PATH_TEXT + 64];
  size_t length = 5;
  memcpy(value, "/root", 6);
  if (!ts_node_is_null(remote_dir) &&
      !ml__pystring_value(ctx->syntax, ctx->bytes, remote_dir, value, sizeof value, &length)) {
    snprintf(rw->problem, sizeof rw->problem,
             "`remote_dir=` is not a plain string literal, and `add_local_python_source` always "
             "adds packages under `/root`");
    return false;
  }
  if (!container_path(rw->root, value, length, path, sizeof path) || strcmp(path, "/root") != 0) {
    snprintf(rw->problem, sizeof rw->problem,
             "the packages went to `%.60s`, but `add_local_python_source` always adds them under "
             "`/root`; use `add_local_dir` for each package instead",
             path[0] ? path : value);
    return false;
  }
  if (is_none(ctx, condition)) condition = null_node();
  if (is_none(ctx, ignore)) ignore = null_node();
  if (!ts_node_is_null(condition) && !ts_node_is_null(ignore)) {
    snprintf(rw->problem, sizeof rw->problem, "both `condition=` and `ignore=` are given");
    return false;
  }
  ml__strbuf *out = &rw->methods;
  ml__strbuf_append_str(out, "add_local_python_source(");
  for (uint32_t i = 0; i < args.positional_count; i++) {
    if (i) ml__strbuf_append_str(out, ", ");
    append_node(ctx, out, args.positional[i]);
  }
  if (rw->copy) ml__strbuf_append_str(out, ", copy=True");
  bool filtered = !ts_node_is_null(ignore) || !ts_node_is_null(condition);
  rw->filtered = rw->filtered || filtered;
  if (!ts_node_is_null(ignore)) {
    ml__strbuf_append_str(out, ", ignore=");
    append_node(ctx, out, ignore);
  } else if (!ts_node_is_null(condition)) {
    ml__strbuf_append_str(out, ", ignore=lambda p: not ");
    append_condition_call(ctx, out, condition);
  }
  ml__strbuf_append_str(out, ")");
  rw->python_source = rw->python_source || !filtered;
  return true;
}

static ml__mount_rewrite_result rewrite_at(ml__ctx *ctx, TSNode node, ml__mount_rewrite *rw,
                                           int depth) {
  node = ml__unparenthesize(ctx->syntax, node);
  TSNode method;
  ml__mount_call kind = ml__mount_call_of(ctx, node, &method);
  if (kind == ML_MOUNT_CALL_NONE || depth > 64) {
    snprintf(rw->problem, sizeof rw->problem, "it is not a `Mount.from_local_*` call");
    return ML_MOUNT_REWRITE_NOT_LITERAL;
  }
  if ((kind == ML_MOUNT_CALL_ADD_LOCAL_DIR || kind == ML_MOUNT_CALL_ADD_LOCAL_FILE) &&
      rw->whole_chain) {
    TSNode receiver;
    method_of(ctx, node, &receiver);
    ml__mount_rewrite_result inner = rewrite_at(ctx, receiver, rw, depth + 1);
    if (inner != ML_MOUNT_REWRITE_OK) return inner;
    ml__strbuf_append_str(&rw->methods, ".");
  }
  bool ok;
  switch (kind) {
    case ML_MOUNT_CALL_FROM_LOCAL_DIR:
      ok = rewrite_dir(ctx, node, "Mount.from_local_dir", rw);
      break;
    case ML_MOUNT_CALL_ADD_LOCAL_DIR:
      ok = rewrite_dir(ctx, node, "Mount.add_local_dir", rw);
      break;
    case ML_MOUNT_CALL_FROM_LOCAL_FILE:
      ok = rewrite_file(ctx, node, "Mount.from_local_file", rw);
      break;
    case ML_MOUNT_CALL_ADD_LOCAL_FILE:
      ok = rewrite_file(ctx, node, "Mount.add_local_file", rw);
      break;
    default:
      ok = rewrite_python_packages(ctx, node, rw);
      break;
  }
  return ok ? ML_MOUNT_REWRITE_OK : ML_MOUNT_REWRITE_PROBLEM;
}

ml__mount_rewrite_result ml__mount_rewrite_expression(ml__ctx *ctx, TSNode node,
                                                      ml__mount_rewrite *rw) {
  rw->problem[0] = '\0';
  ml__mount_rewrite_result result = rewrite_at(ctx, node, rw, 0);
  if (rw->methods.failed) {
    ctx->error = -1;
    return ML_MOUNT_REWRITE_PROBLEM;
  }
  return result;
}

void ml__node_excerpt(ml__ctx *ctx, TSNode node, char *buffer, size_t size) {
  uint32_t s = ts_node_start_byte(node), e = ts_node_end_byte(node);
  size_t used = 0;
  bool blank = false;
  if (size < 4) {
    if (size) buffer[0] = '\0';
    return;
  }
  for (uint32_t i = s; i < e; i++) {
    char c = ctx->bytes[i];
    bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (is_space) {
      blank = true;
      continue;
    }
    size_t need = (blank && used ? 1 : 0) + 1;
    if (used + need + 4 > size) {
      /* Never end inside a UTF-8 sequence. */
      while (used > 0 && ((unsigned char)buffer[used - 1] & 0x80)) used--;
      memcpy(buffer + used, "...", 3);
      used += 3;
      break;
    }
    if (blank && used) buffer[used++] = ' ';
    blank = false;
    buffer[used++] = c;
  }
  buffer[used] = '\0';
}
