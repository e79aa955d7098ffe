/* Modal SDK versions, as the rule catalogue writes them ("0.73.76", "1.4"). */
#ifndef MODALLINT_VERSION_H
#define MODALLINT_VERSION_H

/* The newest Modal release the rule catalogue knows; the default target of an upgrade. */
#define ML_NEWEST_MODAL_VERSION "1.5.4"

/* The modal-lint release. */
#define ML_TOOL_VERSION "0.1.0"

/* Where modal-lint's README lives: SARIF's informationUri and the page of MDL0nn rules. */
#define ML_TOOL_URL "https://github.com/modal-lint/modal-lint"

typedef struct ml_version {
  int major;
  int minor;
  int patch;
} ml_version;

/* Parses "X.Y" or "X.Y.Z" (a missing patch is 0). Returns ML_EINVAL for anything else. */
int ml_version_parse(const char *text, ml_version *out);

/* <0, 0 or >0 as a is older than, equal to or newer than b. */
int ml_version_compare(ml_version a, ml_version b);

#endif
