/* File paths as URIs and back (workspace.h): percent-encoding paths into URI references, making
 * them relative to the working directory, and decoding the file:// URIs editors send. */
#include "workspace.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Unreserved characters and '/' stay; every other byte (UTF-8 included) is %XX, which every
 * consumer decodes the same way. */
static bool keeps(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '/';
}

static char *encode(const char *prefix, const char *path, const char *suffix) {
  static const char hex[] = "0123456789ABCDEF";
  size_t plen = strlen(prefix), n = strlen(path), slen = strlen(suffix);
  char *out = malloc(plen + n * 3 + slen + 1);
  if (out == NULL)
    return NULL;
  memcpy(out, prefix, plen);
  char *o = out + plen;
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if (keeps(*p)) {
      *o++ = (char)*p;
    } else {
      *o++ = '%';
      *o++ = hex[*p >> 4];
      *o++ = hex[*p & 15];
    }
  }
  memcpy(o, suffix, slen + 1);
  return out;
}

/* root + "/" + path with "." and ".." segments and repeated slashes removed. */
static char *absolute(const char *path, const char *root) {
  size_t rlen = path[0] == '/' ? 0 : strlen(root);
  size_t n = strlen(path);
  char *joined = malloc(rlen + 1 + n + 1);
  char *out = malloc(rlen + 1 + n + 2);
  if (joined == NULL || out == NULL) {
    free(joined);
    free(out);
    return NULL;
  }
  memcpy(joined, root, rlen);
  joined[rlen] = '/';
  memcpy(joined + rlen + 1, path, n + 1);
  size_t len = 0;
  for (char *seg = joined; *seg;) {
    char *end = strchr(seg, '/');
    size_t slen = end ? (size_t)(end - seg) : strlen(seg);
    if (slen == 2 && seg[0] == '.' && seg[1] == '.') {
      while (len > 0 && out[len - 1] != '/')
        len--;
      if (len > 0)
        len--;
    } else if (slen > 0 && !(slen == 1 && seg[0] == '.')) {
      out[len++] = '/';
      memcpy(out + len, seg, slen);
      len += slen;
    }
    seg += slen + (end ? 1 : 0);
  }
  if (len == 0)
    out[len++] = '/';
  out[len] = '\0';
  free(joined);
  return out;
}

char *ws_uri_for_path(const char *path, const char *root, bool *relative) {
  char *full = absolute(path, root);
  if (full == NULL)
    return NULL;
  size_t rlen = strlen(root);
  char *uri;
  if (strncmp(full, root, rlen) == 0 && full[rlen] == '/' && full[rlen + 1] != '\0') {
    *relative = true;
    /* ':' is always encoded, so a first segment like "c:" cannot read as a scheme. */
    uri = encode("", full + rlen + 1, "");
  } else {
    *relative = false;
    uri = encode("file://", full, "");
  }
  free(full);
  return uri;
}

char *ws_uri_for_directory(const char *root) {
  bool has_slash = root[0] != '\0' && root[strlen(root) - 1] == '/';
  return encode("file://", root, has_slash ? "" : "/");
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = (char)tolower((unsigned char)c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *ws_uri_path(const char *uri) {
  static const char scheme[] = "file://";
  if (!uri || strncmp(uri, scheme, sizeof scheme - 1) != 0) return NULL;
  const char *p = uri + sizeof scheme - 1;
  if (*p != '/') { /* file://host/path: only the local host is ours */
    if (strncmp(p, "localhost/", 10) != 0) return NULL;
    p += 9;
  }
  char *path = malloc(strlen(p) + 1), *out = path;
  if (!path) return NULL;
  for (; *p && *p != '?' && *p != '#'; p++) {
    int high, low;
    if (*p == '%' && (high = hex_value(p[1])) >= 0 && (low = hex_value(p[2])) >= 0) {
      *out++ = (char)(high * 16 + low);
      p += 2;
    } else {
      *out++ = *p;
    }
  }
  *out = '\0';
  return path;
}
