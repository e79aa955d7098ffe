/* Positions of a notebook's findings in the .ipynb file (lint/notebook.c, cli_notebook_file_*):
 * each expected line and column below was counted by hand in the JSON text beside it, and each
 * mapped offset is also checked to hold the flagged text. Edits mapped into the file are applied
 * to it, and the file read again must hold the edited cells. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "modallint/source.h"

#include "notebook.h"

static int passed, failures;

static void report(int ok, const char *name) {
  printf("%s - %s\n", ok ? "ok" : "not ok", name);
  passed += ok != 0;
  failures += !ok;
}

/* A notebook read from `json`, and its virtual text as a source; NULL-safe to close. */
typedef struct opened {
  cli_notebook *notebook;
  ml_source *text;
} opened;

static opened open_notebook(const char *json) {
  opened o = {0};
  size_t length = strlen(json);
  char *copy = malloc(length + 1);
  char message[256];
  if (copy == NULL)
    return o;
  memcpy(copy, json, length + 1);
  if (cli_notebook_open(copy, length, &o.notebook, message, sizeof message) != ML_OK) {
    printf("# cannot open the test notebook: %s\n", message);
    return o;
  }
  if (ml_source_new(o.notebook->text, o.notebook->length, &o.text) != ML_OK) {
    cli_notebook_destroy(o.notebook);
    o.notebook = NULL;
  }
  return o;
}

static void close_notebook(opened *o) {
  ml_source_free(o->text);
  cli_notebook_destroy(o->notebook);
}

/* The offset of the `nth` (from 1) occurrence of `needle` in `text`. */
static uint32_t offset_of(const ml_source *text, const char *needle, int nth) {
  const char *bytes = ml_source_bytes(text), *at = bytes;
  for (int i = 0; at != NULL && i < nth; i++) {
    at = strstr(i == 0 ? at : at + 1, needle);
  }
  if (at == NULL) {
    printf("# %s not in the virtual text\n", needle);
    return 0;
  }
  return (uint32_t)(at - bytes);
}

/* Maps `offset` and compares with the hand-counted cell, line, column (in `kind`) and exactness,
 * and that the file holds `holds` there (NULL: not checked). */
static void expect_position(const cli_notebook_file *file, const char *name, uint32_t offset,
                            ml_column_kind kind, unsigned cell, uint32_t line, uint32_t column,
                            int exact, const char *holds) {
  unsigned got_cell;
  bool got_exact;
  uint32_t at = cli_notebook_file_offset(file, offset, &got_cell, &got_exact);
  ml_position pos;
  unsigned position_cell = cli_notebook_file_position(file, offset, kind, &pos);
  const char *bytes = ml_source_bytes(cli_notebook_file_source(file));
  int ok = got_cell == cell && position_cell == cell && pos.line == line &&
           pos.column == column && got_exact == (exact != 0) &&
           (holds == NULL || strncmp(bytes + at, holds, strlen(holds)) == 0);
  report(ok, name);
  if (!ok)
    printf("#   got cell %u, %u:%u, %s, file text \"%.12s\"; want cell %u, %u:%u, %s\n",
           got_cell, pos.line, pos.column, got_exact ? "exact" : "not exact", bytes + at, cell,
           line, column, exact ? "exact" : "not exact");
}

/* Maps the edit of [start, end) to `text` into the file, applies it there, reads the file again:
 * its virtual text must be the edited one. */
static void expect_edit(const opened *o, const cli_notebook_file *file, const char *name,
                        uint32_t start, uint32_t end, const char *text) {
  ml_edit edit = {start, end, (char *)text};
  uint32_t file_start, file_end;
  char *escaped = NULL;
  int err = cli_notebook_file_edit(file, &edit, &file_start, &file_end, &escaped);
  if (err != ML_OK) {
    report(0, name);
    printf("#   the edit was refused (%d)\n", err);
    return;
  }
  const ml_source *json = cli_notebook_file_source(file);
  const char *old = ml_source_bytes(o->text);
  size_t old_length = ml_source_length(o->text);
  size_t json_length = ml_source_length(json);
  size_t edited_length = json_length - (file_end - file_start) + strlen(escaped);
  size_t want_length = old_length - (end - start) + strlen(text);
  char *edited = malloc(edited_length + 1), *want = malloc(want_length + 1);
  if (edited == NULL || want == NULL) {
    free(edited);
    free(want);
    free(escaped);
    report(0, name);
    return;
  }
  snprintf(edited, edited_length + 1, "%.*s%s%s", (int)file_start, ml_source_bytes(json),
           escaped, ml_source_bytes(json) + file_end);
  snprintf(want, want_length + 1, "%.*s%s%s", (int)start, old, text, old + end);
  cli_notebook reread;
  char message[256];
  int ok = cli_notebook_load(edited, edited_length, &reread, message, sizeof message) == ML_OK;
  if (ok) {
    ok = reread.length == want_length && memcmp(reread.text, want, want_length) == 0;
    if (!ok)
      printf("#   the file now holds:\n%s\n#   want:\n%s\n", reread.text, want);
    cli_notebook_free(&reread);
  } else {
    printf("#   the edited file is no notebook: %s\n%s\n", message, edited);
  }
  report(ok, name);
  free(edited);
  free(want);
  free(escaped);
}

