/* MDL122 gpu-objects (catalogue A-22): the `modal.gpu` classes (`modal.gpu.A100(count=2)`) gave way
 * to strings (`"A100-40GB:2"`); the module is gone in 1.4.0. Findings are the constructor calls,
 * the classes used as values, and the imports of `modal.gpu` itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../calls.h"
#include "../pystring.h"
#include "../rulekit.h"
#include "rules.h"

/* The strings are the ones the SDK's own warning printed (`_GPUConfig.__init__`, v1.0.0). */
static const struct {
  const char *name;
  const char *string;    /* for count 1 */
  bool positional_count; /* `T4(2)` was allowed; the others took keywords only */
  bool sized;            /* A100's size= / memory= choose the variant */
} gpus[] = {
    {"T4", "T4", true, false},       {"L4", "L4", true, false},     {"A10G", "A10G", false, false},
    {"A100", "A100-40GB", false, true}, {"H100", "H100", false, false}, {"L40S", "L40S", false, false},
    {"Any", "any", false, false},
};
#define GPU_COUNT (sizeof gpus / sizeof gpus[0])

#define IMPORT_MESSAGE                                                                             \
  "`modal.gpu` is deprecated and importing it fails once it is removed; pass GPU types as "      \
  "strings such as `gpu=\"H100\"`"

/* Whether `qualname` is `modal.gpu` or a name in it. */
static bool in_gpu_module(const char *qualname) {
  return strncmp(qualname, "modal.gpu", 9) == 0 && (qualname[9] == '\0' || qualname[9] == '.');
}

/* The index in `gpus` of the class `qualname` names, or -1. */
static int gpu_index(const char *qualname) {
  if (strncmp(qualname, "modal.gpu.", 10) != 0) return -1;
  for (size_t i = 0; i < GPU_COUNT; i++)
    if (strcmp(qualname + 10, gpus[i].name) == 0) return (int)i;
  return -1;
}

/* The index in `gpus` of the class `node` names (any import spelling), or -1. */
static int gpu_class(ml__ctx *ctx, TSNode node) {
  char qualname[256];
  if (!ml__qualname(ctx, node, qualname, sizeof qualname)) return -1;
  return gpu_index(qualname);
}

static bool is_field(TSNode parent, TSFieldId field, TSNode node) {
  TSNode child = ts_node_child_by_field_id(parent, field);
  return !ts_node_is_null(child) && ts_node_eq(child, node);
}

/* A replacement string cannot go inside an f-string's braces before Python 3.12 when it uses the
 * same quotes; such rare spots get no fix rather than a fix that must be checked by hand. */
static bool inside_string(ml__ctx *ctx, TSNode node) {
  for (TSNode p = ml__parent(ctx, node); !ts_node_is_null(p); p = ml__parent(ctx, p)) {
    ml__kind kind = ml__kind_of(ctx->syntax, p);
    if (kind == ML_KIND_STRING || kind == ML_KIND_INTERPOLATION) return true;
  }
  return false;
}

/* Reads a Python int literal ("8", "1_000", "0x10"); false for anything else or absurd values. */
static bool int_literal(ml__ctx *ctx, TSNode node, long *value) {
  if (ml__kind_of(ctx->syntax, node) != ML_KIND_INTEGER) return false;
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  char digits[32];
  size_t n = 0;
  for (uint32_t i = start; i < end; i++) {
    if (ctx->bytes[i] == '_') continue;
    if (n + 1 >= sizeof digits) return false;
    digits[n++] = ctx->bytes[i];
  }
  digits[n] = '\0';
  int base = 10;
  const char *p = digits;
  if (n > 2 && digits[0] == '0') {
    char b = digits[1];
    base = b == 'x' || b == 'X' ? 16 : b == 'o' || b == 'O' ? 8 : b == 'b' || b == 'B' ? 2 : 10;
    if (base != 10) p += 2;
  }
  char *stop;
  unsigned long long parsed = strtoull(p, &stop, base);
  if (*stop != '\0' || parsed > 1000000) return false;
  *value = (long)parsed;
  return true;
}

