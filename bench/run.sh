#!/bin/sh
# modal-lint benchmark: one command, every number measured in the same run on this machine.
#
#   sh bench/run.sh            (from the repository root; a few minutes)
#
# Builds a release binary (build-release/, link-time optimised), installs @ast-grep/cli from
# bench/package-lock.json into bench/node_modules (the only network access besides
# subprojects/setup.sh's), prepares the corpora deterministically under bench/work/ and prints,
# for each corpus: modal-lint, ast-grep and a bare tree-sitter parse of the same files on the same
# number of threads, with the ratios; then the language server's latency (beside the bare
# incremental re-parse for the same edits) and memory, the CLI's peak RSS and callgrind
# instruction counts for one file and for one package beside the bare parse and walk.
# Never part of the test suite: it asserts nothing, it reports.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
bench=$root/bench
work=$bench/work
build=$root/build-release
jobs=${JOBS:-$(nproc)}
runs=${RUNS:-5}
stdlib=${STDLIB:-$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}

say() { printf '%s\n' "$*"; }

# --- build -----------------------------------------------------------------------------------
# A release build with link-time optimisation, as a distribution would build it: the rule walk's
# calls into the (static) tree-sitter runtime are inlined then.
sh "$root/subprojects/setup.sh"
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$root" -Dbuildtype=release -Db_lto=true -Dtests=false >/dev/null
else
  meson configure "$build" -Dbuildtype=release -Db_lto=true -Dtests=false >/dev/null
fi
ninja -C "$build" >/dev/null
lint=$build/lint/modal-lint
lsp=$build/lsp/modal-lsp
# The floor is built from the same grammar and runtime objects, with the same optimisation.
grammar=$(find "$build/subprojects" -name 'libtree-sitter-python.a' | head -n 1)
runtime=$(find "$build/subprojects" -name 'libtree-sitter-runtime.a' | head -n 1)
mkdir -p "$work"
cc -O3 -flto -I"$root/subprojects/tree-sitter-runtime/lib/include" -o "$work.bare_parse" \
  "$bench/bare_parse.c" "$grammar" "$runtime" -lpthread
bare=$work.bare_parse
cc -O3 -flto -I"$root/subprojects/tree-sitter-runtime/lib/include" -I"$root/test/support" \
  -o "$work.bare_reparse" "$bench/bare_reparse.c" "$grammar" "$runtime"

# --- peers -----------------------------------------------------------------------------------
if [ ! -x "$bench/node_modules/.bin/ast-grep" ]; then
  (cd "$bench" && npm ci --no-audit --no-fund >/dev/null)
fi
sg=$bench/node_modules/.bin/ast-grep
sgconfig=$bench/ast-grep/sgconfig.yml

# --- corpora (deterministic: same seed, same bytes) -------------------------------------------
mkdir -p "$work"
if [ ! -d "$work/monorepo" ]; then
  python3 "$bench/gen_corpus.py" monorepo "$work/monorepo" "$stdlib" --apps 20 --seed 1
fi
if [ ! -d "$work/modal-heavy" ]; then
  python3 "$bench/gen_corpus.py" modal-heavy "$work/modal-heavy" --files 2000 --seed 1
fi
if [ ! -f "$work/big.py" ]; then
  python3 "$bench/gen_corpus.py" big-file "$work/big.py" --lines 20000 --seed 1
fi
if [ ! -f "$work/big-2k.py" ]; then
  python3 "$bench/gen_corpus.py" big-file "$work/big-2k.py" --lines 2000 --seed 1
fi

# Best of $runs wall-clock seconds for each command (given as one string each), the commands run
# in turn within every round (A, B, C, A, B, C, ...) so that a machine slowing down or speeding up
# during the measurement affects all alike; prints the bests on one line.
best_in_turns() {
  python3 - "$runs" "$@" <<'PY'
import shlex, subprocess, sys, time
runs = int(sys.argv[1]); cmds = [shlex.split(c) for c in sys.argv[2:]]
best = [None] * len(cmds)
for _ in range(runs):
    for i, cmd in enumerate(cmds):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        d = time.perf_counter() - t
        best[i] = d if best[i] is None else min(best[i], d)
print(" ".join(f"{b:.3f}" for b in best))
PY
}

