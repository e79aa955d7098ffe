/* ml__find (checks/find.h) against memmem, at every offset around its 16-byte blocks. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "modallint/lint.h"

/* Places `needle` at every offset of buffers of every length up to 64 (filled with bytes that
 * share its first and last byte, to exercise the full compare) and compares with memmem. */
static void agree_everywhere(const char *needle) {
  size_t n = strlen(needle);
  char buffer[80];
  for (size_t length = 0; length <= 64; length++) {
    for (size_t at = 0; at + n <= length + 1; at++) {
      for (size_t i = 0; i < length; i++) buffer[i] = i % 3 ? needle[0] : needle[n - 1];
      if (at + n <= length) memcpy(buffer + at, needle, n);
      const char *want = memmem(buffer, length, needle, n);
      const char *got = ml__find(buffer, length, needle, n);
      ck_assert_msg(got == want, "needle \"%s\", length %zu, placed at %zu: got %td, want %td",
                    needle, length, at, got ? got - buffer : -1, want ? want - buffer : -1);
    }
  }
}

START_TEST(test_find_agrees_with_memmem) {
  agree_everywhere("modal");
  agree_everywhere("import");
  agree_everywhere("mm");
  agree_everywhere("x");
}
END_TEST

START_TEST(test_mentions_modal) {
  const char *text = "# a long comment line that is longer than one block of sixteen bytes\nx = 1\n";
  ck_assert(!ml_mentions_modal(text, strlen(text)));
  const char *late = "# a long comment line that is longer than one block of sixteen bytes\nimport modal";
  ck_assert(ml_mentions_modal(late, strlen(late)));
  ck_assert(!ml_mentions_modal(late, strlen(late) - 1)); /* "moda" at the very end */
  ck_assert(ml_mentions_modal("modal", 5));
  ck_assert(!ml_mentions_modal("", 0));
}
END_TEST

Suite *find_suite(void) {
  Suite *s = suite_create("find");
  TCase *tc = tcase_create("find");
  tcase_add_test(tc, test_find_agrees_with_memmem);
  tcase_add_test(tc, test_mentions_modal);
  suite_add_tcase(s, tc);
  return s;
}
