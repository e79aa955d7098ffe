/* A call's keywords are part of its record (calls.h); this name stays for mounts.c's include. */
#ifndef ML_CALL_KEYWORDS_H
#define ML_CALL_KEYWORDS_H

#include "calls.h"

#endif
