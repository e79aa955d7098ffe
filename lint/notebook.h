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

#include "modallint/diag.h"
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
  int duplicate_key_line;    /* > 0: an object repeats a key there ("source" twice...): the file
                                is linted as Jupyter reads it (the last copy wins) but never
                                rewritten, since the bytes of the other copy would be lost */
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
 * removed a line IPython syntax had to be restored into, or ML_ENOMEM. `spans` (NULL, or two per
 * code cell, owned by the caller) receives where each cell's "source" value starts and ends in
 * *out. */
int cli_notebook_rewrite(const cli_notebook *notebook, const char *json, size_t length,
                         const char *fixed, size_t fixed_length, char **out, size_t *out_length,
                         size_t *spans, char *message, size_t message_size);

/* For the CLI: takes `json` (malloc'd, `length` bytes; owned by the notebook from now on, also on
 * failure) and loads it into a new notebook (*out, freed with cli_notebook_destroy). */
int cli_notebook_open(char *json, size_t length, cli_notebook **out, char *message,
                      size_t message_size);
void cli_notebook_destroy(cli_notebook *notebook);

/* cli_notebook_rewrite of `fixed` into notebook->fixed_json (replacing an earlier one). */
int cli_notebook_fix(cli_notebook *notebook, const ml_source *fixed, char *message,
                     size_t message_size);

/* ---- positions in the notebook file ----
 *
 * CI formats (SARIF, GitHub, GitLab, JUnit) put a finding on a line of the file on disk, so an
 * offset of the virtual text is mapped into the notebook's JSON: a line of a cell is inside the
 * JSON string that holds it ("source" as a list of lines, one string each, or as one string), and
 * its column there is past the quote and past every escape before it on that line (\" \\ \n \t
 * \u00e9, a surrogate pair \ud83d\ude80), so that a column counted in the file lands on the same
 * character. The mapping uses the spans of the "source" values found when the notebook was read (or
 * written by cli_notebook_fix); nothing is parsed again. */
typedef struct cli_notebook_file cli_notebook_file;

/* Prepares the mapping of offsets of `virtual` into the notebook file: the file as read when
 * `virtual` is the text it was read as, else the file cli_notebook_fix last made (`virtual` must
 * then be the text it was given; before any fix, the file as read). `notebook` and `virtual` must
 * outlive *out, which is owned by the caller: cli_notebook_file_free. Returns 0, ML_ENOMEM or
 * ML_ETOOBIG (a file of 4 GiB or more). */
int cli_notebook_file_new(const cli_notebook *notebook, const ml_source *virtual,
                          cli_notebook_file **out);
void cli_notebook_file_free(cli_notebook_file *file);

/* The bytes of the notebook file, with a line index (owned by `file`). */
const ml_source *cli_notebook_file_source(const cli_notebook_file *file);

/* The byte offset in the notebook file of `offset` of the virtual text, and in *cell the 1-based
 * number of its cell (as cli_notebook_locate counts them). *exact is false when the file has no
 * such character position, which maps as follows (never backwards, so a range stays a range):
 * - on a boundary line: the start of the "source" value of the cell after it (the boundary line is
 *   how that cell begins in the virtual text; the value's start is where the file begins it);
 * - inside the bytes of one escaped character (\u00e9 is two bytes): the escape's start;
 * - past the cell's text (the newline the virtual text adds to a cell without one): its end. */
uint32_t cli_notebook_file_offset(const cli_notebook_file *file, uint32_t offset, unsigned *cell,
                                  bool *exact);

/* cli_notebook_file_offset as a 1-based line and column of the notebook file (the column counted
 * in `kind`, as for any other file). Returns the cell number. */
unsigned cli_notebook_file_position(const cli_notebook_file *file, uint32_t offset,
                                    ml_column_kind kind, ml_position *position);

/* `edit` (of the virtual text) as an edit of the notebook file: replace [*start, *end) with *text,
 * its text escaped for a JSON string (malloc'd, NUL-terminated; the caller frees it). Applied to
 * the file, the cell's source reads as the edit makes the virtual text read, though a line the edit
 * adds to a list of lines shares its JSON string with its neighbour. Returns 0, ML_EINVAL when
 * the file cannot take the edit as it is (it crosses or touches a boundary line, ends past a cell's
 * text, splits an escaped character, or deletes IPython syntax the virtual text commented out), or
 * ML_ENOMEM. */
int cli_notebook_file_edit(const cli_notebook_file *file, const ml_edit *edit, uint32_t *start,
                           uint32_t *end, char **text);

#endif
