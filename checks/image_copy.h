/* `Image.copy_local_file` and `Image.copy_local_dir` (MDL101, MDL102), removed in 1.1.0, become
 * `add_local_file` / `add_local_dir(..., copy=True)`. Whether that is safe depends on
 * `remote_path`: the old methods ran a Docker COPY (relative to WORKDIR, a file into an existing
 * directory), the new ones put the file or directory at exactly the given absolute path. One
 * rewrite serves both; what differs is data. */
#ifndef ML_IMAGE_COPY_H
#define ML_IMAGE_COPY_H

#include <stdbool.h>

#include "calls.h"

typedef struct ml__image_copy {
  const char *old_method; /* "copy_local_file" */
  const char *new_method; /* "add_local_file" */
  /* Copies a directory: a third positional parameter `ignore` (keyword-only in the new method),
   * and an absolute destination is the same place either way. A file copied to an existing
   * directory went into it, so such a destination gets a trailing `/`. */
  bool directory;
  const char *default_remote;   /* where the old method put it without `remote_path` */
  const char *missing_remote;   /* why guessing that destination is unsafe */
  const char *absolute_failure; /* what the new method does with a destination that is not an
                                   absolute `str` */
} ml__image_copy;

/* An ml__call_match handler: `match->data` is the ml__image_copy. */
void ml__image_copy_check(ml__ctx *ctx, const ml__call *call, const ml__call_match *match);

#endif
