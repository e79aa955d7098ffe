#!/bin/sh
# The whole test suite, from a fresh machine: installs what it needs, builds with -Werror, runs
# every test normally and again under AddressSanitizer + UndefinedBehaviorSanitizer, runs the
# normal build's C test programs once more under valgrind memcheck and the modal-lint and modal-lsp
# binaries through test/valgrind/binaries.sh (leaks and memory errors fail), and ends with one line
# "N passed, N failed" counting individual checks of every pass.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sh subprojects/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0

# Adds the counts of one pass, read from meson's log: Check's "Checks: N, Failures: F, Errors: E"
# lines and our shell tests' "N passed, N failed" lines; a test program that died before printing
# its counts still shows as a failed meson test.
tally() {
  log="$1/meson-logs/${3:-testlog}.txt"
  meson_failed="$2"
  counts=$(awk '
    /Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+/ {
      match($0, /Checks: [0-9]+/); c = substr($0, RSTART + 8, RLENGTH - 8)
      match($0, /Failures: [0-9]+/); f = substr($0, RSTART + 10, RLENGTH - 10)
      match($0, /Errors: [0-9]+/); e = substr($0, RSTART + 8, RLENGTH - 8)
      p += c - f - e; x += f + e
    }
    /^[0-9]+ passed, [0-9]+ failed$/ { p += $1; x += $3 }
    END { printf "%d %d\n", p, x }' "$log" 2>/dev/null || echo "0 0")
  set -- $counts
  passed=$((passed + $1))
  failed=$((failed + $2))
  if [ "$meson_failed" -ne 0 ] && [ "$2" -eq 0 ]; then failed=$((failed + meson_failed)); fi
}

run_pass() {
  name="$1"; dir="$2"; shift 2
  echo "== $name build"
  if [ -d "$dir" ]; then
    meson setup --reconfigure "$dir" -Dwerror=true "$@" >"$dir.setup.log" 2>&1
  else
    meson setup "$dir" -Dwerror=true "$@" >"$dir.setup.log" 2>&1
  fi || { cat "$dir.setup.log"; failed=$((failed + 1)); return; }
  if ! meson compile -C "$dir" >"$dir.compile.log" 2>&1; then
    cat "$dir.compile.log"
    failed=$((failed + 1))
    return
  fi
  echo "== $name tests"
  meson test -C "$dir" --print-errorlogs --num-processes 2 2>&1 | tee "$dir.test.log" | grep -E '^ *[0-9]+/[0-9]+ |^(Ok|Fail|Timeout):'
  bad=$(awk '/^(Fail|Timeout|Unexpected Pass):/ { n += $NF } END { print n + 0 }' "$dir.test.log")
  tally "$dir" "$bad"
}

run_pass "normal" build-test
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  run_pass "sanitizers" build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

# Valgrind sees what the sanitizers cannot (uninitialised reads, leaks in uninstrumented code) on
# the unsanitized binaries. meson's --wrapper runs each C test program under it (and names the log
# after the wrapper); the shell-script embed test wraps its program through MODAL_LINT_WRAPPER.
# The fuzzers and the CLI/LSP scripts are left out: they are sanitized or too slow under valgrind.
# The binaries themselves run under valgrind in the `valgrind-binaries` test (suite `valgrind`:
# plain `meson test` leaves it out and sanitized builds do not define it, so the passes above never
# run it): test/valgrind/binaries.sh wraps each run itself, with its own time limits, so meson's
# wrapper and timeout multiplier are not applied to it.
valgrind="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect"
valgrind_pass() {
  log="build-test.valgrind.log"
  meson test -C build-test --no-rebuild --print-errorlogs --num-processes 2 --timeout-multiplier 10 \
    "$@" 2>&1 | tee -a "$log" | grep -E '^ *[0-9]+/[0-9]+ |^(Ok|Fail|Timeout):'
}
if [ ! -f build-test/build.ninja ]; then
  echo "== valgrind: no normal build to check"
  failed=$((failed + 1))
elif ! command -v valgrind >/dev/null 2>&1; then
  echo "== valgrind: not installed (subprojects/setup.sh installs it)"
  failed=$((failed + 1))
else
  echo "== valgrind tests"
  : >build-test.valgrind.log
  valgrind_pass --wrapper "$valgrind" unit fixtures cli-write-atomic cli-diff cli-notebook lsp-framing
  bad=$(awk '/^(Fail|Timeout|Unexpected Pass):/ { n += $NF } END { print n + 0 }' build-test.valgrind.log)
  tally build-test "$bad" testlog-valgrind
  : >build-test.valgrind.log
  MODAL_LINT_WRAPPER="$valgrind" valgrind_pass embed
  bad=$(awk '/^(Fail|Timeout|Unexpected Pass):/ { n += $NF } END { print n + 0 }' build-test.valgrind.log)
  tally build-test "$bad"
  : >build-test.valgrind.log
  meson test -C build-test --no-rebuild --print-errorlogs --suite valgrind 2>&1 |
    tee -a build-test.valgrind.log | grep -E '^ *[0-9]+/[0-9]+ |^(Ok|Fail|Timeout):'
  bad=$(awk '/^(Fail|Timeout|Unexpected Pass):/ { n += $NF } END { print n + 0 }' build-test.valgrind.log)
  tally build-test "$bad"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
