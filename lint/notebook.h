/* Jupyter notebooks (.ipynb): the code cells as one Python text the library can lint and fix, the
 * way back from a position in that text to "cell N, line, column", and writing fixed cells back
 * into the notebook without touching anything else.
 *
 * The virtual text is every code cell in order, each ending in a newline, separated by a boundary
 * comment line (CLI_NOTEBOOK_BOUNDARY). IPython syntax is not Python: a line magic (`%time x`),
 * a shell line (`!pip install modal`) and a help line (`x?`) have their first character replaced
 * by '#', and a cell magic (`%%bash` on the first line) has every non-empty line commented so.
 * Lengths never change, so offsets map back, and a fixed line that still reads as the commented
 * form gets its original text back. */
#ifndef MODAL_LINT_NOTEBOOK_H
#define MODAL_LINT_NOTEBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "modallint/source.h"

#define CLI_NOTEBOOK_BOUNDARY "# <notebook cell boundary>\n"

typedef struct cli_notebook_cell cli_notebook_cell;

typedef struct cli_notebook {
  char *text;                /* the virtual Python text, NUL-terminated; owned */
  size_t length;
  char *json;                /* the notebook file as read; owned */
  size_t json_length;
  char *fixed_json;          /* after cli_notebook_fix: the file to write; owned */
  size_t fixed_json_length;
  cli_notebook_cell *cells;  /* one per code cell, in order; owned */
  size_t cell_count;
} cli_notebook;

/* Whether `path` names a notebook (ends in ".ipynb"). */
bool cli_notebook_path(const char *path);

/* Reads the notebook JSON `json` (length bytes). Returns 0 with *out filled (free it with
 * cli_notebook_free), ML_EINVAL with `message` saying why the bytes are not a notebook, or
 * ML_ENOMEM. */
int cli_notebook_load(const char *json, size_t length, cli_notebook *out, char *message,
                      size_t message_size);
void cli_notebook_free(cli_notebook *notebook);

/* The position of `offset` in `virtual` (the notebook's virtual text, or a fixed version of it that
 * keeps its boundaries): returns the notebook's 1-based cell number (markdown and raw cells count
 * too, as Jupyter numbers them) and sets *position to the line and column (code points) inside that
 * cell. Returns 0 when the offset lies on a boundary line. */
unsigned cli_notebook_locate(const cli_notebook *notebook, const ml_source *virtual,
                             unsigned offset, ml_position *position);

/* Builds the notebook JSON with the code cells of `fixed` (a fixed version of the virtual text):
 * only the "source" values of cells whose text changed are re-encoded (as a string or a list of
 * lines, as the file had them, with the file's indentation); every other byte stays. Returns 0 with
 * *out (malloc'd, NUL-terminated), ML_EINVAL with `message` when the fix moved a cell boundary or
 * removed a line IPython syntax had to be restored into, or ML_ENOMEM. */
int cli_notebook_rewrite(const cli_notebook *notebook, const char *json, size_t length,
                         const char *fixed, size_t fixed_length, char **out, size_t *out_length,
                         char *message, size_t message_size);

/* For the CLI: takes `json` (malloc'd, `length` bytes; owned by the notebook from now on, also on
 * failure) and loads it into a new notebook (*out, freed with cli_notebook_destroy). */
int cli_notebook_open(char *json, size_t length, cli_notebook **out, char *message,
                      size_t message_size);
void cli_notebook_destroy(cli_notebook *notebook);

/* cli_notebook_rewrite of `fixed` into notebook->fixed_json (replacing an earlier one). */
int cli_notebook_fix(cli_notebook *notebook, const ml_source *fixed, char *message,
                     size_t message_size);

#endif
