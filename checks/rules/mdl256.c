/* MDL256 tunnel-url-unencrypted (catalogue B-56): `.url` of an unencrypted tunnel (an https URL
 * for a raw TCP port) warns from 1.4.0. */
#include <string.h>

#include "../calls.h"
#include "../receivers.h"
#include "../rulekit.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode attribute) {
  TSNode name = ml__child_by_field(ctx, attribute, ctx->syntax->field_attribute);
  if (!ml__node_is_text(ctx->bytes, name, "url")) return;
  TSNode object = ml__child_by_field(ctx, attribute, ctx->syntax->field_object);
  if (ml__kind_of(ctx->syntax, object) != ML_KIND_IDENTIFIER) return;
  TSNode value = ml__with_value(ctx, object);
  const ml__call *forward = ml__call_of(ctx, value);
  if (!forward || !forward->resolves || strcmp(forward->qualname, "modal.forward") != 0) return;
  TSNode unencrypted = ml__call_keyword(ctx, value, "unencrypted");
  if (!ml__is_true(ctx, ml__keyword_value(ctx, unencrypted))) return;
  ml__report_node(ctx, attribute,
                  "`.url` of an unencrypted tunnel is deprecated; use `.tcp_socket` for the raw "
                  "TCP address, or an encrypted tunnel for HTTPS");
}

static const ml__kind kinds[] = {ML_KIND_ATTRIBUTE};
static const char *const triggers[] = {"unencrypted", NULL};

const ml__rule_impl ml__rule_mdl256 = {
    .info = ML__RULE_INFO_MDL256,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
