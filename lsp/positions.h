/* LSP positions (0-based line, 0-based character in the negotiated encoding) to and from the
 * library's byte offsets. Characters past a line's end and lines past the text's end are clamped,
 * as LSP asks; negative or non-integer values are InvalidParams. */
#ifndef MODAL_LSP_POSITIONS_H
#define MODAL_LSP_POSITIONS_H

#include <jansson.h>
#include <stdint.h>

#include "modallint/source.h"
#include "rpc.h"

int lsp_offset_from_json(const ml_source *source, const json_t *position, ml_column_kind kind,
                         uint32_t *offset, lsp_error *err);
/* `*start` <= `*end` on success; a reversed range is InvalidParams. */
int lsp_range_from_json(const ml_source *source, const json_t *range, ml_column_kind kind,
                        uint32_t *start, uint32_t *end, lsp_error *err);

/* New references; NULL only when out of memory. */
json_t *lsp_position_json(const ml_source *source, uint32_t offset, ml_column_kind kind);
json_t *lsp_range_json(const ml_source *source, uint32_t start, uint32_t end, ml_column_kind kind);

/* "utf-8", "utf-16" or "utf-32". */
const char *lsp_encoding_name(ml_column_kind kind);

#endif
