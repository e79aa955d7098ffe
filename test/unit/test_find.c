/* ml__find (checks/find.h) against memmem, at every offset around its 16-byte blocks; the gate's
 * one pass (checks/gate.h) against the same, and its verdicts. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "gate.h"
#include "modallint/index.h"
#include "modallint/lint.h"
#include "vec.h"

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

/* Scans `text` as a file of `kind` (no project); `offsets` keeps the offsets. */
static ml__gate gate_of(const char *text, size_t length, ml_file_kind kind, ml__vec *offsets) {
  ml_source *source;
  ck_assert_int_eq(ml_source_new(text, length, &source), 0);
  ml_file_info file;
  memset(&file, 0, sizeof file);
  file.kind = kind;
  ml__gate gate;
  ck_assert_int_eq(ml__gate_scan(source, &file, offsets, &gate), 0);
  ml_source_free(source);
  return gate;
}

/* Every "modal" at every offset of buffers of every length up to 100, among bytes that share its
 * first and last byte (and "noqa"'s), is found, and nothing else. */
START_TEST(test_gate_finds_every_modal) {
  ml__vec offsets;
  ml__vec_init(&offsets, sizeof(uint32_t));
  char buffer[112];
  for (size_t length = 0; length <= 100; length++) {
    for (size_t at = 0; at + 5 <= length + 1; at++) {
      for (size_t i = 0; i < length; i++) buffer[i] = "mlna"[i % 4];
      if (at + 5 <= length) memcpy(buffer + at, "modal", 5);
      if (at >= 8) memcpy(buffer + at - 8, "noqa", 4);
      ml__gate gate = gate_of(buffer, length, ML_FILE_SHELL, &offsets);
      size_t want = 0;
      for (const char *hit = memmem(buffer, length, "modal", 5); hit;
           hit = memmem(hit + 5, length - (size_t)(hit + 5 - buffer), "modal", 5)) {
        ck_assert_uint_lt(want, gate.modal_count);
        ck_assert_uint_eq(gate.modal_at[want], (size_t)(hit - buffer));
        want++;
      }
      ck_assert_uint_eq(gate.modal_count, want);
      ck_assert(gate.has_noqa == (memmem(buffer, length, "noqa", 4) != NULL));
      ck_assert_int_eq(gate.verdict, want ? ML_GATE_LINT : ML_GATE_SKIP);
    }
  }
  ml__vec_free(&offsets);
}
END_TEST

START_TEST(test_gate_verdicts) {
  ml__vec offsets;
  ml__vec_init(&offsets, sizeof(uint32_t));
  static const struct {
    const char *text;
    ml_file_kind kind;
    bool imports;
    ml__gate_verdict verdict;
  } cases[] = {
      {"import os\nx = 1\n", ML_FILE_PYTHON, false, ML_GATE_SKIP},
      {"import os, modal\n", ML_FILE_PYTHON, true, ML_GATE_LINT},
      {"\xEF\xBB\xBF" "from modal.functions import gather\n", ML_FILE_PYTHON, true, ML_GATE_LINT},
      {"import os, \\\n    modal\n", ML_FILE_PYTHON, true, ML_GATE_LINT},
      {"# a modal dialog\nimport tkinter\n", ML_FILE_PYTHON, false, ML_GATE_ASK_RULES},
      {"from .modal import app\n", ML_FILE_PYTHON, false, ML_GATE_ASK_RULES},
      {"x = 1  # noqa\n# a modal dialog\n", ML_FILE_PYTHON, false, ML_GATE_LINT},
      {"x = 1  # noqa\n", ML_FILE_PYTHON, false, ML_GATE_SKIP},
      {"modal run pkg.app\n", ML_FILE_SHELL, false, ML_GATE_LINT},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ml__gate gate = gate_of(cases[i].text, strlen(cases[i].text), cases[i].kind, &offsets);
    ck_assert_msg(gate.imports_modal == cases[i].imports, "case %zu", i);
    ck_assert_msg(gate.verdict == cases[i].verdict, "case %zu", i);
    ck_assert_msg(gate.imports_modal == ml_imports_modal(cases[i].text, strlen(cases[i].text)) ||
                      cases[i].kind != ML_FILE_PYTHON,
                  "case %zu", i);
  }
  ml__vec_free(&offsets);
}
END_TEST

Suite *find_suite(void) {
  Suite *s = suite_create("find");
  TCase *tc = tcase_create("find");
  tcase_add_test(tc, test_find_agrees_with_memmem);
  tcase_add_test(tc, test_mentions_modal);
  tcase_add_test(tc, test_gate_finds_every_modal);
  tcase_add_test(tc, test_gate_verdicts);
#if defined(__x86_64__) && defined(__SSE2__)
  tcase_add_test(tc, test_sse2_and_avx2_agree_with_memmem);
#endif
  suite_add_tcase(s, tc);
  return s;
}
