/* Uses of names: whether an identifier reads a variable, and what a name expression stands for. */
#ifndef ML_NAMES_H
#define ML_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "context.h"

/* True when the identifier reads a variable: not an attribute's or keyword's name, not a name
 * being bound. */
bool ml__is_variable_use(ml__ctx *ctx, TSNode identifier);

/* Writes what a name expression stands for when it is a use worth reporting: an attribute chain
 * (`modal.exception.X`) or an identifier read through `from modal... import *` (names bound by a
 * `from` import are reported at their import by the rules). False otherwise. */
bool ml__name_use(ml__ctx *ctx, TSNode node, char *qualname, size_t size);

#endif