/* `n` or `config.gpu_count`: reading it has no side effect worth speaking of. */
static bool is_simple_name(ml__ctx *ctx, TSNode node) {
  for (;;) {
    ml__kind kind = ml__kind_of(ctx->syntax, node);
    if (kind == ML_KIND_IDENTIFIER) return true;
    if (kind != ML_KIND_ATTRIBUTE) return false;
    node = ml__child_by_field(ctx, node, ctx->syntax->field_object);
  }
}

/* Literals that cannot be a GPU count; an f-string would only turn their error into another. */
static bool is_wrong_literal(ml__ctx *ctx, TSNode node) {
  switch (ml__kind_of(ctx->syntax, node)) {
    case ML_KIND_STRING:
    case ML_KIND_CONCATENATED_STRING:
    case ML_KIND_NONE:
    case ML_KIND_TRUE:
    case ML_KIND_FALSE:
    case ML_KIND_LIST:
      return true;
    default:
      return strcmp(ts_node_type(node), "float") == 0 || strcmp(ts_node_type(node), "tuple") == 0 ||
             strcmp(ts_node_type(node), "dictionary") == 0;
  }
}

typedef struct gpu_call {
  TSNode count, size, memory; /* null when absent */
  bool has_comment;
  char problem[200]; /* why no string can be written; empty when one can */
} gpu_call;

static void read_arguments(ml__ctx *ctx, TSNode call, int gpu, gpu_call *out) {
  TSNode null_node = {{0}, 0, 0};
  memset(out, 0, sizeof *out);
  out->count = out->size = out->memory = null_node;
  TSNode list = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  if (ts_node_is_null(list) || ml__kind_of(ctx->syntax, list) != ML_KIND_ARGUMENT_LIST) {
    snprintf(out->problem, sizeof out->problem, "the call has no argument list");
    return;
  }
  uint32_t positional = 0, count = ts_node_named_child_count(list);
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(list, i);
    ml__kind kind = ml__kind_of(ctx->syntax, arg);
    if (kind == ML_KIND_COMMENT) {
      out->has_comment = true;
      continue;
    }
    if (kind == ML_KIND_LIST_SPLAT || kind == ML_KIND_DICTIONARY_SPLAT) {
      snprintf(out->problem, sizeof out->problem, "the call unpacks `*args` or `**kwargs`");
      return;
    }
    TSNode *slot = NULL;
    if (kind == ML_KIND_KEYWORD_ARGUMENT) {
      TSNode name = ml__child_by_field(ctx, arg, ctx->syntax->field_name);
      if (ml__node_is_text(ctx->bytes, name, "count")) slot = &out->count;
      else if (gpus[gpu].sized && ml__node_is_text(ctx->bytes, name, "size")) slot = &out->size;
      else if (gpus[gpu].sized && ml__node_is_text(ctx->bytes, name, "memory")) slot = &out->memory;
      if (!slot) {
        uint32_t s = ts_node_start_byte(name), e = ts_node_end_byte(name);
        snprintf(out->problem, sizeof out->problem, "`%s` has no parameter `%.*s`", gpus[gpu].name,
                 (int)(e - s < 40 ? e - s : 40), ctx->bytes + s);
        return;
      }
      arg = ml__child_by_field(ctx, arg, ctx->syntax->field_value);
    } else {
      if (!gpus[gpu].positional_count || positional > 0) {
        snprintf(out->problem, sizeof out->problem, "`%s` takes %s", gpus[gpu].name,
                 gpus[gpu].positional_count ? "one positional argument at most"
                                            : "keyword arguments only");
        return;
      }
      positional++;
      slot = &out->count;
    }
    if (!ts_node_is_null(*slot)) {
      snprintf(out->problem, sizeof out->problem, "an argument is given twice");
      return;
    }
    *slot = arg;
  }
}

