/* File paths as RFC 3986 URI references, for SARIF: GitHub rejects an artifact URI that is not a
 * valid "uri-reference" (a space, '#' or '%' left unencoded) and matches results to files by the
 * path relative to the repository root. */
#ifndef MODAL_LINT_URI_H
#define MODAL_LINT_URI_H

#include <stdbool.h>

/* The URI of `path` (as given on the command line). A path inside `root` (an absolute directory
 * without trailing slash, normally the working directory) becomes a relative reference to it and
 * *relative is set; any other becomes an absolute "file://" URI. "." and ".." segments are resolved
 * by name, without asking the file system, so the result does not depend on symbolic links.
 * Returns a new string (free) or NULL when out of memory. */
char *cli_uri_for_path(const char *path, const char *root, bool *relative);

/* "file:///ROOT/": the base a relative reference is resolved against (always with the final slash
 * SARIF asks for). Returns a new string (free) or NULL when out of memory. */
char *cli_uri_for_directory(const char *root);

#endif
