/* MDL261 experimental-raw-images (catalogue B-61): `modal.experimental.raw_dockerfile_image` and
 * `raw_registry_image` were removed in 1.4.0 without a warning. */
#include <string.h>

#include "../names.h"
#include "rules.h"

static const struct {
  const char *qualname;
  const char *replacement;
} names[] = {
    {"modal.experimental.raw_dockerfile_image", "modal.Image.from_dockerfile"},
    {"modal.experimental.raw_registry_image", "modal.Image.from_registry"},
};

static const char *replacement_of(const char *qualname) {
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(qualname, names[i].qualname) == 0) return names[i].replacement;
  return NULL;
}

static void report(ml__ctx *ctx, uint32_t start, uint32_t end, const char *qualname,
                   const char *replacement) {
  ml__report(ctx, start, end,
             "`%s` was removed; use `%s` with Image Builder Version 2025.06, which no longer "
             "adds Modal's client dependencies",
             qualname, replacement);
}

static void visit(ml__ctx *ctx, TSNode node) {
  char qualname[256];
  if (!ml__name_use(ctx, node, qualname, sizeof qualname)) return;
  const char *replacement = replacement_of(qualname);
  if (replacement)
    report(ctx, ts_node_start_byte(node), ts_node_end_byte(node), qualname, replacement);
}

/* `from modal.experimental import raw_registry_image` fails itself: the import is the finding. */
static void finish(ml__ctx *ctx) {
  for (size_t i = 0; i < ctx->sem.bindings.count && !ctx->error; i++) {
    const ml__binding *b = ml__vec_at(&ctx->sem.bindings, i);
    const char *replacement = b->from_import && b->qualname ? replacement_of(b->qualname) : NULL;
    if (replacement) report(ctx, b->imported_start, b->imported_end, b->qualname, replacement);
  }
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE, ML_KIND_IDENTIFIER};
static const char *const triggers[] = {"raw_dockerfile_image", "raw_registry_image", NULL};

const ml__rule_impl ml__rule_mdl261 = {
    .info = ML__RULE_INFO_MDL261,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
    .finish = finish,
};