/* The GPU type for count 1: the table's, or A100's variant chosen by size= or memory=. */
static const char *gpu_type(ml__ctx *ctx, int gpu, gpu_call *call) {
  if (!gpus[gpu].sized) return gpus[gpu].string;
  if (!ts_node_is_null(call->size) && !ts_node_is_null(call->memory)) {
    snprintf(call->problem, sizeof call->problem, "both `size=` and `memory=` are given");
    return NULL;
  }
  if (!ts_node_is_null(call->size)) {
    char value[16];
    size_t length;
    if (ml__kind_of(ctx->syntax, call->size) == ML_KIND_NONE) return "A100-40GB";
    if (!ml__pystring_value(ctx->syntax, ctx->bytes, call->size, value, sizeof value, &length)) {
      snprintf(call->problem, sizeof call->problem,
               "`size=` is not a string literal, so the A100 variant is unknown");
      return NULL;
    }
    if (strcmp(value, "40GB") == 0) return "A100-40GB";
    if (strcmp(value, "80GB") == 0) return "A100-80GB";
    snprintf(call->problem, sizeof call->problem,
             "`size=` is neither \"40GB\" nor \"80GB\", and Modal rejected it with `ValueError`");
    return NULL;
  }
  if (!ts_node_is_null(call->memory)) {
    long memory;
    if (int_literal(ctx, call->memory, &memory) && (memory == 40 || memory == 80))
      return memory == 40 ? "A100-40GB" : "A100-80GB";
    snprintf(call->problem, sizeof call->problem,
             "`memory=` is not the literal 40 or 80, so the A100 variant is unknown");
    return NULL;
  }
  return "A100-40GB";
}

/* Whether `call` is a Modal API whose `gpu=` consumes the object and nothing else sees it: the
 * app decorators (also called directly), `with_options` on a Function or Cls,
 * `modal.Sandbox.create`, and the Image build steps (`run_function`, `pip_install`, ...). */
static bool takes_gpu(ml__ctx *ctx, TSNode call) {
  TSNode inner;
  if (ml__classify_app_decorator(ctx, call, &inner) != ML_APP_DECORATOR_NONE) return true;
  const ml__call *c = ml__call_of(ctx, call);
  if (!c) return false;
  if (c->resolves) return strcmp(c->qualname, "modal.Sandbox.create") == 0;
  if (ts_node_is_null(c->method)) return false;
  ml__type type = ml__call_receiver_type(ctx, c);
  return type == ML_TYPE_IMAGE || ((type == ML_TYPE_CLS || type == ML_TYPE_FUNCTION) &&
                                   ml__call_method_is(ctx, c, "with_options"));
}

/* `gpu=<node>` or `gpu=[..., <node>, ...]` of a call that `takes_gpu`. A `gpu=` of the user's own
 * function is not one: the object may be read there (`gpu.count`), which a string breaks. */
static bool is_gpu_argument(ml__ctx *ctx, TSNode node) {
  TSNode parent = ml__parent(ctx, node);
  ml__kind kind = ml__kind_of(ctx->syntax, parent);
  if (kind == ML_KIND_LIST || strcmp(ts_node_type(parent), "tuple") == 0) {
    node = parent;
    parent = ml__parent(ctx, parent);
    kind = ml__kind_of(ctx->syntax, parent);
  }
  if (kind != ML_KIND_KEYWORD_ARGUMENT || !is_field(parent, ctx->syntax->field_value, node) ||
      !ml__node_is_text(ctx->bytes, ml__child_by_field(ctx, parent, ctx->syntax->field_name),
                        "gpu"))
    return false;
  TSNode list = ml__parent(ctx, parent);
  return ml__kind_of(ctx->syntax, list) == ML_KIND_ARGUMENT_LIST &&
         takes_gpu(ctx, ml__parent(ctx, list));
}

static bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (unsigned char)c >= 0x80;
}

/* `NAME = <call>` (or `NAME = [..., <call>, ...]`) where every other mention of NAME in the file
 * is a rebinding (`NAME = ...`) or a `gpu=NAME` that `is_gpu_argument`, and there is at least one
 * of those: then the object only ever reaches Modal, and a string does the same there. Mentions
 * are found by text, like `is_used` below, so a use the semantic model would call another binding
 * still counts against the fix. */
