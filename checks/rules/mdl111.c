/* MDL111 automount (catalogue A-11): until 1.0 Modal mounted every local module an App imported
 * ("automounting"); from 1.0.0 only the App's own module or package is sent, and any other local
 * module must be added with `Image.add_local_python_source("name")` or the container fails with
 * `ModuleNotFoundError`.
 *
 * Which imports are local depends on the files around the app, which only the front end can see:
 * it passes the project's first-party top-level modules and the file's own package in
 * ml_file_info (modallint/project.h). Without them the rule reports nothing.
 *
 * The walk notes (ml__mark_node) the App constructors, the imports of first-party modules, the
 * `add_local_python_source(...)` calls and the app decorators; `finish` decides, since a call
 * anywhere in the file may cover an import written before it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/project.h"

#include "../calls.h"
#include "../pystring.h"
#include "../strbuf.h"
#include "rules.h"

#define METHOD "add_local_python_source"
/* More distinct images or modules than this in one app file is not worth a fix. */
#define MAX_IMAGES 8
#define MAX_COVERED 64
#define MAX_NAME 128

enum { MARK_APP = 1, MARK_IMPORT, MARK_COVER, MARK_DECORATOR };

/* The first identifier of a dotted name: the top-level module `import a.b.c` needs. */
static TSNode top_name(TSNode dotted) { return ts_node_named_child(dotted, 0); }

/* True when `name` is first-party and not the package Modal already includes with the App. */
static bool is_local_module(ml__ctx *ctx, TSNode name) {
  uint32_t start = ts_node_start_byte(name), length = ts_node_end_byte(name) - start;
  const char *own = ctx->file->module;
  if (own && strlen(own) == length && memcmp(own, ctx->bytes + start, length) == 0) return false;
  return ml_project_has_module(ctx->file->project, ctx->bytes + start, length);
}

/* Calls `each` for every absolute module an import statement names (`import a.b, c as d` names
 * a.b and c; `from a.b import x` names a.b; relative imports stay inside the App's package). */
typedef void (*module_fn)(ml__ctx *ctx, TSNode dotted, void *data);

static void for_each_module(ml__ctx *ctx, TSNode statement, module_fn each, void *data) {
  if (ml__kind_of(ctx->syntax, statement) == ML_KIND_IMPORT_FROM_STATEMENT) {
    TSNode module = ts_node_child_by_field_id(statement, ctx->syntax->field_module_name);
    if (!ts_node_is_null(module) && ml__kind_of(ctx->syntax, module) == ML_KIND_DOTTED_NAME)
      each(ctx, module, data);
    return;
  }
  uint32_t count = ts_node_named_child_count(statement);
  for (uint32_t i = 0; i < count; i++) {
    TSNode item = ts_node_named_child(statement, i);
    if (ml__kind_of(ctx->syntax, item) == ML_KIND_ALIASED_IMPORT)
      item = ts_node_child_by_field_id(item, ctx->syntax->field_name);
    if (!ts_node_is_null(item) && ml__kind_of(ctx->syntax, item) == ML_KIND_DOTTED_NAME)
      each(ctx, item, data);
  }
}

static void note_local(ml__ctx *ctx, TSNode dotted, void *data) {
  if (is_local_module(ctx, top_name(dotted))) *(bool *)data = true;
}

static bool is_method_call(ml__ctx *ctx, TSNode call, const char *name) {
  const ml__call *c = ml__call_of(ctx, call);
  return c && !c->is_aio && ml__call_method_is(ctx, c, name);
}

static void visit(ml__ctx *ctx, TSNode node) {
  if (ml_project_module_count(ctx->file->project) == 0) return;
  switch (ml__kind_of(ctx->syntax, node)) {
    case ML_KIND_IMPORT_STATEMENT:
    case ML_KIND_IMPORT_FROM_STATEMENT: {
      bool local = false;
      for_each_module(ctx, node, note_local, &local);
      if (local) ml__mark_node(ctx, node, MARK_IMPORT);
      return;
    }
    case ML_KIND_CALL:
      /* Any receiver: an Image built in another module (`from common import image`) counts, and
       * treating an unrelated method of that name as coverage only costs a missed finding. */
      if (is_method_call(ctx, node, METHOD)) ml__mark_node(ctx, node, MARK_COVER);
      else if (ml__type_of(ctx, node) == ML_TYPE_APP) ml__mark_node(ctx, node, MARK_APP);
      return;
    case ML_KIND_DECORATED_DEFINITION: {
      uint32_t count = ts_node_named_child_count(node);
      for (uint32_t i = 0; i < count; i++) {
        TSNode decorator = ts_node_named_child(node, i);
        if (ml__kind_of(ctx->syntax, decorator) != ML_KIND_DECORATOR) continue;
        TSNode call;
        if (ml__classify_app_decorator(ctx, ml__decorator_expression(decorator), &call) !=
            ML_APP_DECORATOR_NONE)
          ml__mark_node(ctx, decorator, MARK_DECORATOR);
      }
      return;
    }
    default:
      return;
  }
}

