/* The project index (modallint/index.h): what first-party modules export, re-exports, cycles, the
 * import scan, and linting a file whose Modal objects come from another module. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/file.h"
#include "modallint/fix.h"
#include "modallint/index.h"
#include "modallint/lint.h"

static const char common_py[] =
    "import modal\n"
    "app = modal.App(\"x\")\n"
    "image = modal.Image.debian_slim()\n"
    "vol = modal.Volume.from_name(\"v\")\n"
    "MOUNTS = [modal.Mount.from_local_dir(\"assets\")]\n"
    "App = modal.App\n"
    "@app.function()\n"
    "def f(): ...\n";

static ml_index *new_index(void) {
  ml_index *index = NULL;
  ck_assert_int_eq(ml_index_new(&index), ML_OK);
  return index;
}

static void add(ml_index *index, const char *name, bool package, const char *text) {
  ck_assert_int_eq(ml_index_add_module(index, name, package, text, strlen(text)), ML_OK);
}

static void assert_export(ml_index *index, const char *module, const char *name,
                          ml_export_kind expected) {
  ml_export_kind kind = ml_index_lookup(index, module, name);
  ck_assert_msg(kind == expected, "%s.%s: %s, expected %s", module, name, ml_export_kind_name(kind),
                ml_export_kind_name(expected));
}

START_TEST(test_exports) {
  ml_index *index = new_index();
  add(index, "common", false, common_py);
  assert_export(index, "common", "app", ML_EXPORT_APP);
  assert_export(index, "common", "image", ML_EXPORT_IMAGE);
  assert_export(index, "common", "vol", ML_EXPORT_VOLUME);
  assert_export(index, "common", "f", ML_EXPORT_FUNCTION);
  /* A list is not an object the model types; an alias of a Modal class is not re-exported (a fix
   * renaming it would have to edit common.py too). */
  assert_export(index, "common", "MOUNTS", ML_EXPORT_NONE);
  assert_export(index, "common", "App", ML_EXPORT_NONE);
  assert_export(index, "common", "missing", ML_EXPORT_NONE);
  assert_export(index, "nowhere", "app", ML_EXPORT_NONE);
  ck_assert(ml_index_exports_modal(index, "common"));
  ml_index_free(index);
}
END_TEST

/* When unsure, nothing is exported: rebinding, conditional definitions of different kinds, a local
 * of the same name, a later `def`. Two branches that agree are fine. */
START_TEST(test_exports_conservative) {
  ml_index *index = new_index();
  add(index, "m", false,
      "import modal\n"
      "a = modal.App()\n"
      "a = wrap(a)\n"
      "if X:\n"
      "    b = Foo()\n"
      "else:\n"
      "    b = modal.App()\n"
      "if X:\n"
      "    c = modal.App('one')\n"
      "else:\n"
      "    c = modal.App('two')\n"
      "d = modal.App()\n"
      "def d(): pass\n"
      "e = modal.Image.debian_slim()\n"
      "def g():\n"
      "    e = 1\n"
      "try:\n"
      "    from other import h\n"
      "except ImportError:\n"
      "    h = modal.App()\n");
  assert_export(index, "m", "a", ML_EXPORT_NONE);
  assert_export(index, "m", "b", ML_EXPORT_NONE);
  assert_export(index, "m", "c", ML_EXPORT_APP);
  assert_export(index, "m", "d", ML_EXPORT_NONE);
  assert_export(index, "m", "e", ML_EXPORT_NONE);
  assert_export(index, "m", "h", ML_EXPORT_NONE);
  ml_index_free(index);
}
END_TEST

/* Packages re-export with `from .x import y`, `import` of submodules and `from .x import *`
 * (filtered by `__all__`); a module that mentions Modal nowhere still re-exports. */
