/* What a document's findings read from the project index, condensed into a hash, so that a change
 * to one module lints again only the open documents that see something different through their
 * imports, not every open document.
 *
 * The library asks the index, for each import statement naming an indexed module, what the module
 * exports under the imported name (`from common import app`), whether a module or submodule
 * exports Modal objects at all (`import common`, `from pkg import common`), and then, for names
 * used through such a module (`common.app`, `pkg.common.app`), what they hold. The signature
 * hashes exactly those answers: for each import statement of the text, the first indexed candidate
 * key (as the library picks it), what the imported name holds, and for a module imported whole
 * what it holds under every identifier the text uses. Equal signatures before and after a change
 * mean the document's lint would read the same answers.
 *
 * Two things it does not capture, which server.c handles by linting again regardless:
 * - a star import of an indexed module binds what the module's `__all__` lists (the signature
 *   sees the names the text uses, not `__all__`): such a document is `volatile_imports`, linted
 *   again on any change in its project;
 * - whether another module imports a name from this one (MDL202 leaves a rename unfixed then):
 *   that is a change to the other module's imports, ws_index_change.imports_changed. */
#ifndef MODAL_LSP_DEPS_H
#define MODAL_LSP_DEPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "modallint/file.h"

/* The import statements of `bytes` that may name a first-party module (all but Modal's own), as
 * the signature reads them: "LEVEL\tMODULE\tNAME\n" each. `*out` is owned by the caller (free);
 * NULL with `*length` 0 when there are none. Returns 0 or ML_ENOMEM. Kept per document, so that
 * checking a thousand documents after a change does not scan a thousand texts. */
int lsp_scan_imports(const char *bytes, size_t length, char **out, size_t *out_length);

/* The signature of a Python document linted as `info` describes: `imports` as lsp_scan_imports
 * gave them for its text `bytes`. Resolves modules in info->index as the lint would. With no index
 * the signature is that of a file importing nothing first-party. */
uint64_t lsp_import_signature(const ml_file_info *info, const char *imports, size_t imports_length,
                              const char *bytes, size_t length, bool *volatile_imports);

#endif
