/* MDL118 lookup-to-from-name (catalogue A-18): the eager `X.lookup(...)` constructors, replaced by
 * the lazy `X.from_name(...)` (plus `.hydrate()` to stay eager). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../calls.h"
#include "../strbuf.h"
#include "rules.h"

#define MAX_PARAMETERS 6

/* Each class's `lookup` parameters in order (v1.0.0), so positional arguments after the name(s)
 * can be given their keyword: `from_name` takes them keyword-only (0.74.23). Every name listed is
 * also accepted by `from_name`, except `client`, which only `hydrate` takes. */
static const struct {
  const char *qualname;   /* "modal.Function.lookup" */
  const char *class_name; /* as messages show it */
  const char *parameters[MAX_PARAMETERS];
} classes[] = {
    {"modal.Function.lookup",
     "modal.Function",
     {"app_name", "name", "namespace", "client", "environment_name"}},
    {"modal.Cls.lookup",
     "modal.Cls",
     {"app_name", "name", "namespace", "client", "environment_name"}},
    {"modal.Dict.lookup",
     "modal.Dict",
     {"name", "data", "namespace", "client", "environment_name", "create_if_missing"}},
    {"modal.Queue.lookup",
     "modal.Queue",
     {"name", "namespace", "client", "environment_name", "create_if_missing"}},
    {"modal.Volume.lookup",
     "modal.Volume",
     {"name", "namespace", "client", "environment_name", "create_if_missing", "version"}},
    {"modal.Secret.lookup",
     "modal.Secret",
     {"name", "namespace", "client", "environment_name", "required_keys"}},
    {"modal.NetworkFileSystem.lookup",
     "modal.NetworkFileSystem",
     {"name", "namespace", "client", "environment_name", "create_if_missing"}},
    {"modal.Mount.lookup", "modal.Mount", {"name", "namespace", "client", "environment_name"}},
    {"modal.Environment.lookup",
     "modal.environments.Environment",
     {"name", "client", "create_if_missing"}},
};

/* How many leading parameters stay positional in `from_name`: the name(s), which are the
 * parameters called `app_name` and `name`. */
static uint32_t name_count(size_t class_index) {
  return strcmp(classes[class_index].parameters[0], "app_name") == 0 ? 2 : 1;
}

static int parameter_index(size_t class_index, const char *bytes, TSNode key) {
  for (int i = 0; i < MAX_PARAMETERS && classes[class_index].parameters[i]; i++)
    if (ml__node_is_text(bytes, key, classes[class_index].parameters[i])) return i;
  return -1;
}

/* The entry of the class whose `lookup` the call `call` resolves to, or -1. */
static int find_class(const ml__call *call) {
  if (!call->resolves) return -1;
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
    if (strcmp(call->qualname, classes[i].qualname) == 0) return (int)i;
  return -1;
}

/* Builds the fix's argument edits and the text of the `.hydrate(...)` arguments (`client=`, which
 * `from_name` lacks until 1.2.2). Returns false when the call cannot be rewritten exactly: an
 * argument this `lookup` never accepted, one given twice, too many positionals. */
static bool convert_arguments(ml__ctx *ctx, ml_fix *fix, size_t class_index, TSNode call,
                              ml__strbuf *hydrate_args) {
  TSNode args = ml__child_by_field(ctx, call, ctx->syntax->field_arguments);
  if (ts_node_is_null(args)) return false;
  uint32_t count = ts_node_named_child_count(args);
  uint32_t positional = 0;
  bool seen[MAX_PARAMETERS] = {false};
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(args, i);
    ml__kind kind = ml__kind_of(ctx->syntax, arg);
    if (kind == ML_KIND_COMMENT) continue;
    int index;
    TSNode value = arg;
    if (kind == ML_KIND_KEYWORD_ARGUMENT) {
      TSNode key = ml__child_by_field(ctx, arg, ctx->syntax->field_name);
      value = ml__child_by_field(ctx, arg, ctx->syntax->field_value);
      if (ts_node_is_null(key) || ts_node_is_null(value)) return false;
      index = parameter_index(class_index, ctx->bytes, key);
    } else {
      index = (int)positional++;
      if (index >= MAX_PARAMETERS || !classes[class_index].parameters[index]) index = -1;
    }
    if (index < 0 || seen[index]) return false;
    seen[index] = true;
    const char *parameter = classes[class_index].parameters[index];
    if (strcmp(parameter, "client") == 0) {
      uint32_t start, end;
      ml__argument_removal_range(ctx->bytes, arg, &start, &end);
      ml__fix_edit(ctx, fix, start, end, "");
      ml__strbuf_append_str(hydrate_args, "client=");
      ml__strbuf_append(hydrate_args, ctx->bytes + ts_node_start_byte(value),
                        ts_node_end_byte(value) - ts_node_start_byte(value));
    } else if (kind != ML_KIND_KEYWORD_ARGUMENT && (uint32_t)index >= name_count(class_index)) {
      char keyword[64];
      snprintf(keyword, sizeof keyword, "%s=", parameter);
      ml__fix_edit(ctx, fix, ts_node_start_byte(arg), ts_node_start_byte(arg), keyword);
    }
  }
  return true;
}

static void check_call(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || !ml__call_method_is(ctx, c, "lookup")) return;
  bool is_aio = c->is_aio;
  TSNode method = c->method, full_callee = c->function;
  int found = find_class(c);
  if (found < 0) return;
  size_t class_index = (size_t)found;
  const char *name = classes[class_index].class_name;
  const char *hydrate = is_aio ? "hydrate.aio" : "hydrate";

  ml_diag *diag = ml__report_node(ctx, full_callee,
                                  "`%s.lookup%s` is deprecated; use `%s.from_name(...)` (lazy; "
                                  "append `.%s()` to keep it eager)",
                                  name, is_aio ? ".aio" : "", name, hydrate);
  bool has_splat;
  ml__call_positional_count(ctx->syntax, call, &has_splat);
  if (!diag || has_splat) return; /* which parameters `*args` fills is unknown */

  /* A dry run without a fix first, so that a call that cannot be rewritten exactly gets no
   * half-made fix. */
  ml__strbuf hydrate_args;
  ml__strbuf_init(&hydrate_args);
  bool ok = convert_arguments(ctx, NULL, class_index, call, &hydrate_args);
  ml__strbuf_free(&hydrate_args);
  if (!ok) return;

  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                              "Replace `.lookup%s(...)` with `.from_name(...).%s()`",
                              is_aio ? ".aio" : "", hydrate);
  if (!fix) return;
  convert_arguments(ctx, fix, class_index, call, &hydrate_args);
  /* `.lookup.aio` becomes `.from_name`: `from_name` is synchronous and has no `.aio`. */
  ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_end_byte(full_callee), "from_name");
  ml__strbuf text;
  ml__strbuf_init(&text);
  ml__strbuf_printf(&text, ".%s(%s)", hydrate, hydrate_args.data ? hydrate_args.data : "");
  char *suffix = hydrate_args.failed ? NULL : ml__strbuf_take(&text);
  ml__strbuf_free(&text);
  ml__strbuf_free(&hydrate_args);
  if (!suffix) {
    ctx->error = -1;
    return;
  }
  ml__fix_edit(ctx, fix, ts_node_end_byte(call), ts_node_end_byte(call), suffix);
  free(suffix);
  ml__fix_end(ctx, diag);
}

static void visit(ml__ctx *ctx, TSNode node) { check_call(ctx, node); }

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"lookup", NULL};

const ml__rule_impl ml__rule_mdl118 = {
    .info = ML__RULE_INFO_MDL118,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