static bool assigned_only_to_gpu(ml__ctx *ctx, TSNode call) {
  TSNode value = call, parent = ml__parent(ctx, call);
  if (ml__kind_of(ctx->syntax, parent) == ML_KIND_LIST) {
    value = parent;
    parent = ml__parent(ctx, parent);
  }
  if (ml__kind_of(ctx->syntax, parent) != ML_KIND_ASSIGNMENT ||
      !is_field(parent, ctx->syntax->field_right, value))
    return false;
  TSNode target = ml__child_by_field(ctx, parent, ctx->syntax->field_left);
  if (ml__kind_of(ctx->syntax, target) != ML_KIND_IDENTIFIER) return false;
  const char *bytes = ctx->bytes;
  uint32_t length = ts_node_end_byte(target) - ts_node_start_byte(target);
  /* A name error recovery invented (MISSING) has no text: searching for it would never advance. */
  if (length == 0) return false;
  const char *name = bytes + ts_node_start_byte(target);
  TSNode root = ts_tree_root_node(ctx->tree);
  const char *p = bytes, *end = bytes + ml_source_length(ctx->source);
  size_t gpu_uses = 0;
  while ((p = memmem(p, (size_t)(end - p), name, length)) != NULL) {
    uint32_t at = (uint32_t)(p - bytes);
    p += length;
    if ((at > 0 && is_word_char(bytes[at - 1])) || (p < end && is_word_char(*p))) continue;
    TSNode node = ts_node_named_descendant_for_byte_range(root, at, at + length);
    if (ml__kind_of(ctx->syntax, node) != ML_KIND_IDENTIFIER || ts_node_start_byte(node) != at ||
        ts_node_end_byte(node) != at + length || ts_node_eq(node, target))
      continue;
    TSNode up = ml__parent(ctx, node);
    ml__kind kind = ml__kind_of(ctx->syntax, up);
    if (kind == ML_KIND_KEYWORD_ARGUMENT && is_field(up, ctx->syntax->field_name, node)) continue;
    if (kind == ML_KIND_ASSIGNMENT && is_field(up, ctx->syntax->field_left, node)) continue;
    if (!is_gpu_argument(ctx, node)) return false;
    gpu_uses++;
  }
  return gpu_uses > 0;
}

static void check_call(ml__ctx *ctx, TSNode call, int gpu) {
  gpu_call args;
  read_arguments(ctx, call, gpu, &args);
  const char *type = args.problem[0] ? NULL : gpu_type(ctx, gpu, &args);
  if (!type) {
    ml__report_node(ctx, call, "`modal.gpu.%s(...)` is deprecated; pass the GPU type as a string "
                    "(no automatic fix: %s)", gpus[gpu].name, args.problem);
    return;
  }

  char replacement[300];
  ml_applicability applicability = ML_APPLICABILITY_SAFE;
  char reason[600] = "";
  long count = 1;
  if (ts_node_is_null(args.count) || int_literal(ctx, args.count, &count)) {
    if (count < 1) {
      ml__report_node(ctx, call, "`modal.gpu.%s(...)` is deprecated; pass the GPU type as a string "
                      "(no automatic fix: `count=` is less than 1)", gpus[gpu].name);
      return;
    }
    if (count == 1) snprintf(replacement, sizeof replacement, "\"%s\"", type);
    else snprintf(replacement, sizeof replacement, "\"%s:%ld\"", type, count);
  } else {
    /* A count only known at run time goes into an f-string; for 1 it gives "H100:1", which Modal
     * reads as one GPU. */
    uint32_t s = ts_node_start_byte(args.count), e = ts_node_end_byte(args.count);
    const char *text = ctx->bytes + s;
    size_t length = e - s;
    bool single = memchr(text, '\'', length) != NULL, dbl = memchr(text, '"', length) != NULL;
    bool awkward = length > 200 || (single && dbl);
    for (size_t i = 0; i < length; i++)
      if (strchr("\\{}#\r\n", text[i])) awkward = true;
    if (is_wrong_literal(ctx, args.count) || awkward) {
      ml__report_node(ctx, call, "`modal.gpu.%s(...)` is deprecated; pass the GPU type as a string "
                      "(no automatic fix: `count=` is %s)", gpus[gpu].name,
                      awkward ? "an expression that cannot go into an f-string unchanged"
                              : "not an integer");
      return;
    }
    char quote = dbl ? '\'' : '"';
    bool simple = is_simple_name(ctx, args.count);
    snprintf(replacement, sizeof replacement, "f%c%s:{%s%.*s%s}%c", quote, type, simple ? "" : "(",
             (int)length, text, simple ? "" : ")", quote);
    if (!simple) {
      applicability = ML_APPLICABILITY_UNSAFE;
      snprintf(reason, sizeof reason,
               "; the fix is unsafe because `count=` is an expression, not a name or literal, "
               "so modal-lint cannot tell that it is an `int`, and inside an f-string a value of "
               "another type fails differently");
    }
  }
  if (inside_string(ctx, call)) {
    ml__report_node(ctx, call, "`modal.gpu.%s(...)` is deprecated; pass the %s %s instead (no "
                    "automatic fix inside an f-string)", gpus[gpu].name,
                    replacement[0] == 'f' ? "f-string" : "string", replacement);
    return;
  }
  /* The object may flow into user code (a default value, another function's argument, a
   * variable read elsewhere), where `gpu.count` or `isinstance` would break on a string. */
  bool flows = !is_gpu_argument(ctx, call) && !assigned_only_to_gpu(ctx, call);
  if (flows) {
    size_t used = applicability == ML_APPLICABILITY_SAFE ? 0 : strlen(reason);
    snprintf(reason + used, sizeof reason - used,
             "%s the object is not passed straight to `gpu=` of a Modal API here, and code that "
             "reads it (`gpu.count`, `isinstance`) breaks when it becomes a string%s",
             used ? "; it is also unsafe because" : "; the fix is unsafe because",
             args.has_comment ? " (the fix also drops the comment inside the call)" : "");
    applicability = ML_APPLICABILITY_UNSAFE;
  } else if (args.has_comment && applicability == ML_APPLICABILITY_SAFE) {
    applicability = ML_APPLICABILITY_UNSAFE;
    snprintf(reason, sizeof reason, "; the fix is unsafe only because it drops the comment inside "
             "the call");
  }
  ml_diag *diag = ml__report_node(ctx, call,
                                  "`modal.gpu.%s(...)` is deprecated; pass the %s %s instead%s",
                                  gpus[gpu].name, replacement[0] == 'f' ? "f-string" : "string",
                                  replacement, reason);
  ml_fix *fix = ml__fix_begin(ctx, diag, applicability, "Replace with %s", replacement);
  ml__fix_edit(ctx, fix, ts_node_start_byte(call), ts_node_end_byte(call), replacement);
  ml__fix_end(ctx, diag);
}

