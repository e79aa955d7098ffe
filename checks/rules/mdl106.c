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
    .info =
        {
            .code = "MDL106",
            .slug = "mount-from-local-file",
            .title = "`Mount.from_local_file` was replaced by `Image.add_local_file`",
            .entry = "A-6",
            .guide_section = "Deprecating Mount as part of the public API",
            .fixable = 0,
            .deprecated_in = "0.72.4",
            .removed_in = "1.0.0",
            .doc =
                "## What it does\n"
                "Finds `modal.Mount.from_local_file(...)` (through any import of `Mount`, "
                "including `modal.mount.Mount`) and `add_local_file(...)` called on a Mount, and "
                "says which `Image.add_local_file` call adds the same file at the same container "
                "path.\n\n"
                "A constructor written directly in `mounts=[...]`, `Image.copy_mount(...)` or "
                "`context_mount=` is reported by MDL108, MDL103 or MDL109 instead (when that rule "
                "runs); this rule reports the constructors found anywhere else. The `Mount` name "
                "itself (its import, annotations) is MDL104's.\n\n"
                "## Why\n"
                "The Mount constructors warned from 0.72.4 (pending) and 0.73.167. `modal.Mount` "
                "left the public API in 1.0.0; `modal.mount.Mount.from_local_file` was deleted in "
                "1.2.0. A Mount put the file at `\"/\" + remote_path`, and without `remote_path` "
                "at `/` plus the file's name: `Mount.from_local_file(\"config.yaml\")` was "
                "`/config.yaml`. Mount ignored a trailing `/`, while `Image.add_local_file` "
                "reads it as \"into this directory\", so the path is written without one.\n\n"
                "## Example\n"
                "```python\n"
                "profile = modal.Mount.from_local_file(\"~/profiles.yml\", "
                "remote_path=\"/root/dbt/profiles.yml\")\n"
                "```\n"
                "Use instead, on the Image of each function that used `profile`:\n"
                "```python\n"
                "image = image.add_local_file(\"~/profiles.yml\", \"/root/dbt/profiles.yml\")\n"
                "```\n\n"
                "## Fix safety\n"
                "This rule has no fix of its own: which Image the file belongs to is decided where "
                "the Mount was used. MDL108 moves literal constructors from `mounts=[...]` onto "
                "the function's `image=` (an unsafe fix) and MDL103 rewrites "
                "`copy_mount(...)`.\n",
        },
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
