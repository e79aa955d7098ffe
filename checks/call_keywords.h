/* A call's keyword arguments by name, remembered per call node: every rule that visits a call
 * asks it for the keywords it cares about (64 rules visit calls), and finding one by a scan of
 * the argument list each time was the costliest helper of a Modal-heavy file. */
#ifndef ML_CALL_KEYWORDS_H
#define ML_CALL_KEYWORDS_H

#include <tree_sitter/api.h>

#include "context.h"

/* The keyword_argument of `call` (a call node) named `name`, or a null node. */
TSNode ml__call_keyword(ml__ctx *ctx, TSNode call, const char *name);

#endif
