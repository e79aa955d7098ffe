#include "modallint/error.h"

const char *ml_strerror(int err) {
  switch (err) {
    case ML_OK: return "success";
    case ML_ENOMEM: return "out of memory";
    case ML_EINVAL: return "invalid argument";
    case ML_EIO: return "input/output error";
    case ML_ETOOBIG: return "file too large (4 GiB or more)";
    case ML_EPARSE: return "too costly to parse (its syntax errors kept the parser's error recovery "
                           "busy past its bound); not checked";
    case ML_ECHANGED: return "the file changed on disk since it was read";
    case ML_ETOODEEP: return "code nested too deeply to check (more than 5000 levels)";
    default: return "unknown error";
  }
}
