/* Byte counts as users write them (workspace.h): --max-file-size and the max-file-size key. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "modallint/error.h"
#include "workspace.h"

/* The multiplier of a size suffix, 0 for an unknown one. Binary units only, as the README says:
 * "8MB" is ambiguous enough (10^6 or 2^20?) to be refused rather than guessed. */
static size_t size_unit(const char *suffix) {
  if (suffix[0] == '\0')
    return 1;
  if (strcmp(suffix, "KiB") == 0)
    return (size_t)1 << 10;
  if (strcmp(suffix, "MiB") == 0)
    return (size_t)1 << 20;
  return 0;
}

int ws_size_parse(const char *text, size_t *out, const char **why) {
  static const char expected[] =
      "expected a number of bytes above 0, alone or followed by KiB or MiB, such as 8388608, "
      "512KiB or 8MiB";
  const char *p = text;
  size_t value = 0;
  bool overflow = false;
  /* Digits only: strtoul would take a sign ("-1" wraps around), blanks and a 0x prefix. */
  for (; *p >= '0' && *p <= '9'; p++) {
    size_t digit = (size_t)(*p - '0');
    if (value > (SIZE_MAX - digit) / 10)
      overflow = true;
    else
      value = value * 10 + digit;
  }
  size_t unit = p == text ? 0 : size_unit(p);
  if (unit == 0) {
    *why = expected;
    return ML_EINVAL;
  }
  if (overflow || value > SIZE_MAX / unit) {
    *why = "too large a number of bytes";
    return ML_EINVAL;
  }
  if (value == 0) {
    *why = "a limit of 0 bytes would skip every file; expected a number of bytes above 0";
    return ML_EINVAL;
  }
  *out = value * unit;
  return ML_OK;
}
