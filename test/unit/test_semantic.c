/* The semantic model: every import spelling, qualified names, Modal-typed bindings.
 *
 * A probe rule records, for each call `probe(EXPR)`, what the model says about EXPR at that point
 * of the walk: its qualified name and its type. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "modallint/error.h"
#include "rule_impl.h"
#include "semantic.h"

static char probed[4096];

static const char *type_name(ml__type type) {
  switch (type) {
    case ML_TYPE_APP: return "App";
    case ML_TYPE_IMAGE: return "Image";
    case ML_TYPE_FUNCTION: return "Function";
    case ML_TYPE_CLS: return "Cls";
    case ML_TYPE_CLS_INSTANCE: return "Obj";
    case ML_TYPE_DICT: return "Dict";
    case ML_TYPE_QUEUE: return "Queue";
    case ML_TYPE_VOLUME: return "Volume";
    case ML_TYPE_SECRET: return "Secret";
    case ML_TYPE_NETWORK_FILE_SYSTEM: return "NetworkFileSystem";
    case ML_TYPE_MOUNT: return "Mount";
    case ML_TYPE_SANDBOX: return "Sandbox";
    case ML_TYPE_ENVIRONMENT: return "Environment";
    default: return "?";
  }
}

static void probe_visit(ml__ctx *ctx, TSNode call) {
  TSNode callee = ts_node_child_by_field_id(call, ctx->syntax->field_function);
  if (!ml__node_is_text(ctx->bytes, callee, "probe")) return;
  TSNode arg = ml__call_positional(ctx->syntax, call, 0);
  char qualname[256];
  if (!ml__qualname(ctx, arg, qualname, sizeof qualname)) strcpy(qualname, "-");
  size_t used = strlen(probed);
  snprintf(probed + used, sizeof probed - used, "%s%s %s", used ? "; " : "", qualname,
           type_name(ml__type_of(ctx, arg)));
}

static const ml__kind probe_kinds[] = {ML_KIND_CALL};
static const ml__rule_impl probe_rule = {
    .info = {.code = "TEST001", .slug = "probe", .title = "probe", .entry = "-", .doc = ""},
    .kinds = probe_kinds,
    .kind_count = 1,
    .visit = probe_visit,
};

/* Lints `code` with `rule` alone; returns what the rule recorded in `probed`. */
static const char *run_rule(const ml__rule_impl *rule, const char *code) {
  const ml__rule_impl *rules[] = {rule};
  ml_options options;
  ml_options_init(&options);
  ml_linter *linter = NULL;
  ck_assert_int_eq(ml__linter_new_with_rules(&options, rules, 1, &linter), ML_OK);
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new(code, strlen(code), &source), ML_OK);
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  probed[0] = '\0';
  ck_assert_int_eq(ml_lint(linter, source, &diags), ML_OK);
  ml_diag_list_clear(&diags);
  ml_source_free(source);
  ml_linter_free(linter);
  return probed;
}

static const char *probe(const char *code) { return run_rule(&probe_rule, code); }

