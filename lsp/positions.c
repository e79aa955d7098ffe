#include "positions.h"

static int read_uint(const json_t *object, const char *key, uint32_t *out, lsp_error *err) {
  const json_t *value = json_object_get(object, key);
  if (!json_is_integer(value) || json_integer_value(value) < 0)
    return lsp_fail(err, LSP_INVALID_PARAMS, "position.%s must be a non-negative integer", key);
  json_int_t number = json_integer_value(value);
  /* Anything past the 4 GiB the library handles is past the end of the text anyway. */
  *out = number >= UINT32_MAX ? UINT32_MAX - 1 : (uint32_t)number;
  return 0;
}

int lsp_offset_from_json(const ml_source *source, const json_t *position, ml_column_kind kind,
                         uint32_t *offset, lsp_error *err) {
  if (!json_is_object(position))
    return lsp_fail(err, LSP_INVALID_PARAMS, "a position must be an object");
  uint32_t line, character;
  if (read_uint(position, "line", &line, err) || read_uint(position, "character", &character, err))
    return -1;
  ml_position p = {line + 1, character + 1};
  *offset = ml_source_offset(source, p, kind);
  return 0;
}

int lsp_range_from_json(const ml_source *source, const json_t *range, ml_column_kind kind,
                        uint32_t *start, uint32_t *end, lsp_error *err) {
  if (!json_is_object(range)) return lsp_fail(err, LSP_INVALID_PARAMS, "a range must be an object");
  if (lsp_offset_from_json(source, json_object_get(range, "start"), kind, start, err) ||
      lsp_offset_from_json(source, json_object_get(range, "end"), kind, end, err))
    return -1;
  if (*start > *end) return lsp_fail(err, LSP_INVALID_PARAMS, "range.start is after range.end");
  return 0;
}

json_t *lsp_position_json(const ml_source *source, uint32_t offset, ml_column_kind kind) {
  ml_position p = ml_source_position(source, offset, kind);
  return json_pack("{s:I, s:I}", "line", (json_int_t)p.line - 1, "character",
                   (json_int_t)p.column - 1);
}

json_t *lsp_range_json(const ml_source *source, uint32_t start, uint32_t end, ml_column_kind kind) {
  return json_pack("{s:o, s:o}", "start", lsp_position_json(source, start, kind), "end",
                   lsp_position_json(source, end, kind));
}

const char *lsp_encoding_name(ml_column_kind kind) {
  switch (kind) {
    case ML_COLUMN_UTF8:
      return "utf-8";
    case ML_COLUMN_CODEPOINT:
      return "utf-32";
    default:
      return "utf-16";
  }
}