static void expect_refused(const cli_notebook_file *file, const char *name, uint32_t start,
                           uint32_t end, const char *text) {
  ml_edit edit = {start, end, (char *)text};
  uint32_t file_start, file_end;
  char *escaped = NULL;
  int err = cli_notebook_file_edit(file, &edit, &file_start, &file_end, &escaped);
  free(escaped);
  report(err == ML_EINVAL, name);
}

/* "source" as a list of lines (nbformat's layout) and as one string; escapes before the flagged
 * name, raw multi-byte UTF-8 before it, a markdown cell counted in the cell numbers. */
static const char list_and_string[] =
    "{\n"                                                           /* 1 */
    " \"cells\": [\n"                                               /* 2 */
    "  {\n"                                                         /* 3 */
    "   \"cell_type\": \"markdown\",\n"                             /* 4 */
    "   \"metadata\": {},\n"                                        /* 5 */
    "   \"source\": [\"# keep_warm in a title\"]\n"                 /* 6 */
    "  },\n"                                                        /* 7 */
    "  {\n"                                                         /* 8 */
    "   \"cell_type\": \"code\",\n"                                 /* 9 */
    "   \"metadata\": {},\n"                                        /* 10 */
    "   \"source\": [\n"                                            /* 11 */
    "    \"import modal\\n\",\n"                                    /* 12 */
    "    \"app = modal.App()\\n\",\n"                               /* 13 */
    "    \"x = \\\"a\\\\b\\\" + \\\"\\t\\u00e9\\\"; f(keep_warm=1)\\n\",\n" /* 14 */
    "    \"@app.function(keep_warm=1)\"\n"                          /* 15 */
    "   ]\n"                                                        /* 16 */
    "  },\n"                                                        /* 17 */
    "  {\n"                                                         /* 18 */
    "   \"cell_type\": \"code\",\n"                                 /* 19 */
    "   \"metadata\": {},\n"                                        /* 20 */
    "   \"source\": \"y = '\xC3\xA9\xF0\x9F\x9A\x80'; g(keep_warm=2)\\n"          /* 21 */
    "@app.function(keep_warm=3)\\n\"\n"
    "  }\n"                                                         /* 22 */
    " ],\n"                                                         /* 23 */
    " \"metadata\": {},\n"                                          /* 24 */
    " \"nbformat\": 4,\n"                                           /* 25 */
    " \"nbformat_minor\": 5\n"                                      /* 26 */
    "}\n";                                                          /* 27 */