static const struct {
  const char *code;
  const char *expected;
} cases[] = {
    /* import spellings */
    {"import modal\nprobe(modal.gpu.A100)", "modal.gpu.A100 ?"},
    {"import modal as m\nprobe(m.Function.lookup)", "modal.Function.lookup ?"},
    {"from modal import gpu\nprobe(gpu.T4)", "modal.gpu.T4 ?"},
    {"from modal.gpu import A100 as G\nprobe(G)", "modal.gpu.A100 ?"},
    {"import modal.gpu as g\nprobe(g.H100)", "modal.gpu.H100 ?"},
    {"import modal.gpu\nprobe(modal.gpu.L4)", "modal.gpu.L4 ?"},
    {"from modal.functions import Function\nprobe(Function.lookup)", "modal.Function.lookup ?"},
    {"import modal\nprobe(modal.functions.Function)", "modal.Function ?"},
    {"from modal.partial_function import web_endpoint\nprobe(web_endpoint)", "modal.web_endpoint ?"},
    {"from modal.mount import Mount\nprobe(Mount)", "modal.Mount ?"},
    {"from modal.app import App\nprobe(App)", "modal.App ?"},
    {"from modal.cls import Cls\nprobe(Cls.from_name)", "modal.Cls.from_name ?"},
    {"from modal import (\n    App,\n    Image as I,\n)\nprobe(I.debian_slim)", "modal.Image.debian_slim ?"},
    {"from modal import *\nprobe(App)", "modal.App ?"},
    {"import modal\nprobe(modal.Function.lookup.aio)", "modal.Function.lookup.aio ?"},
    {"A = 1\nimport modal\nA = modal.gpu.A100\nprobe(A)", "modal.gpu.A100 ?"},
    /* near misses */
    {"from modal import App\nApp = object\nprobe(App)", "- ?"},
    {"import os\nimport modal\nprobe(os.path)", "- ?"},
    {"import modal\nimport modal_utils\nprobe(modal_utils.App)", "- ?"},
    {"import modal\nfrom modal_helpers import gpu\nprobe(gpu.A100)", "- ?"},
    {"from modal import gpu\nfrom torch import gpu\nprobe(gpu.A100)", "- ?"},
    {"import modal\nprobe(modal)", "modal ?"},
    {"import modal as m\nprobe(modal.App)", "- ?"},
    /* a file that names Modal only in prose is not analysed at all (the cheap gate) */
    {"# modal\nprobe(modal.App)", ""},
    {"import modal_utils\nprobe(modal_utils.App)", ""},
    /* typed bindings */
    {"import modal\napp = modal.App()\nprobe(app)", "- App"},
    {"import modal\nstub = modal.Stub('x')\nprobe(stub)", "- App"},
    {"from modal import App as A\napp = A()\nprobe(app)", "- App"},
    {"import modal\nimage = modal.Image.debian_slim().pip_install('x').env({})\nprobe(image)",
     "- Image"},
    {"import modal\nimage = (\n    modal.Image.from_registry('x')\n    .pip_install('y')\n)\nprobe(image)",
     "- Image"},
    {"import modal\nf = modal.Function.from_name('a', 'b')\nprobe(f)", "- Function"},
    {"import modal\napp = modal.App()\n@app.function()\ndef g(): pass\nprobe(g)", "- Function"},
    {"import modal\napp = modal.App()\n@app.function\ndef g(): pass\nprobe(g)", "- Function"},
    {"import modal\napp = modal.App()\n@app.cls(gpu='T4')\nclass C: pass\nprobe(C); probe(C())",
     "- Cls; - Obj"},
    {"import modal\nv: modal.Volume = get()\nprobe(v)", "- Volume"},
    {"import modal\nasync def f():\n    probe(await modal.Dict.lookup.aio('x'))", "- Dict"},
    {"import modal\nprobe(modal.Queue.from_name('q').hydrate())", "- Queue"},
    {"import modal\nC = modal.Cls.from_name('a', 'C')\nprobe(C.with_options(gpu='T4'))", "- Cls"},
    {"import modal\nfrom fastapi import FastAPI\napp = modal.App()\napp = FastAPI()\nprobe(app)",
     "- ?"},
    {"import modal\nsb = modal.Sandbox.create(app=None)\nprobe(sb)", "- Sandbox"},
};

START_TEST(test_probe) {
  ck_assert_msg(strcmp(probe(cases[_i].code), cases[_i].expected) == 0,
                "for:\n%s\nexpected \"%s\", got \"%s\"", cases[_i].code, cases[_i].expected,
                probed);
}
END_TEST

/* Deep chains are given up on, not followed into a stack overflow. 2000 links is far past the
 * resolver's bound and still within the nesting the walk accepts (CPython compiles it too). */
START_TEST(test_deep_chain_is_bounded) {
  size_t depth = 2000;
  size_t length = strlen("import modal\nprobe(modal") + depth * 2 + 2;
  char *code = malloc(length + 1);
  ck_assert_ptr_nonnull(code);
  strcpy(code, "import modal\nprobe(modal");
  char *p = code + strlen(code);
  for (size_t i = 0; i < depth; i++) {
    *p++ = '.';
    *p++ = 'a';
  }
  *p++ = ')';
  *p = '\0';
  ck_assert_str_eq(probe(code), "- ?");
  free(code);
}
END_TEST

