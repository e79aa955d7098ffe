/* Parsing Python source into a tree, for the linter and the project index alike: the parser's
 * set-up, what tree-sitter must not see (a byte order mark, lone carriage returns, NUL bytes),
 * the nesting guard and the time budget. Nothing here knows about rules. */
#ifndef ML_PARSE_H
#define ML_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "syntax.h"

/* Deeper trees are refused (ML_ETOODEEP). CPython itself gives up on expressions nested a few
 * thousand levels deep, so no real program comes near; past it, rules that climb with
 * ts_node_parent (linear in the depth) would make a hostile file take quadratic time. */
#define ML__MAX_TREE_DEPTH 5000

/* How long one parse of `length` bytes may take, in microseconds: 2 s plus 100 us a byte.
 * tree-sitter 0.20.7's error recovery copies the ERROR node built so far at each token it skips
 * (ts_parser__recover_to_state), so its time is quadratic in a run of errors while its count of
 * parse operations stays linear: 20,000 lines of `c c` inside one open parenthesis (80 KB) take
 * 18 s, 65,000 lines (260 KB) 195 s, where valid code parses at about 1 microsecond a byte. The
 * budget is a hundred times that speed, so a file that parses natively also parses under valgrind
 * or on a loaded machine, and a hostile one costs seconds, not minutes: only a file the parser
 * cannot finish within it is refused (ML_EPARSE). Python and TOML parses alike. */
uint64_t ml__parse_budget_micros(size_t length);

/* A parser for `syntax`'s language, in *out (free with ts_parser_delete). Returns ML_OK or
 * ML_ENOMEM. */
int ml__parser_new(const ml__syntax *syntax, TSParser **out);

/* Parses `length` bytes into *out (the caller deletes the tree), skipping a UTF-8 byte order mark
 * (tree-sitter would see it as an error) while keeping node offsets relative to the whole buffer.
 * `old_tree`, when not NULL, is an edited earlier tree to reuse. Returns ML_OK, ML_ETOODEEP
 * (nothing parsed) or ML_EPARSE (the parse ran past its budget). */
int ml__parse(TSParser *parser, const TSTree *old_tree, const char *bytes, uint32_t length,
              TSTree **out);

#endif
