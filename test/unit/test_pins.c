/* Reading the Modal version a project pins (modallint/pins.h). */
#include <check.h>
#include <string.h>

#include "modallint/pins.h"

/* Reads `text` as the file `name`; returns the pinned version text, or "" when there is none. */
static const char *pin_of(const char *name, const char *text, ml_pin_kind *kind) {
  static ml_pin pin;
  memset(&pin, 0, sizeof pin);
  if (!ml_pin_read(name, text, strlen(text), &pin)) return "";
  if (kind) *kind = pin.kind;
  return pin.text;
}

START_TEST(test_file_names) {
  ck_assert(ml_pin_file_name("pyproject.toml"));
  ck_assert(ml_pin_file_name("uv.lock"));
  ck_assert(ml_pin_file_name("poetry.lock"));
  ck_assert(ml_pin_file_name("requirements.txt"));
  ck_assert(ml_pin_file_name("requirements-dev.txt"));
  ck_assert(ml_pin_file_name("requirements.in"));
  ck_assert(!ml_pin_file_name("setup.py"));
  ck_assert(!ml_pin_file_name("requirements.md"));
  ck_assert(!ml_pin_file_name("Pipfile.lock"));
  ck_assert_int_lt(ml_pin_file_rank("uv.lock"), ml_pin_file_rank("pyproject.toml"));
  ck_assert_int_lt(ml_pin_file_rank("pyproject.toml"), ml_pin_file_rank("requirements.txt"));
  ck_assert_str_eq(pin_of("setup.py", "modal==1.0\n", NULL), "");
}
END_TEST

START_TEST(test_requirements) {
  ml_pin_kind kind;
  ck_assert_str_eq(pin_of("requirements.txt", "modal==0.73.2\n", &kind), "0.73.2");
  ck_assert_int_eq(kind, ML_PIN_EXACT);
  ck_assert_str_eq(pin_of("requirements.txt", "Modal ~= 0.73.2\r\n", &kind), "0.73.2");
  ck_assert_int_eq(kind, ML_PIN_COMPATIBLE);
  ck_assert_str_eq(pin_of("requirements.txt", "modal>=0.73,<1.0\n", &kind), "0.73");
  ck_assert_int_eq(kind, ML_PIN_MINIMUM);
  ck_assert_str_eq(pin_of("requirements.txt", "modal[sandbox]==1.0.1 ; python_version>'3.9'\n",
                          NULL),
                   "1.0.1");
  ck_assert_str_eq(pin_of("requirements.txt", "modal <1.0, >= 0.72.5  # pinned\n", NULL),
                   "0.72.5");
  ck_assert_str_eq(pin_of("requirements.txt", "modal==0.73.*\n", NULL), "0.73");
  ck_assert_str_eq(pin_of("requirements.txt", "modal==1\n", NULL), "1.0");
  /* Not pins of modal. */
  ck_assert_str_eq(pin_of("requirements.txt", "modal\n", NULL), "");
  ck_assert_str_eq(pin_of("requirements.txt", "modal<1.0\n", NULL), "");
  ck_assert_str_eq(pin_of("requirements.txt", "modal-client==0.50\n", NULL), "");
  ck_assert_str_eq(pin_of("requirements.txt", "modal @ https://x/modal-1.0.tar.gz\n", NULL), "");
  ck_assert_str_eq(pin_of("requirements.txt", "# modal==1.0\n-r base.txt\n--index-url x\n", NULL),
                   "");
  ck_assert_str_eq(pin_of("requirements.txt", "", NULL), "");
}
END_TEST

START_TEST(test_requirements_most_exact_wins) {
  ck_assert_str_eq(pin_of("requirements.txt", "requests==2.0\nmodal>=0.70\nmodal==0.73.9\n", NULL),
                   "0.73.9");
  ck_assert_str_eq(pin_of("requirements.txt", "modal~=1.2.0\nmodal>=1.0\n", NULL), "1.2.0");
}
END_TEST

