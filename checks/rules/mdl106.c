/* MDL106 mount-from-local-file (catalogue A-6): `modal.Mount.from_local_file(...)` and
 * `<Mount>.add_local_file(...)` became `Image.add_local_file(local_path, remote_path)`. */
#include "../mounts.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode call) {
  static const ml__mount_call wanted[] = {ML_MOUNT_CALL_FROM_LOCAL_FILE,
                                          ML_MOUNT_CALL_ADD_LOCAL_FILE};
  ml__mount_constructor_visit(ctx, call, wanted, sizeof wanted / sizeof wanted[0]);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
/* `add_local_file` too: a Mount imported from another module names no constructor here. */
static const char *const triggers[] = {"from_local_file", "add_local_file", NULL};

const ml__rule_impl ml__rule_mdl106 = {
    .info = ML__RULE_INFO_MDL106,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
