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
    .info =
        {
            .code = "MDL107",
            .slug = "mount-from-local-python-packages",
            .title = "`Mount.from_local_python_packages` was replaced by "
                     "`Image.add_local_python_source`",
            .entry = "A-7",
            .guide_section = "Deprecating Mount as part of the public API",
            .fixable = 0,
            .deprecated_in = "0.72.4",
            .removed_in = "1.0.0",
            .doc =
                "## What it does\n"
                "Finds `modal.Mount.from_local_python_packages(...)` (through any import of "
                "`Mount`, including `modal.mount.Mount`) and says which "
                "`Image.add_local_python_source` call replaces it.\n\n"
                "A constructor written directly in `mounts=[...]`, `Image.copy_mount(...)` or "
                "`context_mount=` is reported by MDL108, MDL103 or MDL109 instead (when that rule "
                "runs); this rule reports the constructors found anywhere else. The `Mount` name "
                "itself (its import, annotations) is MDL104's.\n\n"
                "## Why\n"
                "The Mount constructors warned from 0.72.4 (pending) and 0.73.167. `modal.Mount` "
                "left the public API in 1.0.0; "
                "`modal.mount.Mount.from_local_python_packages` was deleted in 1.2.0. "
                "`image.add_local_python_source(\"pkg\")` adds the package under `/root` when a "
                "container starts, but its default file set differs: the Mount took every file "
                "of the package except `*.pyc`, `__pycache__` and dot-files, the Image method "
                "takes only `*.py` files unless `ignore=` says otherwise (`ignore=[]` takes "
                "everything). `remote_dir=` has no equivalent: with another directory than "
                "`/root`, add each package with `add_local_dir`.\n\n"
                "## Example\n"
                "```python\n"
                "src = modal.Mount.from_local_python_packages(\"my_lib\", \"helpers\")\n"
                "```\n"
                "Use instead, on the Image of each function that used `src`:\n"
                "```python\n"
                "image = image.add_local_python_source(\"my_lib\", \"helpers\")\n"
                "```\n\n"
                "## Fix safety\n"
                "This rule has no fix of its own: which Image the packages belong to is decided "
                "where the Mount was used. MDL108 moves literal constructors from `mounts=[...]` "
                "onto the function's `image=`, always as an unsafe fix because of the different "
                "file set; `condition=C` becomes `ignore=lambda p: not C(str(p))` and `ignore=` "
                "is kept. A `remote_dir=` other than `/root` gets no fix.\n",
        },
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
