/* Client settings, from initializationOptions and workspace/didChangeConfiguration:
 *   { "select": ["MDL1"], "ignore": ["MDL112"], "targetVersion": "1.0", "unsafeFixes": false,
 *     "logLevel": "info" }
 * optionally nested under "modal-lint" (VS Code sends its section that way). Arrays may also be
 * comma-separated strings.
 *
 * Which keys were given is kept: a setting given explicitly overrides the project's configuration
 * file, one left out lets the file decide (server.c, options_for). */
#ifndef MODAL_LSP_SETTINGS_H
#define MODAL_LSP_SETTINGS_H

#include <jansson.h>
#include <stdbool.h>

#include "modallint/lint.h"

typedef struct lsp_settings {
  ml_options options;  /* the defaults with the editor's settings applied: used without a file */
  bool unsafe_fixes;
  bool select_given;   /* `select` was given: `select` replaces the rules */
  ml_rule_set select;
  ml_rule_set ignore;  /* the rules `ignore` names (empty when absent) */
  bool target_given;   /* options.target came from targetVersion */
  bool unsafe_given;   /* unsafe_fixes came from unsafeFixes */
} lsp_settings;

void lsp_settings_init(lsp_settings *settings);

/* Reads `json` into `settings` (starting from the defaults: a key that is absent resets to its
 * default, since a didChangeConfiguration carries the whole section). Unknown rules and bad values
 * are logged and skipped, never fatal. */
void lsp_settings_read(lsp_settings *settings, const json_t *json);

bool lsp_settings_equal(const lsp_settings *a, const lsp_settings *b);

#endif
