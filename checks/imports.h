/* The one helper every fix uses to name something from Modal. */
#ifndef ML_IMPORTS_H
#define ML_IMPORTS_H

#include <stdbool.h>
#include <stddef.h>

#include "context.h"

/* Writes into `spelling` how module-level code in this file can name `modal.<name>` (for example
 * "modal.concurrent", "m.concurrent" or "concurrent") and adds to `fix` the import edit that
 * spelling needs, if any. In order of preference it reuses a name already imported from Modal, an
 * `import modal [as m]`, or extends an existing `from modal import ...`; failing those it adds
 * `import modal` before the first import. It never binds a name the file already uses. Returns
 * false when no spelling is safe; the caller then offers no fix. */
bool ml__fix_modal_name(ml__ctx *ctx, ml_fix *fix, const char *name, char *spelling, size_t size);

#endif
