/* The string map every string-keyed table of the tree uses (checks/strmap.h): lookups after
 * growth, NULL values, replacement, removal in the middle of a probe run, iteration. A program of
 * its own so the map is tested without the rest of the library's suites. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "strmap.h"

START_TEST(test_put_get_grow) {
  ml__strmap m;
  ml__strmap_init(&m);
  ck_assert_ptr_null(ml__strmap_get(&m, "absent"));
  char key[32];
  for (size_t i = 0; i < 5000; i++) {
    snprintf(key, sizeof key, "k%zu", i);
    ck_assert_int_eq(ml__strmap_put(&m, key, (void *)(i + 1)), ML_OK);
  }
  ck_assert_uint_eq(m.count, 5000);
  for (size_t i = 0; i < 5000; i++) {
    snprintf(key, sizeof key, "k%zu", i);
    ck_assert_ptr_eq(ml__strmap_get(&m, key), (void *)(i + 1));
  }
  ck_assert_ptr_null(ml__strmap_get(&m, "k5000"));
  ml__strmap_free(&m, NULL);
  ck_assert_uint_eq(m.count, 0);
}
END_TEST

START_TEST(test_null_value_and_replace) {
  ml__strmap m;
  ml__strmap_init(&m);
  void *value = (void *)1;
  ck_assert(!ml__strmap_find(&m, "dir", &value));
  ck_assert_int_eq(ml__strmap_put(&m, "dir", NULL), ML_OK);
  ck_assert(ml__strmap_find(&m, "dir", &value));
  ck_assert_ptr_null(value);
  ck_assert_int_eq(ml__strmap_put(&m, "dir", (void *)7), ML_OK);
  ck_assert_uint_eq(m.count, 1);
  ck_assert_ptr_eq(ml__strmap_get(&m, "dir"), (void *)7);
  ml__strmap_free(&m, NULL);
}
END_TEST

/* The map copies keys: the caller's buffer may change or go. */
START_TEST(test_keys_copied) {
  ml__strmap m;
  ml__strmap_init(&m);
  char key[] = "pkg.common";
  ck_assert_int_eq(ml__strmap_put(&m, key, (void *)3), ML_OK);
  key[0] = 'x';
  ck_assert_ptr_eq(ml__strmap_get(&m, "pkg.common"), (void *)3);
  ck_assert_ptr_null(ml__strmap_get(&m, key));
  ml__strmap_free(&m, NULL);
}
END_TEST

/* Removing every other key of a full run must leave the rest findable (backward shift). */
START_TEST(test_remove) {
  ml__strmap m;
  ml__strmap_init(&m);
  char key[32];
  for (size_t i = 0; i < 1000; i++) {
    snprintf(key, sizeof key, "file:///p/%zu.py", i);
    ck_assert_int_eq(ml__strmap_put(&m, key, (void *)(i + 1)), ML_OK);
  }
  for (size_t i = 0; i < 1000; i += 2) {
    snprintf(key, sizeof key, "file:///p/%zu.py", i);
    void *value = NULL;
    ck_assert(ml__strmap_remove(&m, key, &value));
    ck_assert_ptr_eq(value, (void *)(i + 1));
    ck_assert(!ml__strmap_remove(&m, key, NULL));
  }
  ck_assert_uint_eq(m.count, 500);
  for (size_t i = 0; i < 1000; i++) {
    snprintf(key, sizeof key, "file:///p/%zu.py", i);
    ck_assert_ptr_eq(ml__strmap_get(&m, key), i % 2 ? (void *)(i + 1) : NULL);
  }
  ml__strmap_free(&m, NULL);
}
END_TEST

static int freed;
static void count_free(void *value) { freed += value != NULL; }

START_TEST(test_next_and_free_values) {
  ml__strmap m;
  ml__strmap_init(&m);
  size_t pos = 0;
  const char *key;
  void *value;
  ck_assert(!ml__strmap_next(&m, &pos, &key, &value));
  ck_assert_int_eq(ml__strmap_put(&m, "a", (void *)1), ML_OK);
  ck_assert_int_eq(ml__strmap_put(&m, "b", (void *)2), ML_OK);
  ck_assert_int_eq(ml__strmap_put(&m, "c", (void *)4), ML_OK);
  size_t seen = 0, sum = 0;
  for (pos = 0; ml__strmap_next(&m, &pos, &key, &value); seen++) {
    sum += (size_t)value;
    ck_assert_ptr_eq(ml__strmap_get(&m, key), value);
  }
  ck_assert_uint_eq(seen, 3);
  ck_assert_uint_eq(sum, 7);
  freed = 0;
  ml__strmap_free(&m, count_free);
  ck_assert_int_eq(freed, 3);
}
END_TEST

/* FNV-1a's published test vectors: fingerprints users keep depend on these values. */
START_TEST(test_fnv1a) {
  ck_assert(ml__fnv1a(ML__FNV1A_BASIS, "", 0) == 0xcbf29ce484222325ULL);
  ck_assert(ml__fnv1a(ML__FNV1A_BASIS, "a", 1) == 0xaf63dc4c8601ec8cULL);
  ck_assert(ml__fnv1a(ml__fnv1a(ML__FNV1A_BASIS, "foo", 3), "bar", 3) ==
            ml__fnv1a(ML__FNV1A_BASIS, "foobar", 6));
  ck_assert(ml__fnv1a(ML__FNV1A_BASIS, "foobar", 6) == 0x85944171f73967e8ULL);
}
END_TEST

int main(void) {
  Suite *s = suite_create("strmap");
  TCase *tc = tcase_create("strmap");
  tcase_add_test(tc, test_put_get_grow);
  tcase_add_test(tc, test_null_value_and_replace);
  tcase_add_test(tc, test_keys_copied);
  tcase_add_test(tc, test_remove);
  tcase_add_test(tc, test_next_and_free_values);
  tcase_add_test(tc, test_fnv1a);
  suite_add_tcase(s, tc);
  SRunner *runner = srunner_create(s);
  srunner_run_all(runner, CK_NORMAL);
  int failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
