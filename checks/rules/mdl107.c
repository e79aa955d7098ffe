/* MDL107 mount-from-local-python-packages (catalogue A-7): `modal.Mount.from_local_python_packages`
 * became `Image.add_local_python_source`. */
#include "../mounts.h"
#include "rules.h"

static void visit(ml__ctx *ctx, TSNode call) {
  static const ml__mount_call wanted[] = {ML_MOUNT_CALL_FROM_LOCAL_PYTHON_PACKAGES};
  ml__mount_constructor_visit(ctx, call, wanted, sizeof wanted / sizeof wanted[0]);
}

static const ml__kind kinds[] = {ML_KIND_CALL};
static const char *const triggers[] = {"from_local_python_packages", NULL};

const ml__rule_impl ml__rule_mdl107 = {
    .info = ML__RULE_INFO_MDL107,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
