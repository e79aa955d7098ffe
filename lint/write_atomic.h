/* Replacing a file's contents all at once or not at all. */
#ifndef MODAL_LINT_WRITE_ATOMIC_H
#define MODAL_LINT_WRITE_ATOMIC_H

#include <stddef.h>
#include <sys/stat.h>

/* Writes `bytes` to a temporary file beside `path` (beside the file a symbolic link points to),
 * flushes it to disk, gives it the permission bits of `original` and renames it over the file.
 * `original` is what fstat said when the file was read: if the file's inode, size or modification
 * time differ now, nothing is replaced and ML_ECHANGED is returned. A file without write
 * permission (or, for root, without any write bit) is refused: ML_EIO with errno EACCES. Other
 * failures return ML_EIO (errno tells why) or ML_ENOMEM. The temporary file never outlives the
 * call. */
int cli_write_atomic(const char *path, const char *bytes, size_t length,
                     const struct stat *original);

/* For a file modal-lint makes (-o/--output-file): an existing file is replaced as by
 * cli_write_atomic (its mode kept); a missing one is created the same way (temporary file, rename)
 * with the mode open(2) would give it, so a reader never sees half a report. */
int cli_write_atomic_create(const char *path, const char *bytes, size_t length);

#endif
