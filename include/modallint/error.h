/* Error codes shared by every modal-lint function that can fail.
 *
 * Functions return 0 (ML_OK) on success or one of the negative values below, and report results
 * through out parameters. No library function prints, exits or aborts. */
#ifndef MODALLINT_ERROR_H
#define MODALLINT_ERROR_H

enum {
  ML_OK = 0,
  ML_ENOMEM = -1,   /* an allocation failed */
  ML_EINVAL = -2,   /* an argument was malformed (unknown rule, bad version string...) */
  ML_EIO = -3,      /* reading or writing a file failed; errno tells more */
  ML_ETOOBIG = -4,  /* the input exceeds what the library handles (4 GiB source) */
  ML_EPARSE = -5,   /* tree-sitter gave up on the text: its error recovery ran past the parse's
                       bound (only pathological invalid code comes near it) */
  ML_ECHANGED = -6, /* a file changed on disk since it was read */
  ML_ETOODEEP = -7  /* the code nests deeper than the library follows (far beyond what CPython
                       compiles); the file is not checked */
};

/* A static, human-readable description of an ML_E* code. Never NULL. */
const char *ml_strerror(int err);

#endif
