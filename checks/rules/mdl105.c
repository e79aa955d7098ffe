/* MDL105 mount-from-local-dir (catalogue A-5): `modal.Mount.from_local_dir(...)` and
 * `<Mount>.add_local_dir(...)` became `Image.add_local_dir(local_path, remote_path)`. */
#include "../mounts.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode call) {
  static const ml__mount_call wanted[] = {ML_MOUNT_CALL_FROM_LOCAL_DIR,
                                          ML_MOUNT_CALL_ADD_LOCAL_DIR};
  ml__mount_constructor_visit(ctx, call, wanted, sizeof wanted / sizeof wanted[0]);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
/* `add_local_dir` too: a Mount imported from another module names no constructor here. */
static const char *const triggers[] = {"from_local_dir", "add_local_dir", NULL};

const ml__rule_impl ml__rule_mdl105 = {
    .info = ML__RULE_INFO_MDL105,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
