/* MDL220 image-extend (catalogue B-20): the low-level `Image.extend(...)`. */
#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static void report(ml__ctx *ctx, const ml__call *call, const ml__call_match *match) {
  (void)match;
  ml__report_node(ctx, call->method,
                  "`Image.extend` was removed; build the image with `dockerfile_commands(...)`, "
                  "`run_commands(...)` or another Image method");
}

static const ml__call_match calls[] = {
    {.receiver = ML_TYPE_IMAGE, .method = "extend", .sync_only = true, .handle = report},
};


const ml__rule_impl ml__rule_mdl220 = {
    .info = ML__RULE_INFO_MDL220,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
};
