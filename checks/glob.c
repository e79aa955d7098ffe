/* Gitignore-style glob matching (modallint/glob.h). Patterns come from configuration files, so they
 * are short; the matcher backtracks, with a step budget so a hostile pattern like `*a*a*a*a*b`
 * cannot make a run quadratic-times-exponential. */
#include "modallint/glob.h"

#include <stddef.h>
#include <string.h>

/* Enough for any pattern a person writes; a pattern that exhausts it simply does not match. */
enum { MATCH_BUDGET = 100000 };

/* Matches the class starting after '[' at *pp against c; advances *pp past the ']'. Returns -1 when
 * the class never closes (the '[' is then a literal), else 1 or 0. */
static int match_class(const char **pp, char c) {
  const char *p = *pp;
  bool negate = *p == '!' || *p == '^';
  if (negate)
    p++;
  bool matched = false;
  bool first = true;
  while (*p != '\0' && (*p != ']' || first)) {
    char lo = *p;
    if (lo == '\\' && p[1] != '\0')
      lo = *++p;
    char hi = lo;
    if (p[1] == '-' && p[2] != '\0' && p[2] != ']') {
      hi = p[2];
      if (hi == '\\' && p[3] != '\0') {
        hi = p[3];
        p++;
      }
      p += 2;
    }
    if ((unsigned char)c >= (unsigned char)lo && (unsigned char)c <= (unsigned char)hi)
      matched = true;
    p++;
    first = false;
  }
  if (*p != ']')
    return -1;
  *pp = p + 1;
  return matched != negate && c != '/';
}

/* Whether pattern p (at a component start when `at_start`) matches all of s. */
static bool match_here(const char *p, const char *s, bool at_start, long *budget) {
  while (*p != '\0') {
    if (--*budget < 0)
      return false;
    if (p[0] == '*' && p[1] == '*' && at_start && (p[2] == '/' || p[2] == '\0')) {
      if (p[2] == '\0')
        return true; /* "**" to the end: anything, across components */
      /* "**" + "/": zero or more whole components, then the rest of the pattern. */
      const char *rest = p + 3;
      for (const char *t = s;; t++) {
        if ((t == s || t[-1] == '/') && match_here(rest, t, true, budget))
          return true;
        if (*t == '\0')
          return false;
      }
    }
    switch (*p) {
    case '*': {
      while (*p == '*')
        p++;
      for (const char *t = s;; t++) {
        if (match_here(p, t, false, budget))
          return true;
        if (*t == '\0' || *t == '/')
          return false;
      }
    }
    case '?':
      if (*s == '\0' || *s == '/')
        return false;
      p++;
      s++;
      break;
    case '[': {
      const char *q = p + 1;
      int r = *s == '\0' ? 0 : match_class(&q, *s);
      if (r == 0)
        return false;
      if (r < 0) { /* an unclosed '[' is an ordinary character */
        if (*s != '[')
          return false;
        q = p + 1;
      }
      p = q;
      s++;
      break;
    }
    case '\\':
      if (p[1] != '\0')
        p++;
      /* fall through */
    default:
      if (*p != *s)
        return false;
      p++;
      s++;
      break;
    }
    at_start = s[-1] == '/';
  }
  return *s == '\0';
}

/* Whether the pattern has a '/' before its last character: such a pattern is anchored. */
static bool is_anchored(const char *pattern, size_t length) {
  for (size_t i = 0; i + 1 < length; i++)
    if (pattern[i] == '/')
      return true;
  return false;
}

bool ml_glob_match(const char *pattern, const char *path, bool is_dir) {
  size_t length = strlen(pattern);
  bool dir_only = length > 0 && pattern[length - 1] == '/';
  if (dir_only && !is_dir)
    return false;
  if (length == 0 || (dir_only && length == 1))
    return false;
  /* Work on a copy without the trailing '/', which only said "directories". */
  char local[1024];
  if (length >= sizeof local)
    return false;
  memcpy(local, pattern, length + 1);
  if (dir_only)
    local[--length] = '\0';
  long budget = MATCH_BUDGET;
  if (is_anchored(pattern, strlen(pattern))) {
    const char *p = local[0] == '/' ? local + 1 : local;
    return match_here(p, path, true, &budget);
  }
  const char *slash = strrchr(path, '/');
  return match_here(local, slash ? slash + 1 : path, true, &budget);
}

bool ml_glob_match_file(const char *pattern, const char *path) {
  if (ml_glob_match(pattern, path, false))
    return true;
  char prefix[4096];
  size_t length = strlen(path);
  if (length >= sizeof prefix)
    return false;
  for (size_t i = 0; i < length; i++) {
    if (path[i] != '/')
      continue;
    memcpy(prefix, path, i);
    prefix[i] = '\0';
    if (i > 0 && ml_glob_match(pattern, prefix, true))
      return true;
  }
  return false;
}