/* A class named where a value goes: `gpu=modal.gpu.A100`, `A100 = modal.gpu.A100`. */
static void check_value(ml__ctx *ctx, TSNode node, int gpu) {
  TSNode parent = ml__parent(ctx, node);
  ml__kind parent_kind = ml__kind_of(ctx->syntax, parent);
  switch (parent_kind) {
    case ML_KIND_CALL:
      if (is_field(parent, ctx->syntax->field_function, node)) return; /* check_call's */
      break;
    case ML_KIND_ATTRIBUTE: /* `x.A100` is another name; `A100.mro()` too rare to judge */
    case ML_KIND_PARAMETERS:
    case ML_KIND_LAMBDA_PARAMETERS:
    case ML_KIND_TYPED_PARAMETER:
      return;
    case ML_KIND_KEYWORD_ARGUMENT:
    case ML_KIND_DEFAULT_PARAMETER:
    case ML_KIND_TYPED_DEFAULT_PARAMETER:
      if (is_field(parent, ctx->syntax->field_name, node)) return;
      break;
    case ML_KIND_ASSIGNMENT:
      if (is_field(parent, ctx->syntax->field_left, node)) return;
      break;
    default:
      break;
  }
  if (!is_gpu_argument(ctx, node)) {
    ml__report_node(ctx, node,
                    "`modal.gpu.%s` is deprecated; use the string \"%s\" wherever it is passed as "
                    "`gpu=` (no automatic fix: the class is used as a value here)",
                    gpus[gpu].name, gpus[gpu].string);
    return;
  }
  ml_diag *diag = ml__report_node(
      ctx, node,
      "`modal.gpu.%s` is deprecated, and the class itself (not an instance) was never a valid "
      "`gpu=` (Modal raised `InvalidError`); pass the string \"%s\" instead; the fix is unsafe "
      "because it turns that error into a working GPU request",
      gpus[gpu].name, gpus[gpu].string);
  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE, "Replace with \"%s\"",
                              gpus[gpu].string);
  char replacement[32];
  snprintf(replacement, sizeof replacement, "\"%s\"", gpus[gpu].string);
  ml__fix_edit(ctx, fix, ts_node_start_byte(node), ts_node_end_byte(node), replacement);
  ml__fix_end(ctx, diag);
}

