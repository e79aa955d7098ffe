/* MDL248 grpc-error-catch (catalogue B-48): Modal calls raise `modal.exception` types; catching
 * `grpclib.GRPCError` around them and reading `.status` is deprecated.
 *
 * grpclib is not Modal, so the semantic model does not follow its imports; this rule reads the
 * module-level imports of `grpclib` itself, and only in files that also import Modal. */
#include <stdio.h>
#include <string.h>

#include "rules.h"

/* py/modal/_grpc_client.py `_STATUS_TO_EXCEPTION`. */
static const struct {
  const char *status;
  const char *exception;
} mapping[] = {
    {"NOT_FOUND", "NotFoundError"},
    {"ALREADY_EXISTS", "AlreadyExistsError"},
    {"PERMISSION_DENIED", "PermissionDeniedError"},
    {"RESOURCE_EXHAUSTED", "ResourceExhaustedError"},
    {"FAILED_PRECONDITION", "ConflictError"},
    {"ABORTED", "ConflictError"},
    {"INVALID_ARGUMENT", "InvalidError"},
    {"OUT_OF_RANGE", "InvalidError"},
    {"UNIMPLEMENTED", "UnimplementedError"},
    {"INTERNAL", "InternalError"},
    {"CANCELLED", "ServiceError"},
    {"UNKNOWN", "ServiceError"},
    {"DEADLINE_EXCEEDED", "ServiceError"},
    {"UNAVAILABLE", "ServiceError"},
    {"DATA_LOSS", "DataLossError"},
    {"UNAUTHENTICATED", "AuthError"},
};

static bool is_type(TSNode node, const char *type) {
  return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

static bool text_is(ml__ctx *ctx, TSNode node, const char *text, uint32_t length) {
  uint32_t start = ts_node_start_byte(node);
  return ts_node_end_byte(node) - start == length &&
         memcmp(ctx->bytes + start, text, length) == 0;
}

/* Whether a module-level import binds `name` (length bytes) to `grpclib` or to one of
 * `members` imported from one of `modules` (`from grpclib import GRPCError as E`). */
static bool grpclib_binds(ml__ctx *ctx, const char *name, uint32_t length, bool module,
                          const char *const *modules, const char *member) {
  /* Scanning the module's statements for every handler is quadratic in a long file; a file that
   * never spells `grpclib` cannot import it (asked once per file). */
  if (ctx->sem.grpclib_file != ctx->sem.file_serial) {
    ctx->sem.grpclib_file = ctx->sem.file_serial;
    ctx->sem.grpclib_mentioned =
        memmem(ctx->bytes, ml_source_length(ctx->source), "grpclib", 7) != NULL;
  }
  if (!ctx->sem.grpclib_mentioned) return false;
  bool bound = false;
  TSNode statement;
  ml__children statements;
  ml__children_begin(&statements, &ctx->cursors, ts_tree_root_node(ctx->tree));
  while (ml__children_next(&statements, &statement)) {
    ml__kind kind = ml__kind_of(ctx->syntax, statement);
    if (kind == ML_KIND_IMPORT_STATEMENT && module) {
      for (uint32_t k = 0; k < ts_node_named_child_count(statement); k++) {
        TSNode item = ts_node_named_child(statement, k);
        /* `import grpclib` and `import grpclib.const` bind `grpclib`. */
        if (ml__kind_of(ctx->syntax, item) != ML_KIND_DOTTED_NAME) continue;
        TSNode first = ts_node_named_child(item, 0);
        if (!ts_node_is_null(first) && text_is(ctx, first, name, length) &&
            ml__node_is_text(ctx->bytes, first, "grpclib"))
          bound = true;
      }
    }
    if (kind != ML_KIND_IMPORT_FROM_STATEMENT || module) continue;
    TSNode from = ml__child_by_field(ctx, statement, ctx->syntax->field_module_name);
    bool ours = false;
    for (const char *const *m = modules; *m; m++)
      if (!ts_node_is_null(from) && ml__node_is_text(ctx->bytes, from, *m)) ours = true;
    if (!ours) continue;
    for (uint32_t k = 0; k < ts_node_named_child_count(statement); k++) {
      TSNode item = ts_node_named_child(statement, k);
      if (ts_node_eq(item, from)) continue;
      TSNode imported = item, local = item;
      if (ml__kind_of(ctx->syntax, item) == ML_KIND_ALIASED_IMPORT) {
        imported = ml__child_by_field(ctx, item, ctx->syntax->field_name);
        local = ml__child_by_field(ctx, item, ctx->syntax->field_alias);
      }
      if (!ts_node_is_null(imported) && !ts_node_is_null(local) &&
          ml__node_is_text(ctx->bytes, imported, member) && text_is(ctx, local, name, length))
        bound = true;
    }
  }
  ml__children_end(&statements);
  /* A Modal import (or any name the model tracks) of the same name hides grpclib's. */
  return bound && !ml__semantic_lookup(&ctx->sem, name, length);
}

static bool is_grpclib_module(ml__ctx *ctx, TSNode node) {
  if (ml__kind_of(ctx->syntax, node) != ML_KIND_IDENTIFIER) return false;
  uint32_t start = ts_node_start_byte(node);
  return grpclib_binds(ctx, ctx->bytes + start, ts_node_end_byte(node) - start, true, NULL, NULL);
}

/* `name` spelled as an imported grpclib member, `grpclib.name` or `grpclib.<submodule>.name`. */
static bool is_grpclib_member(ml__ctx *ctx, TSNode node, const char *member,
                              const char *submodule) {
  static const char *const error_modules[] = {"grpclib", "grpclib.exceptions", NULL};
  static const char *const status_modules[] = {"grpclib", "grpclib.const", NULL};
  const char *const *modules = strcmp(member, "Status") == 0 ? status_modules : error_modules;
  ml__kind kind = ml__kind_of(ctx->syntax, node);
  if (kind == ML_KIND_IDENTIFIER) {
    uint32_t start = ts_node_start_byte(node);
    return grpclib_binds(ctx, ctx->bytes + start, ts_node_end_byte(node) - start, false, modules,
                         member);
  }
  if (kind != ML_KIND_ATTRIBUTE) return false;
  TSNode object = ml__child_by_field(ctx, node, ctx->syntax->field_object);
  TSNode attribute = ml__child_by_field(ctx, node, ctx->syntax->field_attribute);
  if (!ml__node_is_text(ctx->bytes, attribute, member)) return false;
  if (is_grpclib_module(ctx, object)) return true;
  if (ml__kind_of(ctx->syntax, object) != ML_KIND_ATTRIBUTE) return false;
  TSNode inner = ml__child_by_field(ctx, object, ctx->syntax->field_object);
  TSNode sub = ml__child_by_field(ctx, object, ctx->syntax->field_attribute);
  return ml__node_is_text(ctx->bytes, sub, submodule) && is_grpclib_module(ctx, inner);
}

/* Looks in the handler for `<anything>.status == Status.X` (either side) and returns the Modal
 * exception X maps to, or NULL. */
static const char *compared_status(ml__ctx *ctx, TSNode clause, const char **status) {
  TSTreeCursor spare;
  TSTreeCursor *cursor = ml__cursor_borrow(&ctx->cursors, clause, &spare);
  const char *found = NULL;
  uint32_t depth = 0;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(cursor);
    for (uint32_t i = 0; is_type(node, "comparison_operator") && i < ts_node_named_child_count(node);
         i++) {
      TSNode side = ts_node_named_child(node, i);
      if (ml__kind_of(ctx->syntax, side) != ML_KIND_ATTRIBUTE) continue;
      TSNode object = ml__child_by_field(ctx, side, ctx->syntax->field_object);
      TSNode attribute = ml__child_by_field(ctx, side, ctx->syntax->field_attribute);
      if (!is_grpclib_member(ctx, object, "Status", "const")) continue;
      for (size_t k = 0; k < sizeof mapping / sizeof mapping[0]; k++)
        if (ml__node_is_text(ctx->bytes, attribute, mapping[k].status)) {
          found = mapping[k].exception;
          *status = mapping[k].status;
        }
    }
    if (found || !ml__cursor_step(cursor, &depth, true)) break;
  }
  ml__cursor_return(&ctx->cursors, cursor, &spare);
  return found;
}