# ratio A B [DIGITS]: A / B, to 2 decimals unless told.
ratio() {
  python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.{sys.argv[3]}f}')" \
    "$1" "$2" "${3:-2}"
}

corpus() {
  name=$1 dir=$2
  files=$(find "$dir" -name '*.py' | wc -l)
  mb=$(du -sm "$dir" | cut -f1)
  # shellcheck disable=SC2046
  set -- $(best_in_turns "'$lint' -j $jobs --exit-zero -q --format concise '$dir'" \
    "'$sg' scan -c '$sgconfig' --threads $jobs '$dir'" "'$bare' -j $jobs '$dir'" \
    "'$bare' --walk -j $jobs '$dir'")
  t_lint=$1 t_sg=$2 t_bare=$3 t_walk=$4
  say "$name: $files files, $mb MB, $jobs threads (best of $runs, the four taking turns)"
  say "  modal-lint      ${t_lint}s"
  say "  ast-grep        ${t_sg}s   -> modal-lint is $(ratio "$t_sg" "$t_lint")x faster than ast-grep"
  say "  bare parse      ${t_bare}s   -> modal-lint takes $(ratio "$t_lint" "$t_bare")x the bare parse"
  # Every file parsed and every node visited, no rule run: the floor of any one-walk linter.
  say "  parse + walk    ${t_walk}s   -> $(ratio "$t_walk" "$t_bare")x the bare parse, with no rule"
}

say "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
say "modal-lint: $("$lint" --version); ast-grep: $("$sg" --version); python stdlib: $stdlib"
say ""
corpus monorepo "$work/monorepo"
corpus modal-heavy "$work/modal-heavy"

# --- memory ----------------------------------------------------------------------------------
rss=$(/usr/bin/time -f '%M' "$lint" -j "$jobs" --exit-zero -q --format concise "$work/monorepo" 2>&1 >/dev/null | tail -n 1)
say "CLI peak RSS on monorepo: $((rss / 1024)) MB"

# --- language server -------------------------------------------------------------------------
say "language server ($(wc -l <"$work/big.py") lines; then, for scale, 2,000 lines and one app file):"
python3 "$bench/lsp_bench.py" latency "$lsp" "$work/big.py" --edits "${EDITS:-200}" | sed 's/^/  /'
# The floor under that latency: tree-sitter's incremental re-parse alone, for the same edits.
"$work.bare_reparse" "$work/big.py" "${EDITS:-200}" | sed 's/^/  /'
python3 "$bench/lsp_bench.py" latency "$lsp" "$work/big-2k.py" --edits "${EDITS:-200}" | sed 's/^/  /'
python3 "$bench/lsp_bench.py" latency "$lsp" "$work/modal-heavy/pkg000/app_00000.py" --edits "${EDITS:-200}" | sed 's/^/  /'
python3 "$bench/lsp_bench.py" memory "$lsp" "$work/modal-heavy" --docs 1000 | sed 's/^/  /'

# --- instruction counts (for regressions timing noise hides) -----------------------------------
if command -v valgrind >/dev/null 2>&1; then
  instructions() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : //p'; }
  one=$work/modal-heavy/pkg000/app_00000.py
  ir=$(instructions "$lint" -j 1 -q --exit-zero "$one")
  say "callgrind: $ir instructions for modal-lint on $(basename "$one") ($(wc -l <"$one") lines)"
  # The corpus ratios above without the timing noise: one package on one thread.
  pkg=$work/modal-heavy/pkg000
  ir_lint=$(instructions "$lint" -j 1 -q --exit-zero --format concise "$pkg")
  ir_bare=$(instructions "$bare" -j 1 "$pkg")
  ir_walk=$(instructions "$bare" --walk -j 1 "$pkg")
  say "callgrind on $(basename "$pkg") ($(find "$pkg" -name '*.py' | wc -l) files, 1 thread):"
  say "  modal-lint $ir_lint, bare parse $ir_bare, parse + walk $ir_walk"
  say "  -> modal-lint takes $(ratio "$ir_lint" "$ir_bare" 3)x the bare parse; parse + walk $(ratio "$ir_walk" "$ir_bare" 3)x"
fi
