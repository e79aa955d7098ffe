/* MDL254 sandbox-experimental-snapshot-aliases (catalogue B-54): the `_experimental_` aliases of
 * `Sandbox.mount_image` and `Sandbox.snapshot_directory`, removed in 1.4.0. */
#include <string.h>

#include "../calls.h"
#include "../imports.h"
#include "../receivers.h"
#include "../rulekit.h"
#include "rules.h"

static const struct {
  const char *old_name;
  const char *new_name;
} aliases[] = {
    {"_experimental_mount_image", "mount_image"},
    {"_experimental_snapshot_directory", "snapshot_directory"},
};

/* `mount_image(path, None)` meant an empty image; the new method wants an Image, so the fix
 * passes `modal.Image.from_scratch()`. */
static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  for (size_t i = 0; c && i < sizeof aliases / sizeof aliases[0]; i++) {
    if (!ml__call_method_is(ctx, c, aliases[i].old_name)) continue;
    TSNode method = c->method;
    ml__type type = ml__receiver_type(ctx, c->receiver);
    /* The names are Modal's own: an object of unknown type is still reported, but only a known
     * Sandbox is rewritten; a known non-Sandbox is someone else's method. */
    if (type != ML_TYPE_SANDBOX &&
        (type != ML_TYPE_UNKNOWN || !ml__semantic_reaches_modal(&ctx->sem)))
      return;
    ml_diag *diag = ml__report_node(ctx, method, "`Sandbox.%s` was renamed to `Sandbox.%s`",
                                    aliases[i].old_name, aliases[i].new_name);
    if (type != ML_TYPE_SANDBOX) return;
    ml_fix *fix = ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Rename to `%s`",
                                aliases[i].new_name);
    if (!fix) return;
    ml__fix_edit(ctx, fix, ts_node_start_byte(method), ts_node_end_byte(method),
                 aliases[i].new_name);
    char spelling[128];
    if (i == 0) {
      TSNode image = ml__call_positional(ctx->syntax, call, 1);
      if (ts_node_is_null(image))
        image = ml__keyword_value(ctx, ml__call_keyword(ctx, call, "image"));
      if (!ts_node_is_null(image) && ml__kind_of(ctx->syntax, image) == ML_KIND_NONE) {
        if (!ml__fix_modal_name(ctx, fix, "Image", spelling, sizeof spelling)) {
          /* No safe way to name `modal.Image` here: no fix rather than a half one. */
          ml__fix_downgrade(diag, ML_APPLICABILITY_DISPLAY_ONLY);
          ml__fix_end(ctx, diag);
          return;
        }
        char text[160];
        strcpy(text, spelling);
        strcat(text, ".from_scratch()");
        ml__fix_edit(ctx, fix, ts_node_start_byte(image), ts_node_end_byte(image), text);
      }
    }
    ml__fix_end(ctx, diag);
    return;
  }
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"_experimental_mount_image",
                                       "_experimental_snapshot_directory", NULL};

const ml__rule_impl ml__rule_mdl254 = {
    .info = ML__RULE_INFO_MDL254,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
