/* MDL249 fileio-replace-delete-bytes (catalogue B-49): `FileIO.replace_bytes` and
 * `FileIO.delete_bytes` (on the file `sb.open(...)` returns) raise from 1.3.0. */
#include "../calls.h"
#include "../receivers.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode call) {
  static const char *const methods[] = {"replace_bytes", "delete_bytes"};
  const ml__call *c = ml__call_of(ctx, call);
  for (size_t i = 0; c && i < sizeof methods / sizeof methods[0]; i++) {
    if (!ml__call_method_is(ctx, c, methods[i])) continue;
    /* `replace_bytes` is a common enough name elsewhere: only a file opened from a Sandbox. */
    if (ml__receiver_type(ctx, c->receiver) != ML_TYPE_FILE_IO) return;
    ml__report_node(ctx, c->method,
                    "`FileIO.%s` was removed; read the file, change the bytes and write it back "
                    "(with `sb.filesystem.read_bytes` / `write_bytes`)",
                    methods[i]);
    return;
  }
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"replace_bytes", "delete_bytes", NULL};

const ml__rule_impl ml__rule_mdl249 = {
    .info = ML__RULE_INFO_MDL249,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