START_TEST(test_reexports) {
  ml_index *index = new_index();
  add(index, "pkg.common", false, common_py);
  add(index, "pkg", true, "from .common import app, image as img\n");
  add(index, "pkg.star", false, "from .common import *\n");
  add(index, "pkg.limited", false,
      "import modal\n__all__ = ['app']\napp = modal.App()\nimage = modal.Image.debian_slim()\n");
  add(index, "pkg.star_limited", false, "from pkg.limited import *\n");
  add(index, "pkg.computed", false,
      "import modal\n__all__ = names()\napp = modal.App()\n");
  add(index, "pkg.star_computed", false, "from .computed import *\n");
  add(index, "pkg.sub.deep", false, "from ..common import vol\nfrom ...outside import x\n");
  assert_export(index, "pkg", "app", ML_EXPORT_APP);
  assert_export(index, "pkg", "img", ML_EXPORT_IMAGE);
  assert_export(index, "pkg", "image", ML_EXPORT_NONE);
  assert_export(index, "pkg.star", "app", ML_EXPORT_APP);
  assert_export(index, "pkg.star", "f", ML_EXPORT_FUNCTION);
  assert_export(index, "pkg.star_limited", "app", ML_EXPORT_APP);
  assert_export(index, "pkg.star_limited", "image", ML_EXPORT_NONE);
  assert_export(index, "pkg.star_computed", "app", ML_EXPORT_NONE);
  assert_export(index, "pkg.sub.deep", "vol", ML_EXPORT_VOLUME);
  ml_index_free(index);
}
END_TEST

/* Modules importing each other terminate, and what is in the cycle stays unknown rather than
 * wrong. Changing a module forgets what was resolved from it. */
START_TEST(test_cycles_and_updates) {
  ml_index *index = new_index();
  add(index, "a", false, "import modal\nfrom b import y\nx = modal.App()\n");
  add(index, "b", false, "from a import x\ny = x\n");
  add(index, "self_", false, "from self_ import z\n");
  assert_export(index, "a", "x", ML_EXPORT_APP);
  assert_export(index, "b", "x", ML_EXPORT_APP);
  assert_export(index, "self_", "z", ML_EXPORT_NONE);
  add(index, "a", false, "x = 1\n");
  assert_export(index, "b", "x", ML_EXPORT_NONE);
  ck_assert_int_eq(ml_index_remove_module(index, "a"), ML_OK);
  ck_assert(!ml_index_has_module(index, "a"));
  ck_assert_uint_eq(ml_index_module_count(index), 2);
  /* Opaque modules (two files claim the name) export nothing. */
  ck_assert_int_eq(ml_index_add_opaque(index, "a"), ML_OK);
  assert_export(index, "b", "x", ML_EXPORT_NONE);
  ck_assert_int_eq(ml_index_add_module(index, "a..b", false, "", 0), ML_EINVAL);
  ck_assert_int_eq(ml_index_add_module(index, "", false, "", 0), ML_EINVAL);
  ml_index_free(index);
}
END_TEST

/* A frozen index resolves nothing new: threads may share it. */
START_TEST(test_freeze) {
  ml_index *index = new_index();
  add(index, "common", false, common_py);
  ck_assert_int_eq(ml_index_freeze(index), ML_OK);
  assert_export(index, "common", "app", ML_EXPORT_APP);
  add(index, "late", false, common_py); /* adding thaws */
  assert_export(index, "late", "app", ML_EXPORT_APP);
  ml_index_free(index);
}
END_TEST

typedef struct scanned {
  char text[1024];
} scanned;

static bool record(const ml_import_ref *ref, void *data) {
  scanned *s = data;
  size_t used = strlen(s->text);
  snprintf(s->text + used, sizeof s->text - used, "%u:%.*s:%.*s;", ref->level,
           (int)ref->module_length, ref->module, (int)ref->name_length, ref->name);
  return true;
}

