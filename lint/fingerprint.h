/* partialFingerprints.primaryLocationLineHash, computed as GitHub's upload-sarif action computes it
 * (github/codeql-action, src/fingerprints.ts), so that alerts keep their identity whether the SARIF
 * goes through the action (which keeps our value) or straight to the REST API (which computes
 * none). */
#ifndef MODAL_LINT_FINGERPRINT_H
#define MODAL_LINT_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

/* The hash of every line of one text, and how many lines up to and including it share it. */
typedef struct cli_line_hashes {
  uint64_t *hash;       /* [line - 1] */
  uint32_t *occurrence; /* [line - 1], from 1 */
  uint32_t count;       /* lines: terminators + 1, as the action counts them */
} cli_line_hashes;

/* Hashes `bytes` (UTF-8; invalid sequences read as U+FFFD, as Node decodes them). `out` is owned by
 * the caller: cli_line_hashes_free. Returns 0 or ML_ENOMEM. */
int cli_line_hashes_compute(const char *bytes, size_t length, cli_line_hashes *out);
void cli_line_hashes_free(cli_line_hashes *hashes);

/* Writes "HEX:N" for 1-based `line` into `buf` (32 bytes are enough). Returns 0, or ML_EINVAL for a
 * line the text does not have. */
int cli_line_hash_format(const cli_line_hashes *hashes, uint32_t line, char *buf, size_t size);

#endif