/* Whether `node` is (part of) a type annotation: `gpu: modal.gpu`, `-> Optional[modal.gpu]`. */
static bool in_annotation(ml__ctx *ctx, TSNode node) {
  for (TSNode p = ml__parent(ctx, node); !ts_node_is_null(p); p = ml__parent(ctx, p)) {
    if (strcmp(ts_node_type(p), "type") == 0) return true;
    switch (ml__kind_of(ctx->syntax, p)) {
      case ML_KIND_SUBSCRIPT:
      case ML_KIND_ATTRIBUTE:
      case ML_KIND_OTHER: /* `a | b`, `generic_type`, `type_parameter`... */
        continue;
      default:
        return false;
    }
  }
  return false;
}

/* `modal.gpu` itself (or a private name in it, `modal.gpu._GPUConfig`) used as a type: once the
 * module is removed in 1.4.0 the annotation fails when it is evaluated. The right type is `str`,
 * but what the code does with the value is for its author to decide, so there is no fix.
 * `node` names `modal.gpu` or a name in it that is not one of `gpus`. */
static void check_module_annotation(ml__ctx *ctx, TSNode node) {
  TSNode parent = ml__parent(ctx, node);
  if (ml__kind_of(ctx->syntax, parent) == ML_KIND_ATTRIBUTE &&
      is_field(parent, ctx->syntax->field_object, node))
    return; /* the longer name is the finding */
  if (!in_annotation(ctx, node)) return;
  uint32_t start = ts_node_start_byte(node), length = ts_node_end_byte(node) - start;
  if (length > 60) length = 60;
  ml__report_node(ctx, node,
                  "`%.*s` is used as a type; once `modal.gpu` is gone this annotation fails "
                  "when it is evaluated, and GPU settings are strings now (annotate with `str`)",
                  (int)length, ctx->bytes + start);
}

/* --- imports ---------------------------------------------------------------------------------- */

/* Whether `name` is used anywhere outside `statement`. Every whole-word occurrence is looked up in
 * the tree (no extra walk): text in strings and comments, keyword names (`gpu=`), attribute
 * names (`modal.gpu`) and names in imports are not uses; any other identifier is, even one the semantic model would
 * call a different binding, so that removing the import can never break code. */
static bool is_used(ml__ctx *ctx, TSNode statement, const char *name, uint32_t length) {
  const char *bytes = ctx->bytes;
  uint32_t size = ml_source_length(ctx->source);
  uint32_t skip_start = ts_node_start_byte(statement), skip_end = ts_node_end_byte(statement);
  TSNode root = ts_tree_root_node(ctx->tree);
  /* A name with no text (MISSING, from error recovery) cannot be searched for: count it as used,
   * which keeps the import. */
  if (length == 0) return true;
  const char *p = bytes, *end = bytes + size;
  while ((p = memmem(p, (size_t)(end - p), name, length)) != NULL) {
    uint32_t at = (uint32_t)(p - bytes);
    p += length;
    if ((at > 0 && is_word_char(bytes[at - 1])) || (p < end && is_word_char(*p))) continue;
    if (at >= skip_start && at < skip_end) continue;
    TSNode node = ts_node_named_descendant_for_byte_range(root, at, at + length);
    if (ml__kind_of(ctx->syntax, node) != ML_KIND_IDENTIFIER || ts_node_start_byte(node) != at ||
        ts_node_end_byte(node) != at + length)
      continue;
    TSNode parent = ml__parent(ctx, node);
    ml__kind kind = ml__kind_of(ctx->syntax, parent);
    if (kind == ML_KIND_KEYWORD_ARGUMENT && is_field(parent, ctx->syntax->field_name, node))
      continue;
    if (kind == ML_KIND_ATTRIBUTE && is_field(parent, ctx->syntax->field_attribute, node)) continue;
    if (kind == ML_KIND_DOTTED_NAME) continue; /* a name in another import binds, it does not use */
    return true;
  }
  return false;
}

