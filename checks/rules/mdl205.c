/* MDL205 lookup-label-tag-keyword (catalogue B-5): the `label=` and `tag=` keywords of the
 * `from_name` / `lookup` / static `delete` constructors, renamed to `name=` in 0.68.39. */
#include <string.h>

#include "../calls.h"
#include "../rulekit.h"
#include "rules.h"

static const struct {
  const char *qualname;
  const char *keyword; /* the old keyword this method took */
} methods[] = {
    {"modal.App.lookup", "label"},
    {"modal.Dict.from_name", "label"},
    {"modal.Dict.lookup", "label"},
    {"modal.Dict.delete", "label"},
    {"modal.Queue.from_name", "label"},
    {"modal.Queue.lookup", "label"},
    {"modal.Queue.delete", "label"},
    {"modal.Volume.from_name", "label"},
    {"modal.Volume.lookup", "label"},
    {"modal.Volume.delete", "label"},
    {"modal.Secret.from_name", "label"},
    {"modal.Secret.lookup", "label"},
    {"modal.NetworkFileSystem.from_name", "label"},
    {"modal.NetworkFileSystem.lookup", "label"},
    {"modal.NetworkFileSystem.delete", "label"},
    {"modal.Mount.from_name", "label"},
    {"modal.Mount.lookup", "label"},
    {"modal.Environment.from_name", "label"},
    {"modal.Environment.lookup", "label"},
    {"modal.Function.from_name", "tag"},
    {"modal.Function.lookup", "tag"},
    {"modal.Cls.from_name", "tag"},
    {"modal.Cls.lookup", "tag"},
};

static void visit(ml__ctx *ctx, TSNode call) {
  const ml__call *c = ml__call_of(ctx, call);
  for (size_t i = 0; c && c->resolves && i < sizeof methods / sizeof methods[0]; i++) {
    if (strcmp(c->qualname, methods[i].qualname) != 0) continue;
    const char *old_name = methods[i].keyword;
    TSNode keyword = ml__call_keyword(ctx, call, old_name);
    if (ts_node_is_null(keyword)) return;
    TSNode name = ml__child_by_field(ctx, keyword, ctx->syntax->field_name);
    /* `modal.Dict.from_name` rather than `m.dict.Dict.from_name`: the name users look up. */
    const char *shown = methods[i].qualname + strlen("modal.");
    ml_diag *diag = ml__report_node(ctx, name, "the `%s` parameter of `%s` was renamed to `name`",
                                    old_name, shown);
    /* With `name=` too, the call never worked: which value was meant is for the user to say. */
    if (!ts_node_is_null(ml__call_keyword(ctx, call, "name"))) return;
    ml_fix *fix =
        ml__fix_begin(ctx, diag, ML_APPLICABILITY_SAFE, "Rename `%s=` to `name=`", old_name);
    ml__fix_edit(ctx, fix, ts_node_start_byte(name), ts_node_end_byte(name), "name");
    ml__fix_end(ctx, diag);
    return;
  }
}

static const ml__kind kinds[] = {ML_KIND_CALL};
/* The old keyword itself: `name=` replaced it on every method listed. */
static const char *const triggers[] = {"label", "tag", NULL};

const ml__rule_impl ml__rule_mdl205 = {
    .info = ML__RULE_INFO_MDL205,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
