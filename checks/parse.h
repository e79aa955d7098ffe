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

/* Bounds the next parse of `length` bytes. tree-sitter 0.20.7's error recovery folds every
 * subtree skipped so far into a new ERROR node each time it recovers, so its time is quadratic in
 * a run of errors while its count of parse operations stays linear: 20,000 lines of `c c` inside
 * one open parenthesis (80 KB) take 18 s, 65,000 lines (260 KB) 195 s. With the patched runtime
 * the executables link, the bound is a count of that folding work, 1,000,000 plus 100 a byte
 * (real code with an unclosed parenthesis before it stays under 5 a byte), so whether a file is
 * refused never depends on the machine. With the system runtime (libmodallint.so) it is a time
 * budget instead, ml__parse_budget_micros. A parse past its bound is refused (ML_EPARSE). Python
 * and TOML parses alike. */
void ml__parser_bound(TSParser *parser, size_t length);

/* The time budget of a parse of `length` bytes where the runtime cannot count recovery work: 2 s
 * plus 100 microseconds a byte, a hundred times the native speed of valid code. */
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
