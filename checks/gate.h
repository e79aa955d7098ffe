/* The cheap gate: whether a file is worth a parse at all. Text scans only. */
#ifndef ML_GATE_H
#define ML_GATE_H

#include <stdbool.h>

#include "modallint/file.h"
#include "modallint/source.h"

/* False when `source` cannot have a finding, so the linter need not parse it:
 * - a file that never mentions "modal" (for Python: unless it imports a first-party module the
 *   project index says exports Modal objects, `from .common import app`);
 * - a Python file that mentions "modal" only in prose (tkinter's "modal dialog"): it neither
 *   imports modal, nor holds text that reads as a `modal run|deploy|serve|shell` command or an
 *   argv word "modal" (MDL123), nor carries a noqa comment (MDL001 reports unused ones).
 * Shell, CI and documentation files pass whenever they mention "modal". */
bool ml__passes_gate(const ml_source *source, const ml_file_info *file);

#endif