START_TEST(test_pyproject_dependencies) {
  const char *text = "[project]\n"
                     "name = \"modal\"  # our own package is called modal too\n"
                     "dependencies = [\n"
                     "  \"fastapi>=0.100\",\n"
                     "  \"modal>=0.73,<1.0\",  # the SDK\n"
                     "]\n";
  ck_assert_str_eq(pin_of("pyproject.toml", text, NULL), "0.73");
  ck_assert_str_eq(pin_of("pyproject.toml",
                          "[project]\ndependencies = ['modal[x]==1.0.1', \"requests\"]\n", NULL),
                   "1.0.1");
  ck_assert_str_eq(pin_of("pyproject.toml",
                          "[dependency-groups]\ndev = [\n  \"modal~=1.2.3\",\n]\n", NULL),
                   "1.2.3");
  ck_assert_str_eq(pin_of("pyproject.toml", "[project]\nname = \"modal\"\nversion = \"1.0\"\n",
                          NULL),
                   "");
}
END_TEST

START_TEST(test_pyproject_poetry) {
  ml_pin_kind kind;
  ck_assert_str_eq(pin_of("pyproject.toml",
                          "[tool.poetry.dependencies]\npython = \"^3.11\"\nmodal = \"^0.73.0\"\n",
                          &kind),
                   "0.73.0");
  ck_assert_int_eq(kind, ML_PIN_COMPATIBLE);
  ck_assert_str_eq(pin_of("pyproject.toml",
                          "[tool.poetry.group.dev.dependencies]\n"
                          "modal = { version = \"0.74.1\", extras = [\"x\"] }\n",
                          &kind),
                   "0.74.1");
  ck_assert_int_eq(kind, ML_PIN_EXACT);
  ck_assert_str_eq(pin_of("pyproject.toml",
                          "[tool.poetry.dependencies]\nmodal = \">=1.0,<2\"\n", NULL),
                   "1.0");
  /* A `modal` key in another table is not a dependency. */
  ck_assert_str_eq(pin_of("pyproject.toml", "[tool.other]\nmodal = \"1.0\"\n", NULL), "");
}
END_TEST

START_TEST(test_lock_files) {
  const char *uv = "version = 1\n"
                   "[[package]]\n"
                   "name = \"fastapi\"\n"
                   "version = \"0.110.0\"\n"
                   "\n"
                   "[[package]]\n"
                   "name = \"modal\"\n"
                   "version = \"0.74.1\"\n"
                   "source = { registry = \"https://pypi.org/simple\" }\n"
                   "dependencies = [\n  { name = \"grpclib\" },\n]\n"
                   "\n"
                   "[[package]]\n"
                   "name = \"zzz\"\n"
                   "version = \"9.9\"\n";
  ml_pin_kind kind;
  ck_assert_str_eq(pin_of("uv.lock", uv, &kind), "0.74.1");
  ck_assert_int_eq(kind, ML_PIN_EXACT);
  const char *poetry = "[[package]]\nname = \"modal\"\nversion = \"1.0.4\"\n"
                       "description = \"Python client library for Modal\"\n\n"
                       "[package.dependencies]\naiohttp = \"*\"\n";
  ck_assert_str_eq(pin_of("poetry.lock", poetry, NULL), "1.0.4");
  ck_assert_str_eq(pin_of("uv.lock", "[[package]]\nname = \"modalx\"\nversion = \"1.0\"\n", NULL),
                   "");
}
END_TEST

Suite *pins_suite(void) {
  Suite *suite = suite_create("pins");
  TCase *tc = tcase_create("pins");
  tcase_add_test(tc, test_file_names);
  tcase_add_test(tc, test_requirements);
  tcase_add_test(tc, test_requirements_most_exact_wins);
  tcase_add_test(tc, test_pyproject_dependencies);
  tcase_add_test(tc, test_pyproject_poetry);
  tcase_add_test(tc, test_lock_files);
  suite_add_tcase(suite, tc);
  return suite;
}
