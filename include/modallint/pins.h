/* The Modal version a project pins, read from its dependency files.
 *
 * Pure functions over a file's name and bytes: the caller finds and reads the files. Understood:
 *   - requirements*.txt (and *.in): PEP 508 lines such as `modal==1.0.1`, `modal[x]>=0.73,<1.0`;
 *     comments, options and `-r` includes are skipped;
 *   - pyproject.toml: requirement strings in arrays (`dependencies = ["modal~=0.73.2"]`,
 *     optional dependencies, dependency groups) and Poetry's `[tool.poetry.dependencies]`
 *     (`modal = "^0.73.0"`, `modal = { version = "^0.73.0" }`);
 *   - uv.lock and poetry.lock: the `version` of the `[[package]]` named `modal`, which is exact.
 * The pinned version is the exact version, or the lower bound of a range (`>=0.73`, `~=0.73.2`,
 * `^0.73.0`): the oldest version the project allows, which is what an upgrade starts from. */
#ifndef MODALLINT_PINS_H
#define MODALLINT_PINS_H

#include <stdbool.h>
#include <stddef.h>

#include "modallint/version.h"

typedef enum ml_pin_kind {
  ML_PIN_EXACT = 0,  /* a lock file, `==`, `===` or a bare Poetry version */
  ML_PIN_COMPATIBLE, /* `~=`, Poetry's `^` and `~` */
  ML_PIN_MINIMUM     /* `>=` (or `>`) */
} ml_pin_kind;

typedef struct ml_pin {
  ml_version version;
  char text[32]; /* the version as written ("0.73.2"), NUL-terminated */
  ml_pin_kind kind;
} ml_pin;

/* Which files a pin can be read from, by base name: "pyproject.toml", "uv.lock", "poetry.lock",
 * "requirements*.txt" / "requirements*.in". Lock files come first in `ml_pin_file_rank`. */
bool ml_pin_file_name(const char *base_name);

/* 0 for lock files (exact, they win), 1 for pyproject.toml, 2 for requirements files, -1 for
 * anything else. */
int ml_pin_file_rank(const char *base_name);

/* Reads the Modal pin of the file called `base_name` holding `length` bytes. Returns true and
 * fills *out when the file pins `modal` with a version; false otherwise (no pin, unknown file
 * name, or a specifier without a usable version such as `modal` or `modal<1.0`). When a file names
 * modal more than once, the most exact specifier wins (a lock file's version, then `==`, `~=`,
 * `>=`). Never allocates. */
bool ml_pin_read(const char *base_name, const char *bytes, size_t length, ml_pin *out);

#endif
