/* The cheap gate: see gate.h. */
#include "gate.h"

#include <string.h>

#include "find.h"
#include "index_internal.h"
#include "modallint/error.h"
#include "modallint/index.h"
#include "modallint/lint.h"

#if defined(__x86_64__) && defined(__SSE2__)
#include <immintrin.h>
#endif

typedef struct pass {
  const char *bytes;
  size_t length;
  ml__vec *offsets;
  bool has_noqa;
  int err;
} pass;

/* Takes position i when one of the words starts there. */
static void look_at(pass *p, size_t i) {
  const char *at = p->bytes + i;
  size_t left = p->length - i;
  if (*at == 'm' && left >= 5 && memcmp(at, "modal", 5) == 0) {
    uint32_t offset = (uint32_t)i;
    if (ml__vec_push(p->offsets, &offset)) p->err = ML_ENOMEM;
  } else if (*at == 'n' && left >= 4 && memcmp(at, "noqa", 4) == 0) {
    p->has_noqa = true;
  }
}

/* Positions [from, p->length), one at a time: the tail shorter than a vector, or every position
 * where there are no vectors. */
static void look_at_each(pass *p, size_t from) {
  for (size_t i = from; i < p->length && !p->err; i++) look_at(p, i);
}

#if defined(__x86_64__) && defined(__SSE2__)
/* Both words at once, with find.c's test: a position is a candidate when the word's first byte is
 * there and its last byte where the word would end; only candidates are compared in full, and in
 * source code they are rare. */
static void scan(pass *p) {
  const __m128i m = _mm_set1_epi8('m'), l = _mm_set1_epi8('l');
  const __m128i n = _mm_set1_epi8('n'), a = _mm_set1_epi8('a');
  size_t i = 0;
  /* The loads at i + 3 and i + 4 stay inside the buffer while i + 4 + 16 <= length. */
  for (; i + 20 <= p->length && !p->err; i += 16) {
    const char *at = p->bytes + i;
    __m128i first = _mm_loadu_si128((const __m128i *)(const void *)at);
    __m128i fourth = _mm_loadu_si128((const __m128i *)(const void *)(at + 3));
    __m128i fifth = _mm_loadu_si128((const __m128i *)(const void *)(at + 4));
    __m128i modal = _mm_and_si128(_mm_cmpeq_epi8(first, m), _mm_cmpeq_epi8(fifth, l));
    __m128i noqa = _mm_and_si128(_mm_cmpeq_epi8(first, n), _mm_cmpeq_epi8(fourth, a));
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(modal, noqa));
    for (; mask; mask &= mask - 1) look_at(p, i + (unsigned)__builtin_ctz(mask));
  }
  look_at_each(p, i);
}
#else
static void scan(pass *p) { look_at_each(p, 0); }
#endif

bool ml_mentions_modal(const char *bytes, size_t length) {
  return ml__find(bytes, length, "modal", 5) != NULL;
}

static ml__gate_verdict judge(const ml__gate *gate, const ml_source *source,
                              const ml_file_info *file) {
  bool python = file->kind == ML_FILE_PYTHON;
  if (gate->modal_count > 0 && (!python || gate->imports_modal)) return ML_GATE_LINT;
  /* The project index is asked last: its answer costs an import scan and look-ups. */
  bool index_says = python && file->index &&
                    ml__index_file_imports_modal(file->index, file, ml_source_bytes(source),
                                                 ml_source_length(source));
  if (gate->modal_count == 0) return index_says ? ML_GATE_LINT : ML_GATE_SKIP;
  return index_says || gate->has_noqa ? ML_GATE_LINT : ML_GATE_ASK_RULES;
}

int ml__gate_scan(const ml_source *source, const ml_file_info *file, ml__vec *offsets,
                  ml__gate *out) {
  pass p = {ml_source_bytes(source), ml_source_length(source), offsets, false, ML_OK};
  offsets->count = 0;
  scan(&p);
  if (p.err) return p.err;
  out->modal_at = offsets->count ? ml__vec_at(offsets, 0) : NULL;
  out->modal_count = offsets->count;
  out->has_noqa = p.has_noqa;
  out->imports_modal = false;
  for (size_t i = 0; file->kind == ML_FILE_PYTHON && i < out->modal_count && !out->imports_modal;
       i++)
    out->imports_modal = ml__statement_imports_modal(p.bytes, p.length, out->modal_at[i]);
  out->verdict = judge(out, source, file);
  return ML_OK;
}
