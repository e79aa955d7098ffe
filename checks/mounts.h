/* What the Mount-family rules (MDL103-MDL109) share: recognising the deprecated Mount constructors,
 * the call sites that took Mounts, and turning a literal Mount expression into the Image methods
 * that add the same files.
 *
 * One construct, one finding: a constructor used directly where one of the enclosing rules looks
 * (`mounts=[...]`, `copy_mount(...)`, `context_mount=`) is reported by that rule, which knows
 * where the files have to go; MDL105-MDL107 report the constructors found anywhere else. */
#ifndef ML_MOUNTS_H
#define ML_MOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "context.h"
#include "strbuf.h"

typedef enum ml__mount_call {
  ML_MOUNT_CALL_NONE = 0,
  ML_MOUNT_CALL_FROM_LOCAL_DIR,             /* modal.Mount.from_local_dir(...) */
  ML_MOUNT_CALL_FROM_LOCAL_FILE,            /* modal.Mount.from_local_file(...) */
  ML_MOUNT_CALL_FROM_LOCAL_PYTHON_PACKAGES, /* modal.Mount.from_local_python_packages(...) */
  ML_MOUNT_CALL_ADD_LOCAL_DIR,              /* <Mount>.add_local_dir(...) */
  ML_MOUNT_CALL_ADD_LOCAL_FILE              /* <Mount>.add_local_file(...) */
} ml__mount_call;

/* Which Mount constructor `call` (a call node) is. *method is set to the method name node. */
ml__mount_call ml__mount_call_of(ml__ctx *ctx, TSNode call, TSNode *method);

/* The calls that accepted `mounts=` until 1.0.0 (catalogue A-8). */
typedef enum ml__mounts_site {
  ML_MOUNTS_SITE_NONE = 0,
  ML_MOUNTS_SITE_FUNCTION,     /* @app.function(...) */
  ML_MOUNTS_SITE_CLS,          /* @app.cls(...) */
  ML_MOUNTS_SITE_APP,          /* modal.App(...) / modal.Stub(...) */
  ML_MOUNTS_SITE_RUN_FUNCTION, /* <Image>.run_function(...) */
  ML_MOUNTS_SITE_SANDBOX       /* modal.Sandbox.create(...) */
} ml__mounts_site;

ml__mounts_site ml__mounts_site_of(ml__ctx *ctx, TSNode call);

/* The mount argument of `<Image>.copy_mount(...)` (catalogue A-3), or a null node when `call` is
 * not such a call (or passes no mount). */
TSNode ml__copy_mount_argument(ml__ctx *ctx, TSNode call);

/* The `context_mount` argument of `Image.from_dockerfile(...)` / `<Image>.dockerfile_commands(...)`
 * (catalogue A-9): the keyword_argument node, or for `from_dockerfile(path, mount)` (accepted
 * before 0.74.23) the positional expression. A null node when there is none. */
TSNode ml__context_mount_argument(ml__ctx *ctx, TSNode call);

/* Defined in mount_owner.c, apart from the helpers above because they name the enclosing rules
 * (MDL103, MDL108, MDL109), which call those helpers: no helper calls a rule back. */

/* Whether `rule` runs on this file: selected, and deprecated at the target version. */
bool ml__rule_runs(ml__ctx *ctx, const ml__rule_impl *rule);

/* True when the Mount constructor `call` is reported by an enclosing rule that runs (MDL108 for
 * `mounts=[...]`, MDL103 for `copy_mount(...)`, MDL109 for `context_mount=`), so MDL105-MDL107
 * must stay silent about it. */
bool ml__mount_call_is_owned(ml__ctx *ctx, TSNode call);

typedef enum ml__mount_rewrite_result {
  ML_MOUNT_REWRITE_NOT_LITERAL = -1, /* not a chain of Mount constructor calls */
  ML_MOUNT_REWRITE_PROBLEM = 0,      /* a literal chain that cannot be rewritten */
  ML_MOUNT_REWRITE_OK = 1
} ml__mount_rewrite_result;

typedef struct ml__mount_rewrite {
  const char *root;     /* in: absolute directory the Mount's paths go under ("/" normally) */
  bool copy;            /* in: add `copy=True` to every method */
  bool whole_chain;     /* in: false rewrites only the outermost call of the chain */
  char quote;           /* in: quote for written paths */
  ml__strbuf methods;   /* out: "add_local_dir(...).add_local_file(...)" (no leading dot) */
  bool python_source;   /* out: an `add_local_python_source` without `ignore=` (its default
                         * file set, `*.py` only, differs from Mount's) is among them */
  bool filtered;        /* out: a `condition=`, `recursive=False` or `ignore=` was rewritten */
  char last_path[1100]; /* out: the container path of the last file or directory rewritten */
  char problem[240];    /* out: why it cannot be rewritten (for ML_MOUNT_REWRITE_PROBLEM) */
} ml__mount_rewrite;

/* Initialises `rw` with root "/", no copy, the whole chain, and the quote '"'. */
void ml__mount_rewrite_init(ml__mount_rewrite *rw);
void ml__mount_rewrite_free(ml__mount_rewrite *rw);

/* Writes into rw->methods the Image methods that add the files of the Mount expression `node`
 * (`modal.Mount.from_local_dir("data").add_local_file("a.txt")` ->
 * `add_local_dir("data", "/data").add_local_file("a.txt", "/a.txt")`), with remote paths computed
 * as Mount did (relative to "/", default the local basename). Out of memory sets ctx->error. */
ml__mount_rewrite_result ml__mount_rewrite_expression(ml__ctx *ctx, TSNode node,
                                                      ml__mount_rewrite *rw);

/* The visit of MDL105-MDL107: reports the Mount constructor `call` when it is one of `kinds` and
 * no enclosing rule owns it, with the Image method that adds the same files. */
void ml__mount_constructor_visit(ml__ctx *ctx, TSNode call, const ml__mount_call *kinds,
                                 size_t kind_count);

/* True when `node` is a list or tuple literal. */
bool ml__is_sequence_literal(ml__ctx *ctx, TSNode node);

/* Renders `node` on one line for a message: blank runs and newlines become one space, and text
 * that does not fit in `size` bytes ends in "...". */
void ml__node_excerpt(ml__ctx *ctx, TSNode node, char *buffer, size_t size);

#endif