START_TEST(test_scan_imports) {
  const char *text =
      "import os, pkg.common as c\n"
      "from . import common\n"
      "from ..pkg.sub import (a as b,\n"
      "    d,  # comment\n"
      ")\n"
      "  from x import *\n"
      "important = 1\n"
      "from_ = 2\n"
      "from y \\\n  import z\n";
  scanned s = {""};
  ml_scan_imports(text, strlen(text), record, &s);
  ck_assert_str_eq(s.text, "0:os:;0:pkg.common:;1::common;2:pkg.sub:a;2:pkg.sub:d;0:x:*;0:y:z;");
}
END_TEST

/* Line ends as Python reads them, and a UTF-8 byte order mark before the first statement. */
START_TEST(test_scan_imports_line_ends) {
  const char *text = "\xEF\xBB\xBFimport a\r\nimport b\rx = 1\rfrom c \\\r\n  import d\r\n";
  scanned s = {""};
  ml_scan_imports(text, strlen(text), record, &s);
  ck_assert_str_eq(s.text, "0:a:;0:b:;0:c:d;");
}
END_TEST

START_TEST(test_imports_modal) {
  ck_assert(ml_imports_modal("import os, modal\n", 17));
  ck_assert(ml_imports_modal("from modal.functions import gather\n", 35));
  ck_assert(ml_imports_modal("try:\n    import modal as m\nexcept ImportError: ...\n", 51));
  ck_assert(!ml_imports_modal("import modality\n", 16));
  ck_assert(!ml_imports_modal("from .modal import app\n", 23));
  ck_assert(!ml_imports_modal("# a modal dialog\nimport tkinter\n", 32));
}
END_TEST

START_TEST(test_import_keys) {
  const char *const prefixes[] = {"src", "", NULL};
  ml_file_info file = {.module_name = "src.pkg.worker", .import_prefixes = prefixes};
  ml_import_ref absolute = {0, "pkg.common", 10, "app", 3};
  ml_import_ref relative = {1, "common", 6, "app", 3};
  ml_import_ref up = {2, "", 0, "x", 1};
  char key[64];
  ck_assert(ml_import_key(&file, &absolute, false, 0, key, sizeof key));
  ck_assert_str_eq(key, "src.pkg.common");
  ck_assert(ml_import_key(&file, &absolute, true, 1, key, sizeof key));
  ck_assert_str_eq(key, "pkg.common.app");
  ck_assert(!ml_import_key(&file, &absolute, false, 2, key, sizeof key));
  ck_assert(ml_import_key(&file, &relative, false, 0, key, sizeof key));
  ck_assert_str_eq(key, "src.pkg.common");
  ck_assert(!ml_import_key(&file, &relative, false, 1, key, sizeof key));
  ck_assert(ml_import_key(&file, &up, true, 0, key, sizeof key));
  ck_assert_str_eq(key, "src.x");
  file.is_package = true; /* src/pkg/worker/__init__.py */
  ck_assert(ml_import_key(&file, &relative, false, 0, key, sizeof key));
  ck_assert_str_eq(key, "src.pkg.worker.common");
  ml_import_ref too_far = {5, "x", 1, "", 0};
  ck_assert(!ml_import_key(&file, &too_far, false, 0, key, sizeof key));
}
END_TEST

/* Findings of `text` as "CODE:line:col;" with the file described by `info`. */
static void lint_codes(ml_linter *linter, const char *text, const ml_file_info *info, char *out,
                       size_t size) {
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new(text, strlen(text), &source), ML_OK);
  ml_diag_list diags;
  ml_diag_list_init(&diags);
  ck_assert_int_eq(ml_lint_file(linter, source, info, &diags), ML_OK);
  out[0] = '\0';
  for (size_t i = 0; i < diags.count; i++) {
    ml_position p = ml_source_position(source, diags.items[i].start, ML_COLUMN_UTF8);
    size_t used = strlen(out);
    snprintf(out + used, size - used, "%s:%u:%u;", diags.items[i].rule->code, p.line, p.column);
  }
  ml_diag_list_clear(&diags);
  ml_source_free(source);
}

/* The cheap gate lets through every Python file that may have a finding without importing modal:
 * Modal commands in strings (MDL123) and noqa comments (MDL001). */
