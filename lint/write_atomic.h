/* Replacing a file's contents all at once or not at all, keeping everything else about it. */
#ifndef MODAL_LINT_WRITE_ATOMIC_H
#define MODAL_LINT_WRITE_ATOMIC_H

#include <stddef.h>
#include <sys/stat.h>

/* Writes `bytes` to a temporary file beside `path` (beside the file a symbolic link points to),
 * flushes it to disk, gives it the owner, group, extended attributes (POSIX ACLs included) and
 * permission bits of the file, and renames it over the file. `original` is what fstat said when
 * the file was read.
 *
 * The file must not change meanwhile: its inode, size and modification time are compared with
 * `original` before the temporary file is made, again just before the rename, and once more, on a
 * descriptor of the old file, just after it. A change seen before the rename replaces nothing; a
 * change seen after it (bytes another program appended in the instant between the last check and
 * the rename) is undone by writing those bytes back the same way. Both return ML_ECHANGED. What
 * POSIX leaves open: a program that keeps writing to the old file after that last look.
 *
 * Refused, with nothing written: a file without write permission (or, for root, without any
 * write bit): ML_EIO with errno EACCES; a file whose owner, group or extended attributes the
 * temporary file cannot be given (a user fixing another user's file through a group's write
 * permission): ML_EIO, and `why` says which. Other failures return ML_EIO (errno tells why) or
 * ML_ENOMEM. Whenever ML_EIO is returned, `why` holds the reason as a phrase ("Permission
 * denied", "cannot keep its owner and group (1000:1000): Operation not permitted"). The temporary
 * file never outlives the call, not even through a termination signal (signal_guard.h). */
int cli_write_atomic(const char *path, const char *bytes, size_t length,
                     const struct stat *original, char *why, size_t why_size);

/* For a file modal-lint makes (-o/--output-file). An existing regular file is replaced as by
 * cli_write_atomic; a missing one is created the same way (temporary file, rename) with the mode
 * open(2) would give it, so a reader never sees half a report. Anything else that is there (a
 * terminal, a pipe such as /dev/stdout, a device such as /dev/null, or a link to one) is written
 * to as it is, never replaced. A directory is refused (ML_EIO, errno EISDIR). */
int cli_write_atomic_create(const char *path, const char *bytes, size_t length, char *why,
                            size_t why_size);

#endif
