/* libFuzzer harness: incremental re-parses give the trees of their text.
 *
 * The language server re-parses each document incrementally, with the tree-sitter runtime the
 * executables link (patched by subprojects/setup.sh, see packagefiles/tree-sitter-runtime/). The
 * input is the text; edits are drawn from a generator seeded by the input, so libFuzzer's
 * mutations move both. For each edit, and for its undo:
 *   - when a fresh parse of the edited text has no syntax error, the incremental tree must have
 *     the same nodes (kind, byte range, missing flag, shape): with errors, tree-sitter's error
 *     recovery may legitimately differ between the two;
 *   - undoing the edit must give back the tree of the original text, when that has no error.
 * A difference aborts, so libFuzzer keeps the input.
 * Built and run by test/fuzz/run.sh; see the README's "Reliability and fuzzing". */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "reparse.h"

const TSLanguage *tree_sitter_python(void);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { EDITS_PER_INPUT = 8 };

static TSParser *parser;

static void violated(const char *what, uint32_t at) {
  fprintf(stderr, "fuzz_reparse: property violated: %s (edit at byte %u)\n", what, at);
  abort();
}

/* Replaces bytes [at, at + removed) of `*text` with `inserted` (`added` bytes) and describes the
 * change to `tree`. */
static void edit(char **text, uint32_t *length, TSTree *tree, uint32_t at, uint32_t removed,
                 const char *inserted, uint32_t added) {
  uint32_t edited_length;
  char *edited = reparse_edit(*text, *length, tree, at, removed, inserted, added, &edited_length);
  if (!edited) abort();
  free(*text);
  *text = edited;
  *length = edited_length;
}

static TSTree *parse(const TSTree *old, const char *text, uint32_t length) {
  TSTree *tree = ts_parser_parse_string(parser, old, text, length);
  if (!tree) abort();
  return tree;
}

static uint32_t next_random(uint32_t *state) {
  *state = *state * 1103515245u + 12345u;
  return (*state >> 8) & 0xffffff;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const insertions[] = {" ", "\n", "\n    ", "\t", ":", "(", ")", "[", "]",
                                           "{", "}", "\"", "'", "#", "\\", "x", "1", "=", ",",
                                           "@", "f\"", "\"\"\"", "def ", "    ", "\r\n"};
  if (!parser) {
    parser = ts_parser_new();
    if (!parser || !ts_parser_set_language(parser, tree_sitter_python())) abort();
  }
  uint32_t length = (uint32_t)size;
  char *text = malloc(size + 1);
  if (!text) abort();
  memcpy(text, data, size);
  uint32_t seed = 2166136261u;
  for (size_t i = 0; i < size; i++) seed = (seed ^ data[i]) * 16777619u;

  TSTree *original = parse(NULL, text, length);
  bool original_is_valid = !ts_node_has_error(ts_tree_root_node(original));
  TSTree *tree = ts_tree_copy(original);
  for (int round = 0; round < EDITS_PER_INPUT; round++) {
    uint32_t at = next_random(&seed) % (length + 1);
    bool remove = next_random(&seed) % 3 == 0 && at < length;
    const char *inserted =
        remove ? "" : insertions[next_random(&seed) % (sizeof insertions / sizeof insertions[0])];
    uint32_t added = (uint32_t)strlen(inserted);
    char removed = remove ? text[at] : '\0';

    edit(&text, &length, tree, at, remove ? 1 : 0, inserted, added);
    TSTree *next = parse(tree, text, length);
    ts_tree_delete(tree);
    tree = next;
    TSTree *fresh = parse(NULL, text, length);
    if (!ts_node_has_error(ts_tree_root_node(fresh)) && !reparse_same_nodes(ts_tree_root_node(tree), ts_tree_root_node(fresh)))
      violated("the incremental tree of an edited text differs from a fresh parse", at);
    ts_tree_delete(fresh);

    edit(&text, &length, tree, at, added, &removed, remove ? 1 : 0);
    next = parse(tree, text, length);
    ts_tree_delete(tree);
    tree = next;
    if (original_is_valid && !reparse_same_nodes(ts_tree_root_node(tree), ts_tree_root_node(original)))
      violated("undoing an edit did not give the original tree back", at);
  }
  ts_tree_delete(tree);
  ts_tree_delete(original);
  free(text);
  return 0;
}