START_TEST(test_gate_without_import) {
  ml_options options;
  ml_options_init(&options);
  ml_linter *linter = NULL;
  ck_assert_int_eq(ml_linter_new(&options, &linter), ML_OK);
  char codes[512];
  lint_codes(linter, "import subprocess\nsubprocess.run([\"modal\", \"run\", \"pkg.app\"])\n", NULL,
             codes, sizeof codes);
  ck_assert_str_eq(codes, "MDL123:2:33;");
  lint_codes(linter, "import os\nos.system('modal \tdeploy pkg.app')\n", NULL, codes, sizeof codes);
  ck_assert_str_eq(codes, "MDL123:2:26;");
  lint_codes(linter, "x = 1  # noqa: MDL112 (a modal note)\n", NULL, codes, sizeof codes);
  ck_assert_str_eq(codes, "MDL001:1:8;");
  ml_linter_free(linter);
}
END_TEST

/* The example: the worker never mentions Modal, yet gets the findings it would get with
 * common.py pasted above it. */
START_TEST(test_lint_through_index) {
  ml_options options;
  ml_options_init(&options);
  ml_linter *linter = NULL;
  ck_assert_int_eq(ml_linter_new(&options, &linter), ML_OK);
  ml_index *index = new_index();
  add(index, "pkg.common", false, common_py);
  const char *worker =
      "from .common import app, MOUNTS\n"
      "@app.function(keep_warm=1, mounts=MOUNTS)\n"
      "def g(): ...\n"
      "with app.run(show_progress=True): ...\n";
  const char *const prefixes[] = {"", NULL};
  ml_file_info info = {.kind = ML_FILE_PYTHON, .index = index, .module_name = "pkg.worker",
                       .import_prefixes = prefixes};
  char codes[512];
  lint_codes(linter, worker, &info, codes, sizeof codes);
  ck_assert_str_eq(codes, "MDL112:2:15;MDL108:2:28;MDL203:4:14;");
  /* Without the index the file is not even parsed. */
  lint_codes(linter, worker, NULL, codes, sizeof codes);
  ck_assert_str_eq(codes, "");
  /* `import pkg.common` and attribute access. */
  lint_codes(linter, "import pkg.common\n@pkg.common.app.function(keep_warm=1)\ndef g(): ...\n",
             &info, codes, sizeof codes);
  ck_assert_str_eq(codes, "MDL112:2:26;");
  /* A near miss: a name the module does not export as a Modal object. */
  lint_codes(linter, "from .common import MOUNTS as app\n@app.function(keep_warm=1)\ndef g(): ...\n",
             &info, codes, sizeof codes);
  ck_assert_str_eq(codes, "");

  /* Fixes stay local: keep_warm is renamed in the worker, nothing refers to common.py. */
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new(worker, strlen(worker), &source), ML_OK);
  ml_fix_result result;
  ck_assert_int_eq(ml_fix_file(linter, source, &info, false, &result), ML_OK);
  ck_assert_ptr_nonnull(strstr(ml_source_bytes(result.fixed), "min_containers=1"));
  ml_fix_result_clear(&result);
  ml_source_free(source);
  ml_index_free(index);
  ml_linter_free(linter);
}
END_TEST

Suite *index_suite(void) {
  Suite *suite = suite_create("index");
  TCase *tc = tcase_create("index");
  tcase_add_test(tc, test_exports);
  tcase_add_test(tc, test_exports_conservative);
  tcase_add_test(tc, test_reexports);
  tcase_add_test(tc, test_cycles_and_updates);
  tcase_add_test(tc, test_freeze);
  tcase_add_test(tc, test_scan_imports);
  tcase_add_test(tc, test_scan_imports_line_ends);
  tcase_add_test(tc, test_imports_modal);
  tcase_add_test(tc, test_import_keys);
  tcase_add_test(tc, test_gate_without_import);
  tcase_add_test(tc, test_lint_through_index);
  suite_add_tcase(suite, tc);
  return suite;
}