static void report(ml__ctx *ctx, TSNode clause, TSNode caught) {
  if (!is_grpclib_member(ctx, caught, "GRPCError", "exceptions")) return;
  const char *status = NULL;
  const char *exception = compared_status(ctx, clause, &status);
  if (exception)
    ml__report_node(ctx, caught,
                    "Modal calls raise `modal.exception` types; reading `GRPCError` attributes "
                    "is deprecated: catch `modal.exception.%s` instead of checking `Status.%s`",
                    exception, status);
  else
    ml__report_node(ctx, caught,
                    "Modal calls raise `modal.exception` types; reading `GRPCError` attributes "
                    "is deprecated: catch `modal.exception.NotFoundError`, `InvalidError`, ... "
                    "instead");
}

/* `except T`, `except T as e`, `except (T, U) as e`. */
static void visit(ml__ctx *ctx, TSNode clause) {
  TSNode caught = ml__child_by_field(ctx, clause, ctx->syntax->field_value);
  if (ts_node_is_null(caught) || !ml__semantic_reaches_modal(&ctx->sem)) return;
  if (is_type(caught, "as_pattern")) caught = ts_node_named_child(caught, 0);
  if (ml__kind_of(ctx->syntax, caught) == ML_KIND_PARENTHESIZED_EXPRESSION)
    caught = ts_node_named_child(caught, 0);
  if (is_type(caught, "tuple")) {
    for (uint32_t i = 0; i < ts_node_named_child_count(caught); i++)
      report(ctx, clause, ts_node_named_child(caught, i));
  } else if (!ts_node_is_null(caught)) {
    report(ctx, clause, caught);
  }
}

static const ml__kind kinds[] = {ML_KIND_EXCEPT_CLAUSE};
static const char *const triggers[] = {"GRPCError", NULL};

const ml__rule_impl ml__rule_mdl248 = {
    .info = ML__RULE_INFO_MDL248,
    .kinds = kinds,
    .kind_count = sizeof kinds / sizeof kinds[0],
    .visit = visit,
    .triggers = triggers,
};
