#include "modallint/version.h"

#include <ctype.h>
#include <limits.h>
#include <stddef.h>

#include "modallint/error.h"

static const char *parse_number(const char *p, int *out) {
  if (!isdigit((unsigned char)*p)) return NULL;
  long value = 0;
  while (isdigit((unsigned char)*p)) {
    value = value * 10 + (*p - '0');
    if (value > INT_MAX / 10) return NULL;
    p++;
  }
  *out = (int)value;
  return p;
}

int ml_version_parse(const char *text, ml_version *out) {
  ml_version v = {0, 0, 0};
  const char *p = text ? parse_number(text, &v.major) : NULL;
  if (!p || *p != '.') return ML_EINVAL;
  p = parse_number(p + 1, &v.minor);
  if (!p) return ML_EINVAL;
  if (*p == '.') {
    p = parse_number(p + 1, &v.patch);
    if (!p) return ML_EINVAL;
  }
  if (*p != '\0') return ML_EINVAL;
  *out = v;
  return ML_OK;
}

int ml_version_compare(ml_version a, ml_version b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  return 0;
}
