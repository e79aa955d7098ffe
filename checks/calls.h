/* A call site, resolved once: what is called (the Modal name it resolves to, or the method and
 * the Modal type of its receiver), whether through `.aio`, and its keyword arguments by name.
 *
 * 67 rules visit calls. Each used to find the callee, strip `.aio`, resolve the name and look for
 * its keywords itself; the record is worked out the first time any of them asks and remembered
 * for the others (per node, until a new binding may change what a name resolves to). */
#ifndef ML_CALLS_H
#define ML_CALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "context.h"
#include "semantic.h"

/* Room for a qualified name: the semantic model's memo holds names of this size. */
#define ML_QUALNAME_SIZE 256

typedef struct ml__call {
  TSNode node;        /* the call */
  TSNode function;    /* what is called as written, `.aio` included (where findings point) */
  TSNode callee;      /* what is called, `.aio` stripped; a null node when missing */
  bool is_aio;        /* written `callee.aio(...)` */
  bool resolves;      /* the callee resolves into Modal: `qualname` says to what */
  char qualname[ML_QUALNAME_SIZE];
  /* For `receiver.method(...)` (or `receiver.method.aio(...)`): the receiver and the method's
   * name node; null nodes for any other call. The receiver's type is ml__call_receiver_type. */
  TSNode receiver;
  TSNode method;
  TSNode arguments;   /* the argument list; a null node when missing */
} ml__call;

/* The record of `node`, or NULL when it is not a call (or, with ctx->error set, when out of
 * memory). It stays valid while at most one other
 * call is asked about (a rule may hold its call and look at one nested or enclosing call). */
const ml__call *ml__call_of(ml__ctx *ctx, TSNode node);

/* The Modal type of the receiver of the method call `call` (a record from ml__call_of), as
 * ml__type_of says, or ML_TYPE_UNKNOWN for any other call (receivers.h's ml__receiver_type also
 * follows with-targets and annotations). Worked out on the first ask: most method calls are of
 * methods no rule wants, and their receivers' types are never needed. */
ml__type ml__call_receiver_type(ml__ctx *ctx, const ml__call *call);

/* True when `call` is a method call whose method is named `name`. */
bool ml__call_method_is(const ml__ctx *ctx, const ml__call *call, const char *name);

/* The keyword_argument of the call `call` (a call node) named `name`, or a null node. */
TSNode ml__call_keyword(ml__ctx *ctx, TSNode call, const char *name);

/* One entry of a rule's table of the calls it wants: a callee that resolves to `qualname`, or the
 * method `method` on a receiver of Modal type `receiver`. A rule registers its table
 * (ml__rule_impl.calls) and the walker looks each call up in it. */
typedef struct ml__call_match ml__call_match;
struct ml__call_match {
  const char *qualname; /* "modal.gpu.A100"; NULL to match a method instead */
  ml__type receiver;    /* with `method` */
  const char *method;
  bool sync_only;       /* the `.aio` form is not this call */
  void (*handle)(ml__ctx *ctx, const ml__call *call, const ml__call_match *match);
  const void *data;     /* the handler's parameters */
};

/* Runs the handler of the first entry of `table` that the call `node` matches; false when none
 * does (or `node` is not a call). */
bool ml__call_dispatch(ml__ctx *ctx, TSNode node, const ml__call_match *table, size_t count);

#endif
