#!/bin/sh
# Builds one libFuzzer harness with clang and runs it for a bounded time.
#
#   sh test/fuzz/run.sh HARNESS [SECONDS] [WORK_DIR]
#
# HARNESS is "lint" (fuzz_lint.c: the check library and the fix engine), "config" (fuzz_config.c:
# configuration files and globs), "framing" (fuzz_framing.c: the language server's framing),
# "dispatch" (fuzz_dispatch.c: the whole language server fed JSON-RPC bodies) or "reparse"
# (fuzz_reparse.c: incremental re-parses against fresh ones). SECONDS defaults to 20. WORK_DIR
# (default build-fuzz) keeps the objects, the growing corpus (corpus-HARNESS, reused by the next
# run) and any crashing input (artifacts-HARNESS/). The library is compiled from the source tree
# directly, not through meson, because the suite's compiler is gcc and libFuzzer needs clang; its
# file list is read from checks/meson.build and the rules from checks/rules/LIST, so a new rule is
# fuzzed without editing this script.
#
# Every input under test/fuzz/regressions/HARNESS/ is replayed first: those are crashes found
# before, minimised and kept so they never come back. Prints "ok - NAME" / "not ok - NAME" and
# "N passed, N failed"; exits non-zero on any failure.
set -u

if [ $# -lt 1 ]; then
  echo "usage: sh $0 lint|config|framing|dispatch|reparse [SECONDS] [WORK_DIR]" >&2
  exit 2
fi
harness=$1
seconds=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${3:-$root/build-fuzz}
mkdir -p "$work" || exit 2
work=$(cd "$work" && pwd)
cc=${CLANG:-clang-14}

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() {
  failed=$((failed + 1))
  echo "not ok - $1"
  shift
  for line in "$@"; do echo "#   $line"; done
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

if ! command -v "$cc" >/dev/null 2>&1; then
  fail "fuzz-$harness-build" "$cc not found: run subprojects/setup.sh (it installs clang-14 and libclang-rt-14-dev)"
  finish
fi

# The sanitizers turn silent memory errors and undefined behaviour into crashes libFuzzer keeps;
# -fno-sanitize-recover makes UBSan stop at the first report instead of printing and going on.
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror $sanitize"
objdir=$work/obj-$harness
rm -rf "$objdir"
mkdir -p "$objdir"

# compile OUT SOURCE FLAGS...
compile() {
  out=$1
  src=$2
  shift 2
  # shellcheck disable=SC2086
  if ! "$cc" -c -o "$objdir/$out" "$src" "$@" 2>"$objdir/$out.log"; then
    cat "$objdir/$out.log" | sed 's/^/#   /'
    return 1
  fi
}

# compile_parsers: every grammar subprojects/setup.sh fetched and the tree-sitter runtime; clears
# build_ok on a failure.
compile_parsers() {
  # Every grammar subprojects/setup.sh fetched (Python, and TOML for configuration files). They
  # are generated code: their warnings are not ours to fix.
  for grammar in "$root"/subprojects/tree-sitter-*/src; do
    name=$(basename "$(dirname "$grammar")" | tr - _)
    for src in "$grammar"/parser.c "$grammar"/scanner.c; do
      [ -f "$src" ] || continue
      # shellcheck disable=SC2086
      compile "${name}_$(basename "${src%.c}").o" "$src" -std=c11 -g -O1 -w $sanitize \
        -fsanitize=fuzzer-no-link -I"$grammar" || build_ok=0
    done
  done
  # The tree-sitter runtime the executables link (subprojects/setup.sh fetched its source),
  # optimised and not instrumented, as the system library was: instrumented, it made the harness
  # about three times slower (55 against 147 inputs a second; 5.4 s against 1.3 s for the slowest
  # input kept, 2 KB of broken syntax that `--fix` parses some 40 times). The sanitizers still
  # see every allocation it makes.
  runtime=$root/subprojects/tree-sitter-runtime/lib
  compile tree_sitter_runtime.o "$runtime/src/lib.c" -std=gnu99 -g -O2 -w \
    -I"$runtime/include" -I"$runtime/src" || build_ok=0
}

build_ok=1
case $harness in
  lint | config | dispatch)
    if [ "$harness" = lint ]; then
      seeds="$root/test/fixtures"
      seed_pattern='*.py'
      max_len=8192
    elif [ "$harness" = config ]; then
      seeds="$root/test"
      seed_pattern='*.toml'
      max_len=4096
    else
      seeds=""
      max_len=4096
    fi
    # The library's own source list, read from checks/meson.build so the harness links exactly
    # what the product links, rules added there included, and never a file still being written.
    sources=$(sed -n "/^modallint_sources = files(/,/)/s/^ *'\([^']*\.c\)',*\$/\1/p" \
      "$root/checks/meson.build")
    if [ -z "$sources" ]; then
      fail "fuzz-lint-build" "no sources found in checks/meson.build"
      finish
    fi
    # The rules come from checks/rules/LIST, one code a line, each with its implementation and
    # its documentation, from which rules/rule_list.py generates the registry (rule_list.c), the
    # declarations (rule_list.h) and the docs (rule_docs.c), as checks/meson.build does.
    codes=$(cat "$root/checks/rules/LIST")
    for code in $codes; do
      sources="$sources rules/$(echo "$code" | tr '[:upper:]' '[:lower:]').c"
    done
    docs=$(for code in $codes; do echo "$root/docs/rules/$code.md"; done)
    # shellcheck disable=SC2086
    if ! python3 "$root/checks/rules/rule_list.py" "$objdir/rule_list.c" "$objdir/rule_list.h" \
      "$objdir/rule_docs.c" $docs >"$objdir/rule_list.log" 2>&1; then
      sed 's/^/#   /' "$objdir/rule_list.log"
      build_ok=0
    fi
    for rel in $sources; do
      src=$root/checks/$rel
      name=checks_$(echo "$rel" | tr / _)
      # shellcheck disable=SC2086
      compile "${name%.c}.o" "$src" $cflags -fsanitize=fuzzer-no-link -I"$root/include" \
        -I"$root/checks" -I"$objdir" || build_ok=0
    done
    # shellcheck disable=SC2086
    for generated in rule_list rule_docs; do
      compile "checks_$generated.o" "$objdir/$generated.c" $cflags -fsanitize=fuzzer-no-link \
        -I"$root/include" -I"$root/checks" -I"$objdir" || build_ok=0
    done
    compile_parsers
    libs=
    if [ "$harness" = dispatch ]; then
      # The whole server but its main(), and the workspace layer it links (lsp/meson.build).
      for src in "$root"/lsp/*.c "$root"/workspace/*.c; do
        [ "$(basename "$src")" = main.c ] && continue
        name=$(basename "$(dirname "$src")")_$(basename "$src")
        # shellcheck disable=SC2086
        compile "${name%.c}.o" "$src" $cflags -fsanitize=fuzzer-no-link -I"$root/include" \
          -I"$root/workspace" -I"$root/checks" -I"$root/lsp" || build_ok=0
      done
      libs="-ljansson -luv -lpthread"
    fi
    # shellcheck disable=SC2086
    compile harness.o "$here/fuzz_$harness.c" $cflags -fsanitize=fuzzer-no-link -I"$root/include" \
      -I"$root/workspace" -I"$root/checks" -I"$root/lsp" || build_ok=0
    ;;
  reparse)
    seeds="$root/test/fixtures"
    seed_pattern='*.py'
    max_len=8192
    compile_parsers
    runtime=$root/subprojects/tree-sitter-runtime/lib
    # shellcheck disable=SC2086
    compile harness.o "$here/fuzz_reparse.c" $cflags -fsanitize=fuzzer-no-link \
      -I"$runtime/include" -I"$root/test/support" || build_ok=0
    libs=
    ;;
  framing)
    seeds=""
    if [ ! -f "$root/lsp/framing.h" ]; then
      fail "fuzz-framing-build" "lsp/framing.h does not exist"
      finish
    fi
    # shellcheck disable=SC2086
    compile framing.o "$root/lsp/framing.c" $cflags -fsanitize=fuzzer-no-link || build_ok=0
    # shellcheck disable=SC2086
    compile harness.o "$here/fuzz_framing.c" $cflags -fsanitize=fuzzer-no-link -I"$root/lsp" ||
      build_ok=0
    libs=
    max_len=4096
    ;;
  *)
    echo "unknown harness '$harness' (lint, config, framing, dispatch or reparse)" >&2
    exit 2
    ;;
esac
bin=$work/fuzz_$harness
# shellcheck disable=SC2086
if [ "$build_ok" = 1 ] && "$cc" -o "$bin" "$objdir"/*.o -fsanitize=fuzzer $sanitize $libs \
  2>"$objdir/link.log"; then
  pass "fuzz-$harness-build"
else
  [ -f "$objdir/link.log" ] && sed 's/^/#   /' "$objdir/link.log"
  fail "fuzz-$harness-build" "compiling the harness failed (messages above)"
  finish
fi

# Leak checks stay on (libFuzzer's default); a report must stop the run with a stack trace.
ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

regressions=$here/regressions/$harness
if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions" 2>/dev/null)" ]; then
  for input in "$regressions"/*; do
    if "$bin" "$input" >"$work/replay.log" 2>&1; then
      pass "fuzz-$harness-regression $(basename "$input")"
    else
      fail "fuzz-$harness-regression $(basename "$input")" "replaying $input failed:"
      tail -n 40 "$work/replay.log" | sed 's/^/#   /'
    fi
  done
fi

# The corpus grows across runs in WORK_DIR; seeds are added every time (cp -n keeps it cheap).
corpus=$work/corpus-$harness
artifacts=$work/artifacts-$harness
mkdir -p "$corpus" "$artifacts"
if [ -n "$seeds" ]; then
  i=0
  find "$seeds" -type f -name "$seed_pattern" | sort | while read -r f; do
    i=$((i + 1))
    cp -n "$f" "$corpus/seed-$i-$(basename "$f")"
  done
  if [ "$harness" = config ]; then
    # Every key the configuration knows, so the fuzzer starts from valid values of each type.
    printf '%s\n' 'select = ["MDL1", "autoscaler-param-rename"]' 'extend-select = ["MDL2"]' \
      'ignore = ["MDL112"]' 'exclude = ["generated/", "**/*_pb2.py"]' 'extend-exclude = ["legacy/"]' \
      'target-version = "1.0"' 'unsafe-fixes = true' 'output-format = "concise"' \
      '[per-file-ignores]' '"test_*.py" = ["ALL"]' '"src/**/[a-c]?.py" = ["MDL101"]' \
      >"$corpus/seed-standalone.toml"
    { printf '[project]\nname = "x"\n\n[tool.modal-lint]\n'; cat "$corpus/seed-standalone.toml"; } \
      >"$corpus/seed-pyproject.toml"
  fi
elif [ "$harness" = dispatch ]; then
  # Dispatch seeds: requests and notifications on the open document, separated by 0x1E, and a few
  # malformed ones.
  doc='{"uri":"file:///nonexistent-fuzz/app.py"}'
  printf '%s\036%s\036%s' \
    '{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":'"$doc"',"position":{"line":3,"character":16}}}' \
    '{"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":{"textDocument":'"$doc"',"range":{"start":{"line":0,"character":0},"end":{"line":9,"character":0}},"context":{"diagnostics":[]}}}' \
    '{"jsonrpc":"2.0","id":4,"method":"textDocument/diagnostic","params":{"textDocument":'"$doc"'}}' \
    >"$corpus/seed-requests"
  printf '%s\036%s' \
    '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nonexistent-fuzz/app.py","version":2},"contentChanges":[{"range":{"start":{"line":3,"character":15},"end":{"line":3,"character":24}},"text":"min_containers"}]}}' \
    '{"jsonrpc":"2.0","id":5,"method":"workspace/executeCommand","params":{"command":"modal-lint.applyAutofix","arguments":[{"uri":"file:///nonexistent-fuzz/app.py","version":2}]}}' \
    >"$corpus/seed-change"
  printf '%s\036%s\036%s' \
    '{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"modal-lint":{"select":["MDL1"],"targetVersion":"0.73"}}}}' \
    '{"jsonrpc":"2.0","id":6,"method":"codeAction/resolve","params":{"title":"x","data":{"uri":"file:///nonexistent-fuzz/app.py"}}}' \
    '{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":'"$doc"'}}' \
    >"$corpus/seed-settings"
  printf '%s\036%s\036%s' '{"jsonrpc":"2.0","id":7,"method":"nope"}' '[1,2' \
    '{"jsonrpc":"2.0","id":8,"method":"$/cancelRequest","params":{"id":2}}' >"$corpus/seed-malformed"
else
  # Framing seeds: well-formed and malformed streams the unit tests also exercise.
  printf 'Content-Length: 2\r\n\r\n{}' >"$corpus/seed-one"
  printf 'Content-Length: 2\r\n\r\n{}Content-Length: 4\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\nnull' >"$corpus/seed-two"
  printf 'Content-Length: 2\n\n[]' >"$corpus/seed-bare-newlines"
  printf 'X-Nope: 1\r\n\r\ngarbage Content-Length: 2\r\n\r\n{}' >"$corpus/seed-resync"
  printf 'Content-Length: 99999999999999999999\r\n\r\n' >"$corpus/seed-huge"
  printf 'Content-Length: 600\r\n\r\n' >"$corpus/seed-over-cap"
  printf 'Content-Length: x\r\n\r\nContent-Length: 0\r\n\r\n' >"$corpus/seed-bad-number"
fi
[ -d "$regressions" ] && cp -n "$regressions"/* "$corpus"/ 2>/dev/null

log=$work/fuzz-$harness.log
"$bin" -max_total_time="$seconds" -timeout=100 -rss_limit_mb=2048 -max_len="$max_len" \
  -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1
status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
if [ "$status" -eq 0 ]; then
  pass "fuzz-$harness ${seconds}s: ${runs:-?} inputs, ${speed:-?}/s, corpus $(ls "$corpus" | wc -l) files"
else
  crash=$(ls -t "$artifacts" 2>/dev/null | head -n 1)
  fail "fuzz-$harness" "libFuzzer stopped with status $status; input kept as $artifacts/$crash" \
    "minimise it:  $bin -minimize_crash=1 -runs=20000 $artifacts/$crash" \
    "then keep it: cp THE_MINIMISED_INPUT $regressions/ (and fix the bug)"
  grep -E 'ERROR|SUMMARY|property violated|#[0-9]+ 0x' "$log" | head -n 40 | sed 's/^/#   /'
fi
finish
