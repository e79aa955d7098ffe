/* Moving a name imported from Modal (`from modal.runner import deploy_stub` becoming
 * `deploy_app`): the import and every use change together. */
#ifndef ML_IMPORT_MOVES_H
#define ML_IMPORT_MOVES_H

#include <stdint.h>
#include <tree_sitter/api.h>

#include "context.h"
#include "semantic.h"

/* The `from ... import ...` statement that holds the byte range of an imported name, or a null
 * node. */
TSNode ml__import_statement_of(ml__ctx *ctx, uint32_t start, uint32_t end);

/* How one Modal name imported with `from MODULE import OLD [as x]` moves. */
typedef struct ml__import_move {
  const char *message;      /* the finding's message */
  const char *new_module;   /* the module the statement must import from, or NULL to keep it */
  const char *new_name;     /* the name to import instead of OLD */
  const char *new_qualname; /* what `new_name` resolves to once imported ("modal.runner.run_app") */
  ml_applicability applicability;
  /* The other names that may share the statement when the module changes (they move with it);
   * NULL-terminated. A statement importing anything else keeps its module and gets no fix. */
  const char *const *movable;
} ml__import_move;

/* Reports every use of the imported binding `b` (or the import itself when it is never used) and
 * attaches the same whole-file fix to each: the import names `new_name`, and either every use is
 * renamed too, or (when a use cannot be followed, or the new name is taken) the import becomes
 * `new_name as OLD` so the uses keep working. An aliased import only changes the imported name. */
void ml__move_import(ml__ctx *ctx, const ml__binding *b, const ml__import_move *move);

#endif