/* --- coverage ----------------------------------------------------------------------------- */

typedef struct coverage {
  char names[MAX_COVERED][MAX_NAME]; /* top-level names given to add_local_python_source */
  size_t count;
  bool everything; /* an argument could not be read: it might name anything */
} coverage;

static void add_covered(coverage *covered, const char *value, size_t length) {
  const char *dot = memchr(value, '.', length);
  size_t top = dot ? (size_t)(dot - value) : length;
  if (covered->count == MAX_COVERED || top >= MAX_NAME) {
    covered->everything = true;
    return;
  }
  memcpy(covered->names[covered->count], value, top);
  covered->names[covered->count][top] = '\0';
  covered->count++;
}

/* `add_local_python_source(*modules, copy=False, ignore=...)`: every positional is a module. */
static void read_coverage(ml__ctx *ctx, TSNode call, coverage *covered) {
  TSNode list = ts_node_child_by_field_id(call, ctx->syntax->field_arguments);
  if (ts_node_is_null(list)) return;
  uint32_t count = ts_node_named_child_count(list);
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(list, i);
    ml__kind kind = ml__kind_of(ctx->syntax, arg);
    if (kind == ML_KIND_COMMENT || kind == ML_KIND_KEYWORD_ARGUMENT) continue;
    char value[MAX_NAME];
    size_t length;
    if (kind == ML_KIND_STRING &&
        ml__pystring_value(ctx->syntax, ctx->bytes, arg, value, sizeof value, &length))
      add_covered(covered, value, length);
    else
      covered->everything = true;
  }
}

static bool is_covered(const coverage *covered, const char *name, size_t length) {
  for (size_t i = 0; i < covered->count; i++)
    if (strlen(covered->names[i]) == length && memcmp(covered->names[i], name, length) == 0)
      return true;
  return false;
}

/* --- the image of the app's functions ------------------------------------------------------ */

typedef struct image_plan {
  TSNode targets[MAX_IMAGES]; /* Image expressions to append to, in text order, distinct */
  size_t count;
  bool fixable;               /* every function's image is one of `targets` */
  char name[MAX_NAME];        /* the name of the image when there is exactly one named image */
} image_plan;

/* The right-hand side of the last module-level `name = <Image>` before `before`, or a null node. */
static TSNode image_definition(ml__ctx *ctx, TSNode identifier, uint32_t before) {
  TSNode null_node = {{0}, 0, 0}, found = null_node;
  TSNode statement;
  ml__children statements;
  ml__children_begin(&statements, &ctx->cursors, ts_tree_root_node(ctx->tree));
  while (ml__children_next(&statements, &statement)) {
    if (ts_node_start_byte(statement) >= before) break;
    if (ml__kind_of(ctx->syntax, statement) != ML_KIND_EXPRESSION_STATEMENT) continue;
    TSNode assignment = ts_node_named_child(statement, 0);
    if (ml__kind_of(ctx->syntax, assignment) != ML_KIND_ASSIGNMENT) continue;
    TSNode left = ts_node_child_by_field_id(assignment, ctx->syntax->field_left);
    TSNode right = ts_node_child_by_field_id(assignment, ctx->syntax->field_right);
    if (ts_node_is_null(right) || ml__kind_of(ctx->syntax, left) != ML_KIND_IDENTIFIER) continue;
    uint32_t start = ts_node_start_byte(identifier);
    uint32_t length = ts_node_end_byte(identifier) - start;
    if (ts_node_end_byte(left) - ts_node_start_byte(left) == length &&
        memcmp(ctx->bytes + ts_node_start_byte(left), ctx->bytes + start, length) == 0)
      found = ml__type_of(ctx, right) == ML_TYPE_IMAGE ? right : null_node;
  }
  ml__children_end(&statements);
  return found;
}

/* Adds the Image expression `image` (used at offset `use`) to the plan, or marks it unfixable. */
static void plan_image(ml__ctx *ctx, image_plan *plan, TSNode image, uint32_t use) {
  TSNode target = image;
  if (ml__kind_of(ctx->syntax, image) == ML_KIND_IDENTIFIER) {
    target = image_definition(ctx, image, use);
    uint32_t start = ts_node_start_byte(image), length = ts_node_end_byte(image) - start;
    if (plan->count == 0 && length < MAX_NAME) {
      memcpy(plan->name, ctx->bytes + start, length);
      plan->name[length] = '\0';
    }
  } else if (ml__type_of(ctx, image) != ML_TYPE_IMAGE) {
    target = (TSNode){{0}, 0, 0};
  }
  if (ts_node_is_null(target)) {
    plan->fixable = false;
    return;
  }
  for (size_t i = 0; i < plan->count; i++)
    if (ts_node_eq(plan->targets[i], target)) return;
  if (plan->count == MAX_IMAGES) {
    plan->fixable = false;
    return;
  }
  plan->targets[plan->count++] = target;
  if (plan->count > 1) plan->name[0] = '\0';
}