/* Far deeper nesting than CPython compiles is refused as a whole, in linear time. */
START_TEST(test_too_deep_nesting_is_refused) {
  size_t depth = 100000;
  char *code = malloc(strlen("import modal\nx = ") + depth * 2 + 2);
  ck_assert_ptr_nonnull(code);
  strcpy(code, "import modal\nx = ");
  char *p = code + strlen(code);
  memset(p, '[', depth);
  memset(p + depth, ']', depth);
  p[2 * depth] = '\n';
  p[2 * depth + 1] = '\0';
  ml_options options;
  ml_options_init(&options);
  ml_linter *linter = NULL;
  ck_assert_int_eq(ml_linter_new(&options, &linter), ML_OK);
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new(code, strlen(code), &source), ML_OK);
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  ck_assert_int_eq(ml_lint(linter, source, &diags), ML_ETOODEEP);
  ck_assert_uint_eq(diags.count, 0);
  ml_source_free(source);
  ml_linter_free(linter);
  free(code);
}
END_TEST

/* Decorators are classified once per node until the next binding (semantic.c's memo). A rule
 * that asks during the walk and again in its finish hook, after a later line rebinds the name,
 * must get the answer for the bindings of each moment. */
static TSNode last_decorator;

static const char *decorator_name(ml__app_decorator kind) {
  switch (kind) {
    case ML_APP_DECORATOR_FUNCTION: return "function";
    case ML_APP_DECORATOR_CLS: return "cls";
    default: return "none";
  }
}

static void note_decorator(ml__ctx *ctx, TSNode decorator) {
  TSNode call;
  ml__app_decorator kind =
      ml__classify_app_decorator(ctx, ml__decorator_expression(decorator), &call);
  size_t used = strlen(probed);
  snprintf(probed + used, sizeof probed - used, "%s%s%s", used ? "; " : "", decorator_name(kind),
           ts_node_is_null(call) ? "" : " call");
}

static void decorator_visit(ml__ctx *ctx, TSNode decorator) {
  note_decorator(ctx, decorator);
  note_decorator(ctx, decorator); /* the memo's answer */
  last_decorator = decorator;
}

static void decorator_finish(ml__ctx *ctx) { note_decorator(ctx, last_decorator); }

static const ml__kind decorator_kinds[] = {ML_KIND_DECORATOR};
static const ml__rule_impl decorator_rule = {
    .info = {.code = "TEST002", .slug = "decorators", .title = "decorators", .entry = "-",
             .doc = ""},
    .kinds = decorator_kinds,
    .kind_count = 1,
    .visit = decorator_visit,
    .finish = decorator_finish,
};

START_TEST(test_decorator_answers_follow_bindings) {
  ck_assert_str_eq(run_rule(&decorator_rule, "import modal\n"
                                             "app = modal.App()\n"
                                             "@app.function(gpu='T4')\n"
                                             "def f(): pass\n"
                                             "app = object()\n"),
                   "function call; function call; none call");
  ck_assert_str_eq(run_rule(&decorator_rule, "import modal\n"
                                             "app = modal.App()\n"
                                             "@app.cls\n"
                                             "class C: pass\n"),
                   "cls; cls; cls");
  ck_assert_str_eq(run_rule(&decorator_rule, "import modal\n"
                                             "app = object()\n"
                                             "@app.function\n"
                                             "def f(): pass\n"),
                   "none; none; none");
}
END_TEST

Suite *semantic_suite(void) {
  Suite *suite = suite_create("semantic");
  TCase *tc = tcase_create("semantic");
  tcase_add_loop_test(tc, test_probe, 0, (int)(sizeof cases / sizeof cases[0]));
  tcase_add_test(tc, test_deep_chain_is_bounded);
  tcase_add_test(tc, test_too_deep_nesting_is_refused);
  tcase_add_test(tc, test_decorator_answers_follow_bindings);
  tcase_set_timeout(tc, 60);
  suite_add_tcase(suite, tc);
  return suite;
}
