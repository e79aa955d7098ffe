/* MDL102 image-copy-local-dir (catalogue A-2): `Image.copy_local_dir`, removed in 1.1.0, becomes
 * `add_local_dir(..., copy=True)`. The new method needs an absolute `remote_path` (the old one
 * resolved relative ones, and its "." default, against WORKDIR), and its `ignore` is keyword-only
 * where it used to be the third positional parameter. */
#include "../image_copy.h"
#include "rules.h"

static const ml__image_copy copy = {
    .old_method = "copy_local_dir",
    .new_method = "add_local_dir",
    .directory = true,
    .default_remote = "/root",
    .missing_remote = "; without `remote_path` the files went into the image's WORKDIR (`\".\"`), "
                      "and the fix guesses `\"/root\"`, the WORKDIR of Modal's base images, which "
                      "`Image.workdir()` or a registry image can change",
    .absolute_failure = "a relative path raises `InvalidError`",
};

static const ml__call_match calls[] = {
    {.receiver = ML_TYPE_IMAGE, .method = "copy_local_dir", .sync_only = true,
     .handle = ml__image_copy_check, .data = &copy},
};


const ml__rule_impl ml__rule_mdl102 = {
    .info = ML__RULE_INFO_MDL102,
    .calls = calls,
    .call_count = sizeof calls / sizeof calls[0],
};
