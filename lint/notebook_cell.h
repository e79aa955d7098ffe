/* What lint/notebook.c knows of each code cell, shared with lint/notebook_file.c (positions in the
 * notebook file); private to those two. */
#ifndef MODAL_LINT_NOTEBOOK_CELL_H
#define MODAL_LINT_NOTEBOOK_CELL_H

#include <stdbool.h>
#include <stddef.h>

#include "notebook.h"

struct cli_notebook_cell {
  unsigned number;        /* 1-based among all cells */
  size_t span_start;      /* the "source" value's bytes in the JSON */
  size_t span_end;
  size_t fixed_span_start; /* the same in notebook->fixed_json, once cli_notebook_fix made it */
  size_t fixed_span_end;
  bool is_list;           /* a list of lines rather than one string */
  char *original;         /* the cell's source as the notebook holds it; owned */
  char *virtual_form;     /* with IPython syntax commented out, without the added newline; owned */
  size_t length;          /* of both: commenting out keeps lengths */
  bool added_newline;     /* the virtual text ends the cell with a newline the cell lacks */
};

/* `text` as the characters of a JSON string (escaped, without the quotes), as the notebook's own
 * writer escapes them; malloc'd, NULL when out of memory. */
char *cli_notebook_json_characters(const char *text);

#endif
