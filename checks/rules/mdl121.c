/* MDL121 function-from-name-cls-method (catalogue A-21): a method looked up as a Function,
 * `modal.Function.from_name("app", "Cls.method")`, instead of through its class,
 * `modal.Cls.from_name("app", "Cls")().method`.
 *
 * The fix keeps the constructor (`from_name` or `lookup`, with `.aio`) and its other arguments:
 * `Cls.from_name`/`Cls.lookup` take the same ones as their Function counterparts, and MDL118 then
 * migrates a `lookup` on its own. */
#include <stdio.h>
#include <string.h>

#include "../calls.h"
#include "../imports.h"
#include "../pystring.h"
#include "rules.h"

static bool is_identifier(const char *text, size_t length) {
  if (length == 0 || (text[0] >= '0' && text[0] <= '9')) return false;
  for (size_t i = 0; i < length; i++) {
    char c = text[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_';
    if (!ok) return false;
  }
  return true;
}

/* The argument that gives the object name: `name=` or the second positional. */
static TSNode name_argument(ml__ctx *ctx, TSNode call) {
  TSNode keyword = ml__call_keyword(ctx, call, "name");
  if (!ts_node_is_null(keyword)) return ml__child_by_field(ctx, keyword, ctx->syntax->field_value);
  return ml__call_positional(ctx->syntax, call, 1);
}

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  if (!c || ts_node_is_null(c->method) || !c->resolves) return;
  bool is_aio = c->is_aio;
  TSNode receiver = c->receiver; /* `modal.Function` */
  const char *constructor;
  if (strcmp(c->qualname, "modal.Function.from_name") == 0 && !is_aio)
    constructor = "from_name";
  else if (strcmp(c->qualname, "modal.Function.lookup") == 0)
    constructor = "lookup";
  else
    return;
  TSNode value = name_argument(ctx, call);
  if (ts_node_is_null(value) || ml__kind_of(ctx->syntax, value) != ML_KIND_STRING) return;
  char name[256];
  size_t length;
  /* A name modal-lint cannot read (an f-string, an escape it does not decode) is not known to
   * hold a dot; it is left alone. */
  if (!ml__pystring_value(ctx->syntax, ctx->bytes, value, name, sizeof name, &length)) return;
  char *dot = memchr(name, '.', length);
  if (!dot) return;
  /* Modal splits at the first dot: the class, then the method. */
  size_t class_length = (size_t)(dot - name);
  const char *method = dot + 1;
  size_t method_length = length - class_length - 1;

  ml_diag *diag = ml__report_node(ctx, call,
                                  "`modal.Function.%s%s` looks up method `%.*s` of class `%.*s` "
                                  "as a Function; look the class up with `modal.Cls.%s%s(app, "
                                  "\"%.*s\")` and take the method from an instance: `...()%s%.*s`",
                                  constructor, is_aio ? ".aio" : "", (int)method_length, method,
                                  (int)class_length, name, constructor, is_aio ? ".aio" : "",
                                  (int)class_length, name, ".", (int)method_length, method);
  if (!diag || class_length == 0 || !is_identifier(method, method_length)) return;
  TSNode await_node = ml__parent(ctx, call);
  /* `await X.lookup.aio(...)().m` would await the method, not the lookup: the awaited call is
   * parenthesised, which needs the `await` right around it. */
  if (is_aio && (ts_node_is_null(await_node) ||
                 ml__kind_of(ctx->syntax, await_node) != ML_KIND_AWAIT))
    return;

  char class_name[256];
  char literal[300];
  memcpy(class_name, name, class_length);
  class_name[class_length] = '\0';
  char quote = ml__pystring_quote_char(ctx->syntax, ctx->bytes, value);
  if (!ml__pystring_write(class_name, class_length, quote, literal, sizeof literal)) return;
  char spelling[128];
  if (!ml__fix_modal_name(ctx, NULL, "Cls", spelling, sizeof spelling)) return;

  ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE,
                              "Look the class up with `%s.%s` and instantiate it", spelling,
                              constructor);
  if (!fix) return;
  ml__fix_modal_name(ctx, fix, "Cls", spelling, sizeof spelling);
  ml__fix_edit(ctx, fix, ts_node_start_byte(receiver), ts_node_end_byte(receiver), spelling);
  ml__fix_edit(ctx, fix, ts_node_start_byte(value), ts_node_end_byte(value), literal);
  char suffix[300];
  snprintf(suffix, sizeof suffix, "%s().%.*s", is_aio ? ")" : "", (int)method_length, method);
  if (is_aio) ml__fix_edit(ctx, fix, ts_node_start_byte(await_node), ts_node_start_byte(await_node),
                           "(");
  uint32_t end = ts_node_end_byte(is_aio ? await_node : call);
  ml__fix_edit(ctx, fix, end, end, suffix);
  ml__fix_end(ctx, diag);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
/* `modal.Function.from_name` / `.lookup` name the class in every spelling (an alias is bound
 * from it). */
static const char *const triggers[] = {"Function", NULL};

const ml__rule_impl ml__rule_mdl121 = {
    .info = ML__RULE_INFO_MDL121,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
