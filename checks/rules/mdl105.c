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
    .info =
        {
            .code = "MDL105",
            .slug = "mount-from-local-dir",
            .title = "`Mount.from_local_dir` was replaced by `Image.add_local_dir`",
            .entry = "A-5",
            .guide_section = "Deprecating Mount as part of the public API",
            .fixable = 0,
            .deprecated_in = "0.72.4",
            .removed_in = "1.0.0",
            .doc =
                "## What it does\n"
                "Finds `modal.Mount.from_local_dir(...)` (through any import of `Mount`, including "
                "`modal.mount.Mount`) and `add_local_dir(...)` called on a Mount, and says which "
                "`Image.add_local_dir` call adds the same directory at the same container path.\n\n"
                "A constructor written directly in `mounts=[...]`, `Image.copy_mount(...)` or "
                "`context_mount=` is reported by MDL108, MDL103 or MDL109 instead (when that rule "
                "runs), which know where the files have to go and carry the fix; this rule "
                "reports the constructors found anywhere else, for example assigned to a "
                "variable. The `Mount` name itself (its import, annotations) is MDL104's.\n\n"
                "## Why\n"
                "The Mount constructors warned from 0.72.4 (pending) and 0.73.167. `modal.Mount` "
                "left the public API in 1.0.0 (`AttributeError`, `ImportError`); "
                "`modal.mount.Mount.from_local_dir` was deleted in 1.2.0. Files now belong to the "
                "Image: `image.add_local_dir(local_path, remote_path)` adds them when a container "
                "starts, as a Mount did. A Mount put the directory at `\"/\" + remote_path`, and "
                "without `remote_path` at `/` plus the directory's name: "
                "`Mount.from_local_dir(\"data\")` was `/data` (not `/root/data`, as the migration "
                "guide's example has it), `remote_path=\"root/d\"` was `/root/d`.\n\n"
                "## Example\n"
                "```python\n"
                "assets = modal.Mount.from_local_dir(\"~/assets\", remote_path=\"/assets\")\n"
                "```\n"
                "Use instead, on the Image of each function that used `assets`:\n"
                "```python\n"
                "image = image.add_local_dir(\"~/assets\", \"/assets\")\n"
                "```\n\n"
                "## Fix safety\n"
                "This rule has no fix of its own: which Image the files belong to is decided where "
                "the Mount was used. MDL108 moves literal constructors from `mounts=[...]` onto "
                "the function's `image=` (an unsafe fix) and MDL103 rewrites "
                "`copy_mount(...)`. `condition=C` becomes `ignore=lambda p: not C(str(p))` and "
                "`recursive=False` becomes `ignore=lambda p: len(p.parts) > 1`.\n",
        },
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
