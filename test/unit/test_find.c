/* ml__find (checks/find.h) against memmem, at every offset around its 16-byte blocks. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "modallint/lint.h"

typedef const char *(*find_fn)(const char *, size_t, const char *, size_t);

/* Places `needle` at every offset of buffers of every length up to 100 (past two 32-byte blocks
 * and their tails; filled with bytes that share its first and last byte, to exercise the full
 * compare) and compares `find` with memmem. */
static void agree_everywhere(find_fn find, const char *needle) {
  size_t n = strlen(needle);
  char buffer[112];
  for (size_t length = 0; length <= 100; length++) {
    for (size_t at = 0; at + n <= length + 1; at++) {
      for (size_t i = 0; i < length; i++) buffer[i] = i % 3 ? needle[0] : needle[n - 1];
      if (at + n <= length) memcpy(buffer + at, needle, n);
      const char *want = memmem(buffer, length, needle, n);
      const char *got = find(buffer, length, needle, n);
      ck_assert_msg(got == want, "needle \"%s\", length %zu, placed at %zu: got %td, want %td",
                    needle, length, at, got ? got - buffer : -1, want ? want - buffer : -1);
    }
  }
}

static void agree_for_all_needles(find_fn find) {
  agree_everywhere(find, "modal");
  agree_everywhere(find, "import");
  agree_everywhere(find, "mm");
  agree_everywhere(find, "x");
}

START_TEST(test_find_agrees_with_memmem) { agree_for_all_needles(ml__find); }
END_TEST

#if defined(__x86_64__) && defined(__SSE2__)
START_TEST(test_sse2_and_avx2_agree_with_memmem) {
  agree_for_all_needles(ml__find_sse2);
  if (ml__find_has_avx2()) agree_for_all_needles(ml__find_avx2);
}
END_TEST
#endif

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
#if defined(__x86_64__) && defined(__SSE2__)
  tcase_add_test(tc, test_sse2_and_avx2_agree_with_memmem);
#endif
  suite_add_tcase(s, tc);
  return s;
}
