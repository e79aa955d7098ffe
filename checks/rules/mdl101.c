/* MDL101 image-copy-local-file (catalogue A-1): `Image.copy_local_file`, removed in 1.1.0, becomes
 * `add_local_file(..., copy=True)`. Whether that is safe depends on `remote_path`: the old method
 * ran a Docker COPY (relative to WORKDIR, into an existing directory), the new one puts the file
 * at exactly the given absolute path. */
#include "../image_copy.h"
#include "rules.h"

static const ml__image_copy copy = {
    .old_method = "copy_local_file",
    .new_method = "add_local_file",
    .directory = false,
    .default_remote = "/root/",
    .missing_remote = "; without `remote_path` the file went into the image's WORKDIR, and the fix "
                      "guesses `\"/root/\"`, the WORKDIR of Modal's base images, which "
                      "`Image.workdir()` or a registry image can change",
    .absolute_failure =
        "a relative path raises `InvalidError`, a `pathlib.Path` raises `AttributeError`",
};

static const ml__call_match calls[] = {
    {.receiver = ML_TYPE_IMAGE, .method = "copy_local_file", .sync_only = true,
     .handle = ml__image_copy_check, .data = &copy},
};


const ml__rule_impl ml__rule_mdl101 = {
    .info = ML__RULE_INFO_MDL101,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
};
