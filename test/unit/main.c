/* Runs every unit-test suite of the check library. */
#include <check.h>
#include <stdlib.h>

Suite *source_suite(void);
Suite *semantic_suite(void);
Suite *fix_suite(void);
Suite *registry_suite(void);
Suite *pins_suite(void);
Suite *file_suite(void);
Suite *config_suite(void);
Suite *glob_suite(void);
Suite *index_suite(void);
Suite *find_suite(void);
Suite *cursor_pool_suite(void);
Suite *incremental_parse_suite(void);
Suite *deep_nesting_suite(void);

int main(void) {
  SRunner *runner = srunner_create(source_suite());
  srunner_add_suite(runner, semantic_suite());
  srunner_add_suite(runner, fix_suite());
  srunner_add_suite(runner, registry_suite());
  srunner_add_suite(runner, pins_suite());
  srunner_add_suite(runner, file_suite());
  srunner_add_suite(runner, config_suite());
  srunner_add_suite(runner, glob_suite());
  srunner_add_suite(runner, index_suite());
  srunner_add_suite(runner, find_suite());
  srunner_add_suite(runner, cursor_pool_suite());
  srunner_add_suite(runner, incremental_parse_suite());
  srunner_add_suite(runner, deep_nesting_suite());
  srunner_run_all(runner, CK_NORMAL);
  int failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