static TSNode image_keyword(ml__ctx *ctx, TSNode call) {
  TSNode null_node = {{0}, 0, 0};
  if (ts_node_is_null(call)) return null_node;
  TSNode keyword = ml__call_keyword(ctx, call, "image");
  return ts_node_is_null(keyword) ? null_node
                                  : ts_node_child_by_field_id(keyword, ctx->syntax->field_value);
}

/* Which Images the app's functions run in: `image=` of each `@app.function`/`@app.cls`, else the
 * App's `image=`. A function on Modal's default image, or an image that is not an Image expression
 * or a name bound to one in this file, leaves nothing to append to. */
static void plan_images(ml__ctx *ctx, image_plan *plan) {
  memset(plan, 0, sizeof *plan);
  plan->fixable = true;
  size_t apps = 0, cursor = 0;
  TSNode app_image = {{0}, 0, 0};
  uint32_t app_at = 0;
  for (const ml__mark *mark; (mark = ml__mark_next(ctx, &cursor));) {
    if (mark->tag != MARK_APP) continue;
    apps++;
    app_image = image_keyword(ctx, mark->node);
    app_at = ts_node_start_byte(mark->node);
  }
  bool any_function = false;
  cursor = 0;
  for (const ml__mark *mark; (mark = ml__mark_next(ctx, &cursor));) {
    if (mark->tag != MARK_DECORATOR) continue;
    any_function = true;
    TSNode expression = ml__decorator_expression(mark->node);
    TSNode call = ml__kind_of(ctx->syntax, expression) == ML_KIND_CALL ? expression
                                                                       : (TSNode){{0}, 0, 0};
    TSNode image = image_keyword(ctx, call);
    if (!ts_node_is_null(image)) plan_image(ctx, plan, image, ts_node_start_byte(mark->node));
    else if (apps == 1 && !ts_node_is_null(app_image)) plan_image(ctx, plan, app_image, app_at);
    else plan->fixable = false;
  }
  if (!any_function) {
    if (apps == 1 && !ts_node_is_null(app_image)) plan_image(ctx, plan, app_image, app_at);
    else plan->fixable = false;
  }
  if (plan->count == 0) plan->fixable = false;
}

/* Where `.add_local_python_source(...)` goes after the Image expression `image`, and the text that
 * keeps its layout: inside the parentheses of a parenthesized chain, on a new line when the chain
 * puts each `.method(...)` on its own line. */
static void append_edit(ml__ctx *ctx, ml_fix *fix, TSNode image, const char *module) {
  TSNode last = image;
  if (ml__kind_of(ctx->syntax, image) == ML_KIND_PARENTHESIZED_EXPRESSION) {
    uint32_t count = ts_node_named_child_count(image);
    for (uint32_t i = count; i-- > 0;) {
      TSNode child = ts_node_named_child(image, i);
      if (ml__kind_of(ctx->syntax, child) != ML_KIND_COMMENT) {
        last = child;
        break;
      }
    }
  }
  uint32_t at = ts_node_end_byte(last);
  ml__strbuf text;
  ml__strbuf_init(&text);
  TSNode callee = ml__kind_of(ctx->syntax, last) == ML_KIND_CALL
                      ? ts_node_child_by_field_id(last, ctx->syntax->field_function)
                      : (TSNode){{0}, 0, 0};
  bool own_line = false;
  if (!ts_node_is_null(callee) && ml__kind_of(ctx->syntax, callee) == ML_KIND_ATTRIBUTE) {
    TSNode method = ts_node_child_by_field_id(callee, ctx->syntax->field_attribute);
    uint32_t dot = ts_node_start_byte(method);
    while (dot > 0 && ctx->bytes[dot - 1] != '.') dot--;
    if (dot > 0) dot--;
    uint32_t line = ml_source_position(ctx->source, dot, ML_COLUMN_UTF8).line;
    uint32_t line_start = ml_source_line_start(ctx->source, line);
    own_line = true;
    for (uint32_t p = line_start; p < dot; p++)
      if (ctx->bytes[p] != ' ' && ctx->bytes[p] != '\t') own_line = false;
    if (own_line) {
      ml__strbuf_append_str(&text, ml_source_newline(ctx->source));
      ml__strbuf_append(&text, ctx->bytes + line_start, dot - line_start);
    }
  }
  ml__strbuf_printf(&text, "." METHOD "(\"%s\")", module);
  size_t length = text.length;
  char *bytes = ml__strbuf_take(&text);
  if (!bytes) {
    ctx->error = -1;
    return;
  }
  ml__fix_edit_n(ctx, fix, at, at, bytes, length);
  free(bytes);
}

