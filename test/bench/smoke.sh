#!/bin/sh
# The benchmark's C programs (bench/bare_parse.c, bench/bare_reparse.c) still build and work: they
# are the floors bench/run.sh compares modal-lint with, and run nowhere else. Times are not checked.
#
#   sh test/bench/smoke.sh BARE_PARSE BARE_REPARSE SOURCE_ROOT
set -u
bare_parse=$1
bare_reparse=$2
root=$3
passed=0
failed=0
check() {
  name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok - $name"
  else
    failed=$((failed + 1))
    echo "not ok - $name"
  fi
}

out=$("$bare_parse" -j 2 "$root/examples")
files=$(find "$root/examples" -name '*.py' | wc -l)
check "bare_parse parses every .py file of examples/ ($out)" \
  sh -c 'echo "$1" | grep -q "^parsed $2 files, [0-9]* bytes on 2 threads$"' sh "$out" "$files"

out=$("$bare_parse" --walk -j 2 "$root/examples")
check "bare_parse --walk visits the nodes of every file ($out)" \
  sh -c 'echo "$1" | grep -q "^parsed $2 files, [0-9]* bytes on 2 threads, visited [1-9][0-9]* nodes$"' \
  sh "$out" "$files"

# Six edits: three spaces added and taken back again; the program checks that the incremental
# trees match fresh parses and that the text comes back, and exits 1 otherwise.
out=$("$bare_reparse" "$root/examples/legacy-app/app.py" 6)
check "bare_reparse replays six edits consistently ($out)" \
  sh -c 'echo "$1" | grep -q "^bare-reparse lines=[0-9]* edits=6 p50_ms=.* over_20ms=[0-9]*$"' sh "$out"
out=$("$bare_reparse" "$root/examples/legacy-app/app.py" 7)
check "bare_reparse replays an odd number of edits ($out)" \
  sh -c 'echo "$1" | grep -q "^bare-reparse lines=[0-9]* edits=7 "' sh "$out"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
