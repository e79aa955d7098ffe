/* The framing state machine alone: byte streams in, bodies and errors out, no I/O. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "framing.h"

typedef struct events {
  char bodies[8][256];
  int body_count;
  int error_count;
} events;

/* Feeds `data` in pieces of `step` bytes (0: all at once). */
static void run(lsp_framer *framer, const char *data, size_t length, size_t step, events *out) {
  memset(out, 0, sizeof *out);
  size_t at = 0;
  while (at < length) {
    size_t piece = step && step < length - at ? step : length - at;
    const char *p = data + at;
    size_t left = piece;
    while (left > 0) {
      lsp_frame frame;
      size_t used;
      lsp_framer_feed(framer, p, left, &used, &frame);
      p += used;
      left -= used;
      if (frame.kind == LSP_FRAME_MESSAGE && out->body_count < 8)
        snprintf(out->bodies[out->body_count++], 256, "%.*s", (int)frame.length, frame.body);
      if (frame.kind == LSP_FRAME_ERROR) out->error_count++;
    }
    at += piece;
  }
}

static const char two[] = "Content-Length: 2\r\n\r\n{}Content-Type: x\r\ncontent-length:  3 \r\n\r\n[1]";

START_TEST(every_split_gives_the_same_messages) {
  for (size_t step = 0; step <= 7; step++) {
    lsp_framer framer;
    lsp_framer_init(&framer, 0);
    events e;
    run(&framer, two, strlen(two), step, &e);
    ck_assert_int_eq(e.body_count, 2);
    ck_assert_int_eq(e.error_count, 0);
    ck_assert_str_eq(e.bodies[0], "{}");
    ck_assert_str_eq(e.bodies[1], "[1]");
    ck_assert(lsp_framer_idle(&framer));
    lsp_framer_free(&framer);
  }
}
END_TEST

START_TEST(errors_resynchronise) {
  const char *cases[] = {
      "Content-Length: 99999\r\n\r\nxxxxContent-Length: 2\r\n\r\n{}",          /* over the cap */
      "Content-Length: abc\r\n\r\nContent-Length: 2\r\n\r\n{}",                 /* not a number */
      "X-Other: 1\r\n\r\n{\"garbage\":1}\r\nContent-Length: 2\r\n\r\n{}",       /* missing */
      "no colon here\r\n\r\nCONTENT-LENGTH: 2\r\n\r\n{}",                        /* malformed */
      "Content-Length: 184467440737095516160\r\n\r\nContent-Length: 2\r\n\r\n{}", /* overflow */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    for (size_t step = 0; step <= 3; step++) {
      lsp_framer framer;
      lsp_framer_init(&framer, 1000);
      events e;
      run(&framer, cases[i], strlen(cases[i]), step, &e);
      ck_assert_msg(e.error_count == 1, "case %zu step %zu: %d errors", i, step, e.error_count);
      ck_assert_int_eq(e.body_count, 1);
      ck_assert_str_eq(e.bodies[0], "{}");
      lsp_framer_free(&framer);
    }
  }
}
END_TEST

START_TEST(header_block_too_long) {
  lsp_framer framer;
  lsp_framer_init(&framer, 0);
  size_t length = LSP_FRAME_MAX_HEADER + 100;
  char *data = malloc(length + 64);
  memset(data, 'a', length);
  strcpy(data + length, "Content-Length: 2\r\n\r\n{}");
  events e;
  run(&framer, data, strlen(data), 4096, &e);
  ck_assert_int_eq(e.error_count, 1);
  ck_assert_int_eq(e.body_count, 1);
  free(data);
  lsp_framer_free(&framer);
}
END_TEST

START_TEST(empty_body_and_blank_lines) {
  lsp_framer framer;
  lsp_framer_init(&framer, 0);
  const char *data = "\r\nContent-Length: 0\r\n\r\n\r\nContent-Length: 1\n\nx";
  events e;
  run(&framer, data, strlen(data), 0, &e);
  ck_assert_int_eq(e.error_count, 0);
  ck_assert_int_eq(e.body_count, 2);
  ck_assert_str_eq(e.bodies[0], "");
  ck_assert_str_eq(e.bodies[1], "x");
  lsp_framer_free(&framer);
}
END_TEST

int main(void) {
  Suite *s = suite_create("modal-lsp framing");
  TCase *t = tcase_create("framing");
  tcase_add_test(t, every_split_gives_the_same_messages);
  tcase_add_test(t, errors_resynchronise);
  tcase_add_test(t, header_block_too_long);
  tcase_add_test(t, empty_body_and_blank_lines);
  suite_add_tcase(s, t);
  SRunner *runner = srunner_create(s);
  srunner_run_all(runner, CK_NORMAL);
  int failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  return failed ? 1 : 0;
}