/* --- findings ----------------------------------------------------------------------------- */

typedef struct reporter {
  const coverage *covered;
  const image_plan *plan;
  char reported[MAX_COVERED][MAX_NAME]; /* one finding per module: its first import */
  size_t reported_count;
} reporter;

static bool already_reported(reporter *r, const char *name, size_t length) {
  for (size_t i = 0; i < r->reported_count; i++)
    if (strlen(r->reported[i]) == length && memcmp(r->reported[i], name, length) == 0) return true;
  if (r->reported_count < MAX_COVERED && length < MAX_NAME) {
    memcpy(r->reported[r->reported_count], name, length);
    r->reported[r->reported_count++][length] = '\0';
  }
  return false;
}

static void report_module(ml__ctx *ctx, TSNode dotted, void *data) {
  reporter *r = data;
  TSNode top = top_name(dotted);
  if (!is_local_module(ctx, top)) return;
  uint32_t start = ts_node_start_byte(top), length = ts_node_end_byte(top) - start;
  const char *name = ctx->bytes + start;
  if (length >= MAX_NAME || is_covered(r->covered, name, length) ||
      already_reported(r, name, length))
    return;
  char module[MAX_NAME];
  memcpy(module, name, length);
  module[length] = '\0';
  const image_plan *plan = r->plan;
  ml_diag *diag;
  /* Images are immutable: the advice is to extend the expression that builds one. */
  if (plan->fixable && plan->name[0])
    diag = ml__report_node(ctx, dotted, "local module `%s` is no longer added to the container "
                                        "automatically; append `.add_local_python_source(\"%s\")` "
                                        "to the definition of `%s`",
                           module, module, plan->name);
  else if (plan->fixable)
    diag = ml__report_node(ctx, dotted, "local module `%s` is no longer added to the container "
                                        "automatically; append `.add_local_python_source(\"%s\")` "
                                        "to %s Image of the app's functions",
                           module, module, plan->count > 1 ? "each" : "the");
  else
    diag = ml__report_node(ctx, dotted, "local module `%s` is no longer added to the container "
                                        "automatically; the Image the app's functions use (their "
                                        "`image=`, or the App's) needs "
                                        "`.add_local_python_source(\"%s\")`",
                           module, module);
  if (!diag || !plan->fixable) return;
  ml_fix *fix = plan->name[0]
                    ? ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                                    "Add `.add_local_python_source(\"%s\")` to `%s`", module,
                                    plan->name)
                    : ml__fix_begin(ctx, diag, ML_APPLICABILITY_UNSAFE,
                                    "Add `.add_local_python_source(\"%s\")` to %s",
                                    module, plan->count > 1 ? "each Image" : "the Image");
  for (size_t i = 0; fix && i < plan->count; i++) append_edit(ctx, fix, plan->targets[i], module);
  ml__fix_end(ctx, diag);
}

static void finish(ml__ctx *ctx) {
  if (ml_project_module_count(ctx->file->project) == 0) return;
  size_t cursor = 0;
  bool app = false, imports = false;
  for (const ml__mark *mark; (mark = ml__mark_next(ctx, &cursor));) {
    app |= mark->tag == MARK_APP;
    imports |= mark->tag == MARK_IMPORT;
  }
  if (!app || !imports) return;

  coverage covered;
  memset(&covered, 0, sizeof covered);
  cursor = 0;
  for (const ml__mark *mark; (mark = ml__mark_next(ctx, &cursor));)
    if (mark->tag == MARK_COVER) read_coverage(ctx, mark->node, &covered);
  if (covered.everything) return;

  image_plan plan;
  plan_images(ctx, &plan);
  reporter r;
  memset(&r, 0, sizeof r);
  r.covered = &covered;
  r.plan = &plan;
  cursor = 0;
  for (const ml__mark *mark; (mark = ml__mark_next(ctx, &cursor));)
    if (mark->tag == MARK_IMPORT) for_each_module(ctx, mark->node, report_module, &r);
}

static const ml__kind kinds[] = {ML_KIND_IMPORT_STATEMENT, ML_KIND_IMPORT_FROM_STATEMENT,
                                 ML_KIND_CALL, ML_KIND_DECORATED_DEFINITION};
/* An App call: `modal.App(...)`, `modal.Stub(...)`, or `hydrate()` on an App imported from
 * another module (it returns its receiver). */
static const char *const triggers[] = {"App", "Stub", "hydrate", NULL};

const ml__rule_impl ml__rule_mdl111 = {
    .info = ML__RULE_INFO_MDL111,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
    .finish = finish,
    .needs_project = true,
};
