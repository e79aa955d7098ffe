/* The source model: line index and offset <-> position conversions. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/source.h"

static ml_source *make(const char *bytes, size_t length) {
  ml_source *source = NULL;
  ck_assert_int_eq(ml_source_new(bytes, length, &source), ML_OK);
  return source;
}

static void assert_position(const ml_source *s, uint32_t offset, ml_column_kind kind,
                            uint32_t line, uint32_t column) {
  ml_position p = ml_source_position(s, offset, kind);
  ck_assert_uint_eq(p.line, line);
  ck_assert_uint_eq(p.column, column);
  /* And back again. */
  ck_assert_uint_eq(ml_source_offset(s, p, kind), offset);
}

START_TEST(test_lines_lf_crlf_cr) {
  const char text[] = "a\nbb\r\nccc\rd";
  ml_source *s = make(text, sizeof text - 1);
  ck_assert_uint_eq(ml_source_line_count(s), 4);
  ck_assert_uint_eq(ml_source_line_start(s, 2), 2);
  ck_assert_uint_eq(ml_source_line_end(s, 2), 4);
  ck_assert_uint_eq(ml_source_line_start(s, 3), 6);
  ck_assert_uint_eq(ml_source_line_end(s, 3), 9);
  ck_assert_uint_eq(ml_source_line_start(s, 4), 10);
  ck_assert_uint_eq(ml_source_line_end(s, 4), 11);
  assert_position(s, 3, ML_COLUMN_UTF8, 2, 2);
  assert_position(s, 10, ML_COLUMN_UTF8, 4, 1);
  ml_source_free(s);
}
END_TEST

START_TEST(test_dominant_newline) {
  ml_source *crlf = make("a\r\nb\r\nc\n", 8);
  ck_assert_str_eq(ml_source_newline(crlf), "\r\n");
  ml_source_free(crlf);
  ml_source *lf = make("a\nb\n", 4);
  ck_assert_str_eq(ml_source_newline(lf), "\n");
  ml_source_free(lf);
  ml_source *none = make("abc", 3);
  ck_assert_str_eq(ml_source_newline(none), "\n");
  ml_source_free(none);
}
END_TEST

START_TEST(test_non_ascii_columns) {
  /* "é" is 2 bytes / 1 unit; "😀" is 4 bytes / 2 UTF-16 units / 1 code point. */
  const char text[] = "x = \"\xC3\xA9\xF0\x9F\x98\x80\" + y";
  ml_source *s = make(text, sizeof text - 1);
  uint32_t y = (uint32_t)(strchr(text, 'y') - text);
  assert_position(s, y, ML_COLUMN_UTF8, 1, 16);
  assert_position(s, y, ML_COLUMN_UTF16, 1, 13);
  assert_position(s, y, ML_COLUMN_CODEPOINT, 1, 12);
  ml_source_free(s);
}
END_TEST

START_TEST(test_bom_not_counted) {
  const char text[] = "\xEF\xBB\xBFimport modal\nx";
  ml_source *s = make(text, sizeof text - 1);
  ck_assert_uint_eq(ml_source_bom_length(s), 3);
  assert_position(s, 3, ML_COLUMN_UTF8, 1, 1);
  assert_position(s, 10, ML_COLUMN_UTF16, 1, 8);
  ml_position inside = ml_source_position(s, 1, ML_COLUMN_UTF8);
  ck_assert_uint_eq(inside.column, 1);
  ml_source_free(s);
}
END_TEST

START_TEST(test_invalid_utf8_and_nul) {
  /* A lone continuation byte, a truncated sequence and a NUL each count as one unit. */
  const char text[] = "a\x80" "b\xE2\x82" "c\0d";
  ml_source *s = make(text, sizeof text - 1);
  ck_assert_uint_eq(ml_source_length(s), sizeof text - 1);
  uint32_t d = sizeof text - 2;
  assert_position(s, d, ML_COLUMN_UTF16, 1, 8);
  assert_position(s, d, ML_COLUMN_CODEPOINT, 1, 8);
  ml_source_free(s);
}
END_TEST

START_TEST(test_clamping) {
  ml_source *s = make("ab\ncd", 5);
  ml_position far = {9, 1};
  ck_assert_uint_eq(ml_source_offset(s, far, ML_COLUMN_UTF16), 5);
  ml_position wide = {1, 99};
  ck_assert_uint_eq(ml_source_offset(s, wide, ML_COLUMN_UTF16), 2);
  ml_position end = ml_source_position(s, 999, ML_COLUMN_UTF8);
  ck_assert_uint_eq(end.line, 2);
  ck_assert_uint_eq(end.column, 3);
  ml_source_free(s);
}
END_TEST

START_TEST(test_empty) {
  ml_source *s = make("", 0);
  ck_assert_uint_eq(ml_source_line_count(s), 1);
  assert_position(s, 0, ML_COLUMN_UTF8, 1, 1);
  ck_assert_str_eq(ml_source_bytes(s), "");
  ml_source_free(s);
}
END_TEST

START_TEST(test_utf16_column_inside_surrogate_pair) {
  const char text[] = "\xF0\x9F\x98\x80z";
  ml_source *s = make(text, sizeof text - 1);
  ml_position middle = {1, 2}; /* between the two halves of the pair */
  ck_assert_uint_eq(ml_source_offset(s, middle, ML_COLUMN_UTF16), 0);
  ml_source_free(s);
}
END_TEST

Suite *source_suite(void) {
  Suite *suite = suite_create("source");
  TCase *tc = tcase_create("source");
  tcase_add_test(tc, test_lines_lf_crlf_cr);
  tcase_add_test(tc, test_dominant_newline);
  tcase_add_test(tc, test_non_ascii_columns);
  tcase_add_test(tc, test_bom_not_counted);
  tcase_add_test(tc, test_invalid_utf8_and_nul);
  tcase_add_test(tc, test_clamping);
  tcase_add_test(tc, test_empty);
  tcase_add_test(tc, test_utf16_column_inside_surrogate_pair);
  suite_add_tcase(suite, tc);
  return suite;
}