/* The whole statement's lines, when it is alone on them and removing it leaves valid code. */
static bool statement_removal(ml__ctx *ctx, TSNode statement, uint32_t *start, uint32_t *end) {
  const char *bytes = ctx->bytes;
  uint32_t size = ml_source_length(ctx->source);
  uint32_t s = ts_node_start_byte(statement), e = ts_node_end_byte(statement);
  while (s > 0 && (bytes[s - 1] == ' ' || bytes[s - 1] == '\t')) s--;
  if (s > 0 && bytes[s - 1] != '\n') return false;
  while (e < size && (bytes[e] == ' ' || bytes[e] == '\t')) e++;
  if (e < size && bytes[e] == '\r') e++;
  if (e < size && bytes[e] != '\n') return false; /* a `;`, or a comment we would lose */
  if (e < size) e++;
  /* The only statement of a block cannot go: `if TYPE_CHECKING:` would be left empty. */
  TSNode parent = ml__parent(ctx, statement);
  if (ml__kind_of(ctx->syntax, parent) == ML_KIND_BLOCK) {
    uint32_t statements = 0, count = ts_node_named_child_count(parent);
    for (uint32_t i = 0; i < count; i++)
      if (ml__kind_of(ctx->syntax, ts_node_named_child(parent, i)) != ML_KIND_COMMENT) statements++;
    if (statements < 2) return false;
  }
  *start = s;
  *end = e;
  return true;
}

/* The import items (dotted names or aliased imports) of `statement` and which reach modal.gpu. */
typedef struct import_item {
  TSNode item, local; /* local: the name it binds, or null for `import modal.gpu` */
  bool is_gpu;
} import_item;

#define MAX_ITEMS 64

static size_t read_items(ml__ctx *ctx, TSNode statement, import_item *items, bool *wildcard) {
  bool from = ml__kind_of(ctx->syntax, statement) == ML_KIND_IMPORT_FROM_STATEMENT;
  TSNode module = ml__child_by_field(ctx, statement, ctx->syntax->field_module_name);
  bool from_gpu = from && ml__node_is_text(ctx->bytes, module, "modal.gpu");
  bool from_modal = from && ml__node_is_text(ctx->bytes, module, "modal");
  size_t n = 0;
  *wildcard = false;
  uint32_t count = ts_node_named_child_count(statement);
  for (uint32_t i = 0; i < count && n < MAX_ITEMS; i++) {
    TSNode item = ts_node_named_child(statement, i);
    ml__kind kind = ml__kind_of(ctx->syntax, item);
    if (from && ts_node_eq(item, module)) continue;
    if (kind == ML_KIND_WILDCARD_IMPORT) {
      *wildcard = from_gpu;
      continue;
    }
    if (kind != ML_KIND_DOTTED_NAME && kind != ML_KIND_ALIASED_IMPORT) continue;
    TSNode name = kind == ML_KIND_ALIASED_IMPORT
                      ? ml__child_by_field(ctx, item, ctx->syntax->field_name)
                      : item;
    TSNode alias = kind == ML_KIND_ALIASED_IMPORT
                       ? ml__child_by_field(ctx, item, ctx->syntax->field_alias)
                       : (TSNode){{0}, 0, 0};
    import_item *out = &items[n++];
    out->item = item;
    out->local = ts_node_is_null(alias) ? name : alias;
    if (from) {
      out->is_gpu = from_gpu || (from_modal && ml__node_is_text(ctx->bytes, name, "gpu"));
    } else {
      uint32_t s = ts_node_start_byte(name), e = ts_node_end_byte(name);
      out->is_gpu = (e - s == 9 && memcmp(ctx->bytes + s, "modal.gpu", 9) == 0) ||
                    (e - s > 9 && memcmp(ctx->bytes + s, "modal.gpu.", 10) == 0);
      if (ts_node_is_null(alias)) out->local = (TSNode){{0}, 0, 0}; /* binds `modal` */
    }
  }
  return n;
}