static void test_list_and_string(void) {
  opened o = open_notebook(list_and_string);
  cli_notebook_file *file = NULL;
  if (o.notebook == NULL || cli_notebook_file_new(o.notebook, o.text, &file) != ML_OK) {
    report(0, "list and string: open");
    close_notebook(&o);
    return;
  }
  const ml_source *t = o.text;
  /* Line 12: 4 spaces and the quote, then the cell's first line. */
  expect_position(file, "list: first character of a cell", 0, ML_COLUMN_CODEPOINT, 2, 12, 6, 1,
                  "import modal");
  /* The start of a line is the start of its element, not the end of the one before. */
  expect_position(file, "list: start of the second line", offset_of(t, "app = ", 1),
                  ML_COLUMN_CODEPOINT, 2, 13, 6, 1, "app = ");
  /* Line 14: `    "x = \"a\\b\" + \"\t\u00e9\"; f(` is 36 characters; the cell's line has 20
   * before keep_warm. */
  expect_position(file, "list: escapes before the finding", offset_of(t, "keep_warm", 1),
                  ML_COLUMN_CODEPOINT, 2, 14, 37, 1, "keep_warm=1)\\n");
  expect_position(file, "list: escapes before the finding, UTF-16", offset_of(t, "keep_warm", 1),
                  ML_COLUMN_UTF16, 2, 14, 37, 1, NULL);
  expect_position(file, "list: last line, no newline", offset_of(t, "keep_warm", 2),
                  ML_COLUMN_CODEPOINT, 2, 15, 20, 1, "keep_warm=1)\"");
  /* The newline the virtual text adds after "@app.function(keep_warm=1)" is the end of the text:
   * its closing quote (line 15, column 5 + 27 + 1). */
  expect_position(file, "list: the added newline is the text's end",
                  offset_of(t, "@app.function(keep_warm=1)\n", 1) + 26, ML_COLUMN_CODEPOINT, 2,
                  15, 32, 1, "\"\n");
  /* Line 21: `   "source": "` is 14 characters, then `y = 'é🚀'; g(` is 12 code points, 13
   * UTF-16 units, 16 bytes. */
  uint32_t raw = offset_of(t, "keep_warm", 3);
  expect_position(file, "string: multi-byte UTF-8, code points", raw, ML_COLUMN_CODEPOINT, 3, 21,
                  27, 1, "keep_warm=2");
  expect_position(file, "string: multi-byte UTF-8, UTF-16", raw, ML_COLUMN_UTF16, 3, 21, 28, 1,
                  NULL);
  expect_position(file, "string: multi-byte UTF-8, bytes", raw, ML_COLUMN_UTF8, 3, 21, 31, 1,
                  NULL);
  /* The second line of a string: past `y = 'é🚀'; g(keep_warm=2)\n` (26 code points in the
   * file) and `@app.function(`. */
  expect_position(file, "string: second line", offset_of(t, "keep_warm", 4), ML_COLUMN_CODEPOINT,
                  3, 21, 55, 1, "keep_warm=3");
  /* The boundary line before cell 3: the start of cell 3's "source" value (line 21, column 14). */
  expect_position(file, "boundary line: start of the next cell's source",
                  offset_of(t, CLI_NOTEBOOK_BOUNDARY, 1) + 5, ML_COLUMN_CODEPOINT, 3, 21, 14, 0,
                  "\"y = ");

  expect_edit(&o, file, "edit: rename after escapes", offset_of(t, "keep_warm", 1),
              offset_of(t, "keep_warm", 1) + 9, "min_containers");
  expect_edit(&o, file, "edit: insert a line with quotes and a tab at a line's start",
              offset_of(t, "app = ", 1), offset_of(t, "app = ", 1),
              "import os  # \"q\"\\\t\n");
  expect_edit(&o, file, "edit: join two lines of a list", offset_of(t, "modal\n", 1) + 5,
              offset_of(t, "app = ", 1) + 6, "; app = ");
  expect_edit(&o, file, "edit: append to a cell without a final newline",
              offset_of(t, "@app.function(keep_warm=1)", 1) + 26,
              offset_of(t, "@app.function(keep_warm=1)", 1) + 26, "\ndef f(): pass");
  expect_edit(&o, file, "edit: in a string after multi-byte UTF-8", raw, raw + 9,
              "min_containers");
  uint32_t last = offset_of(t, "@app.function(keep_warm=3)", 1);
  expect_edit(&o, file, "edit: delete a whole line of a string", last, last + 27, "");
  expect_refused(file, "edit: across a boundary is refused", offset_of(t, "keep_warm=1)\n", 2),
                 raw, "x");
  expect_refused(file, "edit: past a cell's text is refused",
                 offset_of(t, "@app.function(keep_warm=1)", 1) + 26,
                 offset_of(t, "@app.function(keep_warm=1)", 1) + 27, "");
  cli_notebook_file_free(file);

  /* After --fix added a line to cell 2, cell 3 is one line further down in the fixed file; the
   * text as read still maps into the file as read. */
  const char *text = ml_source_bytes(t);
  const char *line2 = strstr(text, "app = ");
  char fixed[1024];
  snprintf(fixed, sizeof fixed, "%.*simport os\n%s", (int)(line2 - text), text, line2);
  ml_source *fixed_text = NULL;
  char message[256];
  if (ml_source_new(fixed, strlen(fixed), &fixed_text) != ML_OK ||
      cli_notebook_fix(o.notebook, fixed_text, message, sizeof message) != ML_OK ||
      cli_notebook_file_new(o.notebook, fixed_text, &file) != ML_OK) {
    report(0, "fixed: open");
  } else {
    expect_position(file, "fixed: a later cell moves down a line",
                    offset_of(fixed_text, "keep_warm", 4), ML_COLUMN_CODEPOINT, 3, 22, 55, 1,
                    "keep_warm=3");
    expect_position(file, "fixed: the added line", offset_of(fixed_text, "import os", 1),
                    ML_COLUMN_CODEPOINT, 2, 13, 6, 1, "import os\\n");
    cli_notebook_file_free(file);
    file = NULL;
    if (cli_notebook_file_new(o.notebook, t, &file) == ML_OK)
      expect_position(file, "fixed: the text as read maps into the file as read",
                      offset_of(t, "keep_warm", 4), ML_COLUMN_CODEPOINT, 3, 21, 55, 1,
                      "keep_warm=3");
    else
      report(0, "fixed: the text as read maps into the file as read");
  }
  cli_notebook_file_free(file);
  ml_source_free(fixed_text);
  close_notebook(&o);
}

