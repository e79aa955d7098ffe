/* MDL220 image-extend (catalogue B-20): the low-level `Image.extend(...)`. */
#include "../rulekit.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode call) {
  TSNode receiver, method;
  bool is_aio;
  if (!ml__method_call(ctx, call, &receiver, &method, &is_aio) || is_aio ||
      !ml__node_is_text(ctx->bytes, method, "extend") ||
      ml__type_of(ctx, receiver) != ML_TYPE_IMAGE)
    return;
  ml__report_node(ctx, method,
                  "`Image.extend` was removed; build the image with `dockerfile_commands(...)`, "
                  "`run_commands(...)` or another Image method");
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"extend", NULL};

const ml__rule_impl ml__rule_mdl220 = {
    .info =
        {
            .code = "MDL220",
            .slug = "image-extend",
            .title = "`Image.extend(...)` was removed",
            .entry = "B-20",
            .guide_section = NULL,
            .fixable = 0,
            .deprecated_in = "0.61.31",
            .removed_in = "0.64.34",
            .doc = ml__doc_mdl220,
        },
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