static void check_import(ml__ctx *ctx, TSNode statement) {
  import_item items[MAX_ITEMS];
  bool wildcard;
  size_t n = read_items(ctx, statement, items, &wildcard);
  if (wildcard)
    ml__report_node(ctx, statement, IMPORT_MESSAGE " (no automatic fix for a `*` import)");
  bool unused[MAX_ITEMS];
  bool all_unused_gpu = n > 0;
  for (size_t i = 0; i < n; i++) {
    unused[i] = false;
    if (items[i].is_gpu && !ts_node_is_null(items[i].local)) {
      uint32_t s = ts_node_start_byte(items[i].local), e = ts_node_end_byte(items[i].local);
      unused[i] = !is_used(ctx, statement, ctx->bytes + s, e - s);
    }
    if (!unused[i]) all_unused_gpu = false;
  }
  uint32_t whole_start = 0, whole_end = 0;
  bool remove_whole = all_unused_gpu && statement_removal(ctx, statement, &whole_start, &whole_end);
  for (size_t i = 0; i < n; i++) {
    if (!items[i].is_gpu) continue;
    if (ts_node_is_null(items[i].local)) {
      /* `import modal.gpu` binds `modal`, which the file may use for much else; `import modal`
       * binds the same name and still reaches `modal.gpu` while it exists. */
      ml_diag *diag = ml__report_node(ctx, items[i].item, IMPORT_MESSAGE);
      ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Import `modal` instead");
      ml__fix_edit(ctx, fix, ts_node_start_byte(items[i].item), ts_node_end_byte(items[i].item),
                   "modal");
      ml__fix_end(ctx, diag);
      continue;
    }
    if (!unused[i]) {
      ml__report_node(ctx, items[i].item, IMPORT_MESSAGE "; remove this import once its uses are "
                      "replaced");
      continue;
    }
    uint32_t s, e;
    if (remove_whole) {
      s = whole_start;
      e = whole_end;
    } else if (n > 1) {
      ml__argument_removal_range(ctx->bytes, items[i].item, &s, &e);
    } else {
      ml__report_node(ctx, items[i].item, IMPORT_MESSAGE " (no automatic fix: the import is not "
                      "alone on its line or is the only statement of its block)");
      continue;
    }
    ml_diag *diag = ml__report_node(ctx, items[i].item, IMPORT_MESSAGE);
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Remove the unused import");
    ml__fix_edit(ctx, fix, s, e, "");
    ml__fix_end(ctx, diag);
  }
}

static void visit(ml__ctx *ctx, TSNode node) {
  int gpu;
  switch (ml__kind_of(ctx->syntax, node)) {
    case ML_KIND_IMPORT_STATEMENT:
    case ML_KIND_IMPORT_FROM_STATEMENT:
      check_import(ctx, node);
      return;
    case ML_KIND_CALL: {
      TSNode callee = ml__child_by_field(ctx, node, ctx->syntax->field_function);
      if (ts_node_is_null(callee) || (gpu = gpu_class(ctx, callee)) < 0) return;
      /* Anything but a direct `gpu=` waits for the whole file: a variable's reads may come
       * before the App they go to is bound (`GPU = gpu.A100()` above `app = modal.App()`). */
      if (is_gpu_argument(ctx, node)) check_call(ctx, node, gpu);
      else ml__mark_node(ctx, node, gpu);
      return;
    }
    default: {
      /* Identifiers and attributes: most name nothing in `modal.gpu`, which settles it. */
      char qualname[256];
      if (!ml__qualname(ctx, node, qualname, sizeof qualname) || !in_gpu_module(qualname)) return;
      if ((gpu = gpu_index(qualname)) >= 0) check_value(ctx, node, gpu);
      else check_module_annotation(ctx, node);
      return;
    }
  }
}

static void finish(ml__ctx *ctx) {
  size_t cursor = 0;
  for (const ml__mark *mark; !ctx->error && (mark = ml__mark_next(ctx, &cursor));)
    check_call(ctx, mark->node, mark->tag);
}

static const ml__kind kinds[] = {ML_KIND_CALL, ML_KIND_ATTRIBUTE, ML_KIND_IDENTIFIER,
                                 ML_KIND_IMPORT_STATEMENT, ML_KIND_IMPORT_FROM_STATEMENT};
static const char *const triggers[] = {"gpu", NULL};

const ml__rule_impl ml__rule_mdl122 = {
    .info = ML__RULE_INFO_MDL122,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
    .finish = finish,
};