/* CRLF line ends in the JSON, escaped characters (a surrogate pair, é) before the finding, and a
 * shell line the virtual text comments out. */
static const char crlf_escaped[] =
    "{\r\n"                                                                       /* 1 */
    " \"cells\": [\r\n"                                                           /* 2 */
    "  {\r\n"                                                                     /* 3 */
    "   \"cell_type\": \"code\",\r\n"                                             /* 4 */
    "   \"source\": [\r\n"                                                        /* 5 */
    "    \"import modal\\n\",\r\n"                                                /* 6 */
    "    \"s = \\\"\\ud83d\\ude80\\u00e9\\\"; modal.App(keep_warm=1)\\n\"\r\n"    /* 7 */
    "   ]\r\n"                                                                    /* 8 */
    "  },\r\n"                                                                    /* 9 */
    "  {\r\n"                                                                     /* 10 */
    "   \"cell_type\": \"code\",\r\n"                                             /* 11 */
    "   \"source\": \"!pip install modal\\nf(keep_warm=2)\"\r\n"                  /* 12 */
    "  }\r\n"                                                                     /* 13 */
    " ]\r\n"                                                                      /* 14 */
    "}\r\n";                                                                      /* 15 */

static void test_crlf_escaped(void) {
  opened o = open_notebook(crlf_escaped);
  cli_notebook_file *file = NULL;
  if (o.notebook == NULL || cli_notebook_file_new(o.notebook, o.text, &file) != ML_OK) {
    report(0, "crlf: open");
    close_notebook(&o);
    return;
  }
  const ml_source *t = o.text;
  /* Line 7: `    "s = \"\ud83d\ude80\u00e9\"; modal.App(` is 43 characters. */
  expect_position(file, "crlf: escaped astral character and é before the finding",
                  offset_of(t, "keep_warm", 1), ML_COLUMN_UTF16, 1, 7, 44, 1, "keep_warm=1");
  expect_position(file, "crlf: the same in code points", offset_of(t, "keep_warm", 1),
                  ML_COLUMN_CODEPOINT, 1, 7, 44, 1, NULL);
  /* Line 12: `   "source": "!pip install modal\nf(` is 36 characters. */
  expect_position(file, "crlf: after a shell line, in a string", offset_of(t, "keep_warm", 2),
                  ML_COLUMN_CODEPOINT, 2, 12, 37, 1, "keep_warm=2");
  expect_position(file, "crlf: the commented shell line is the file's", offset_of(t, "#pip", 1),
                  ML_COLUMN_CODEPOINT, 2, 12, 15, 1, "!pip");
  /* The end of the virtual text (past the newline it adds): the closing quote, column 49. */
  expect_position(file, "crlf: the end of the text", (uint32_t)ml_source_length(t),
                  ML_COLUMN_CODEPOINT, 2, 12, 49, 0, "\"\r\n");
  /* Inside 🚀: the start of its escape, \ud83d (line 7, column 12). */
  expect_position(file, "crlf: inside an escaped character",
                  offset_of(t, "\xF0\x9F\x9A\x80", 1) + 1, ML_COLUMN_CODEPOINT, 1, 7, 12, 0,
                  "\\ud83d");

  expect_edit(&o, file, "crlf edit: rename after escapes", offset_of(t, "keep_warm", 1),
              offset_of(t, "keep_warm", 1) + 9, "min_containers");
  expect_edit(&o, file, "crlf edit: replace an escaped character",
              offset_of(t, "\xF0\x9F\x9A\x80", 1), offset_of(t, "\xF0\x9F\x9A\x80", 1) + 4,
              "\xE2\x9C\x93");
  expect_edit(&o, file, "crlf edit: a shell line's text after its first character",
              offset_of(t, "pip", 1), offset_of(t, "pip", 1) + 3, "uv pip");
  expect_refused(file, "crlf edit: deleting a commented-out '!' is refused",
                 offset_of(t, "#pip", 1), offset_of(t, "#pip", 1) + 1, "");
  expect_refused(file, "crlf edit: splitting an escaped character is refused",
                 offset_of(t, "\xF0\x9F\x9A\x80", 1) + 2, offset_of(t, "\xF0\x9F\x9A\x80", 1) + 4,
                 "");
  cli_notebook_file_free(file);
  close_notebook(&o);
}

int main(void) {
  test_list_and_string();
  test_crlf_escaped();
  printf("%d passed, %d failed\n", passed, failures);
  return failures != 0;
}
