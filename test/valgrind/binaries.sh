#!/bin/sh
# The real binaries under valgrind memcheck: modal-lint over a representative set of work (every
# output format, threads, --fix, --diff, --add-noqa, notebooks, configuration errors, missing
# files, odd bytes, standard input, the rules and explain commands) and modal-lsp through scripted
# editor sessions (lsp_session.py). Each run takes 1-3 s under valgrind; about a minute in all.
#
#   sh test/valgrind/binaries.sh BUILD_DIR                  (a normal, unsanitized build)
#   sh test/valgrind/binaries.sh MODAL_LINT MODAL_LSP [SOURCE_ROOT]
#
# Each modal-lint case runs twice on identical fresh copies of its inputs, at the same path: once
# natively, once under valgrind. It passes when valgrind reports nothing (no memory error, no
# definite or indirect leak: valgrind's status 99, never one of modal-lint's own 0/1/2; no file
# descriptor left open that was not inherited), the exit status is the expected one, stdout,
# stderr and the files left behind are byte for byte those of the native run, and the case's own
# check of the result holds. Each modal-lsp session passes when every protocol answer checks out,
# the server ends with the expected status and valgrind reports nothing.
# Prints "ok - NAME" / "not ok - NAME" (with the valgrind log) per case and "N passed, N failed".
set -u

here=$(cd "$(dirname "$0")" && pwd)
case $# in
  1) lint=$1/lint/modal-lint lsp=$1/lsp/modal-lsp root=$(cd "$here/../.." && pwd) ;;
  2 | 3) lint=$1 lsp=$2 root=${3:-$(cd "$here/../.." && pwd)} ;;
  *)
    echo "usage: sh $0 BUILD_DIR | MODAL_LINT MODAL_LSP [SOURCE_ROOT]" >&2
    exit 2
    ;;
esac
case $lint in /*) ;; *) lint=$(pwd)/$lint ;; esac
case $lsp in /*) ;; *) lsp=$(pwd)/$lsp ;; esac

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() {
  failed=$((failed + 1))
  echo "not ok - $1"
  shift
  for line in "$@"; do printf '%s\n' "$line" | sed 's/^/#   /'; done
}

for need in valgrind python3; do
  if ! command -v $need >/dev/null 2>&1; then
    fail "$need is installed (subprojects/setup.sh installs it)"
    echo "$passed passed, $failed failed"
    exit 1
  fi
done
for bin in "$lint" "$lsp"; do
  if [ ! -x "$bin" ]; then
    fail "$bin exists"
    echo "$passed passed, $failed failed"
    exit 1
  fi
done
# A sanitizer runtime and valgrind cannot share a process: this suite is for the normal build.
if grep -q __asan_init "$lint" 2>/dev/null; then
  fail "$lint is not built with AddressSanitizer (valgrind cannot run it)"
  echo "$passed passed, $failed failed"
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/modal-lint-valgrind.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM HUP
unset NO_COLOR MODAL_LINT_WRAPPER
export TERM=dumb LC_ALL=C

valgrind="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect --track-fds=yes"
# A hung run fails its case instead of the whole suite (status 124).
limit=""
command -v timeout >/dev/null 2>&1 && limit="timeout -k 10 300"

# problems_in LOG: what valgrind reported, one line per problem; empty when clean. valgrind 3.19
# does not count descriptors left open as errors: an "Open ..." entry not inherited from the
# parent is one here.
problems_in() {
  awk '
    { sub(/^==[0-9]+== /, "") }
    /^Open / { fd = $0; next }
    fd != "" { if ($0 !~ /<inherited from parent>/) print "left open: " fd; fd = "" }
    /^(Invalid|Conditional|Use of uninitialised|Syscall param|Mismatched|Source and destination|Argument|Process terminating)/ { print }
    /are (definitely|indirectly) lost/ { print }
  ' "$1"
}

# valgrind_verdict NAME STATUS EXPECTED LOG: appends to $problems what the run under valgrind got
# wrong.
valgrind_verdict() {
  if [ "$2" -eq 99 ]; then
    problems="${problems}valgrind found errors (its exit status 99)
"
  elif [ "$2" -ne "$3" ]; then
    problems="${problems}exit status $2 under valgrind, expected $3
"
  fi
  found=$(problems_in "$4")
  [ -z "$found" ] || problems="${problems}${found}
"
}

# excerpt LOG: the valgrind log without the descriptors every process inherits.
excerpt() {
  awk '{ line[NR] = $0 }
    END {
      for (i = 1; i <= NR; i++) {
        if (line[i + 1] ~ /<inherited from parent>/) { i += 2; continue }
        if (line[i] !~ /FILE DESCRIPTORS:/) print line[i]
      }
    }' "$1" 2>/dev/null | head -n 80
}

report() {
  name=$1
  log=$2
  if [ -z "$problems" ]; then
    pass "$name"
  else
    fail "$name" "$problems" "--- valgrind log (${log##*/}, descriptors inherited from the parent left out):" \
      "$(excerpt "$log")"
  fi
}

# --- the work tree ---------------------------------------------------------------------------------

# Every modal-lint case starts from a copy of this tree, at $tmp/w. The .git keeps the walk up for
# configuration files and the pinned Modal version inside it.
pristine=$tmp/pristine
mkdir -p "$pristine/.git" "$pristine/bad-config" "$pristine/pinned/.git" "$pristine/odd"
cp -R "$root/examples" "$pristine/examples"

# A notebook: a markdown cell, a shell line, a magic and a finding with a safe fix.
cat >"$pristine/nb.ipynb" <<'JSON'
{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Deploy with modal"]},
  {
   "cell_type": "code", "execution_count": 1, "metadata": {},
   "outputs": [{"name": "stdout", "output_type": "stream", "text": ["ok\n"]}],
   "source": ["!pip install modal\n", "import modal\n", "%load_ext autoreload\n", "app = modal.App()"]
  },
  {
   "cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
   "source": ["@app.function(keep_warm=1, concurrency_limit=2)\n", "def f():\n", "    return \"caf\u00e9\"\n"]
  }
 ],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
JSON
printf '{"cells": 3}\n' >"$pristine/broken.ipynb"

# A configuration file with a syntax error beside the file it configures.
printf 'import modal\napp = modal.App()\n@app.function(keep_warm=1)\ndef f(): pass\n' >"$pristine/bad-config/app.py"
printf 'select = ["MDL1"\nignore = []\n' >"$pristine/bad-config/modal-lint.toml"

# A project that pins Modal (upgrade planning reads pyproject.toml) and configures modal-lint.
cp "$pristine/bad-config/app.py" "$pristine/pinned/app.py"
cat >"$pristine/pinned/pyproject.toml" <<'TOML'
[project]
name = "pinned"
dependencies = ["modal~=0.73.2", "fastapi"]

[tool.modal-lint]
extend-select = ["MDL1"]
per-file-ignores = { "tests/*" = ["ALL"] }
TOML

# Bytes a linter meets in the wild: a BOM, CRLF, invalid UTF-8, a NUL byte, code nested deeper than
# modal-lint checks (refused by name), and a file with nothing about Modal.
printf '\357\273\277import modal\r\napp = modal.App()\r\n@app.function(keep_warm=1) # \377\376 caf\303\251\r\ndef f():\r\n    return "\000"\r\n' >"$pristine/odd/bytes.py"
{
  printf 'import modal\nx = '
  i=0
  while [ $i -lt 60 ]; do printf '((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((('; i=$((i + 1)); done
  i=0
  while [ $i -lt 60 ]; do printf ')))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))'; i=$((i + 1)); done
  printf '\n'
} >"$pristine/odd/deep.py"
printf 'print("hello")\n' >"$pristine/odd/plain.py"

# A walk: folders it skips, .gitignore, a link back to an ancestor, a dangling link, a non-Python file.
mkdir -p "$pristine/walk/pkg" "$pristine/walk/venv" "$pristine/walk/node_modules" "$pristine/walk/gen"
for f in pkg/a.py pkg/b.py venv/skipped.py node_modules/skipped.py gen/ignored.py pkg/notes.txt; do
  cp "$pristine/bad-config/app.py" "$pristine/walk/$f"
done
printf 'gen/\n' >"$pristine/walk/.gitignore"
ln -s .. "$pristine/walk/pkg/loop"
ln -s missing.py "$pristine/walk/dangling.py"

# Many findings in one file, every one with a safe fix: the fixer's passes and buffers grow.
{
  printf 'import modal\n\napp = modal.App()\n'
  i=0
  while [ $i -lt 600 ]; do
    printf '\n\n@app.function(keep_warm=%d, concurrency_limit=2, container_idle_timeout=60)\ndef f%d(x):\n    return modal.Function.lookup("a", "f%d")\n' $i $i $i
    i=$((i + 1))
  done
} >"$pristine/big.py"

# Standard input for the `-` cases.
printf 'import modal\n\nstub = modal.Stub()\n\n\n@stub.function(keep_warm=1)\n@modal.web_endpoint()\ndef f():\n    pass\n' >"$tmp/stdin.py"

# --- modal-lint ------------------------------------------------------------------------------------

fresh() {
  rm -rf "$tmp/w"
  cp -R "$pristine" "$tmp/w"
}

# lint NAME EXPECTED [CHECK] -- ARGS...: runs `modal-lint ARGS...` in $tmp/w natively and under
# valgrind (stdin from $stdin) and compares. CHECK, a shell function, then looks at what the run
# under valgrind left: $tmp/vg.out, $tmp/vg.err and the tree $tmp/w.
stdin=/dev/null
lint() {
  name=$1 expected=$2 post=""
  shift 2
  if [ "$1" != -- ]; then post=$1; shift; fi
  shift
  log=$tmp/logs/$name.log
  mkdir -p "$tmp/logs"
  fresh
  (cd "$tmp/w" && "$lint" "$@" <"$stdin" >"$tmp/native.out" 2>"$tmp/native.err")
  native=$?
  rm -rf "$tmp/w.native"
  mv "$tmp/w" "$tmp/w.native"
  fresh
  # shellcheck disable=SC2086
  (cd "$tmp/w" && $limit $valgrind --log-file="$log" "$lint" "$@" <"$stdin" >"$tmp/vg.out" 2>"$tmp/vg.err")
  status=$?
  problems=""
  valgrind_verdict "$name" "$status" "$expected" "$log"
  [ "$native" -eq "$expected" ] || problems="${problems}exit status $native natively, expected $expected
"
  if [ "$status" -ne 99 ]; then
    cmp -s "$tmp/native.out" "$tmp/vg.out" ||
      problems="${problems}stdout differs from the native run:
$(diff "$tmp/native.out" "$tmp/vg.out" | head -n 20)
"
    cmp -s "$tmp/native.err" "$tmp/vg.err" ||
      problems="${problems}stderr differs from the native run:
$(diff "$tmp/native.err" "$tmp/vg.err" | head -n 20)
"
    diff -r --no-dereference "$tmp/w.native" "$tmp/w" >"$tmp/tree.diff" 2>&1 ||
      problems="${problems}the files left behind differ from the native run's:
$(head -n 20 "$tmp/tree.diff")
"
  fi
  if [ -n "$post" ] && ! "$post" >"$tmp/post.out" 2>&1; then
    problems="${problems}check $post failed: $(head -c 1500 "$tmp/post.out")
stdout: $(head -c 600 "$tmp/vg.out")
stderr: $(head -c 600 "$tmp/vg.err")
"
  fi
  stdin=/dev/null
  report "modal-lint $name" "$log"
}

# Checks of a run's result (run by `lint` after the run under valgrind).
findings_115() { grep -qx 'Found 115 findings (96 errors, 19 warnings).' "$tmp/vg.out"; }
concise_115() { [ "$(grep -c ': MDL[0-9]* ' "$tmp/vg.out")" -eq 115 ]; }
json_115() {
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(len(d) != 115 or d[0]["code"][:3] != "MDL")' "$tmp/vg.out"
}
json_lines_115() {
  python3 -c 'import json, sys; d = [json.loads(l) for l in open(sys.argv[1])]; sys.exit(len(d) != 115)' "$tmp/vg.out"
}
sarif_115() {
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(d["version"] != "2.1.0" or len(d["runs"][0]["results"]) != 115)' "$tmp/vg.out"
}
github_115() { [ "$(grep -c '^::\(error\|warning\) title=modal-lint (MDL[0-9]*),file=' "$tmp/vg.out")" -eq 115 ]; }
gitlab_115() {
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(len(d) != 115 or len({i["fingerprint"] for i in d}) != 115)' "$tmp/vg.out"
}
junit_115() {
  python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); sys.exit(len(r.findall(".//testcase/failure")) != 115)' "$tmp/vg.out"
}
statistics() { grep -q '^4  MDL112  \[\*\] autoscaler-param-rename$' "$tmp/vg.out" && findings_115; }
statistics_json() {
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(sum(r["count"] for r in d) != 115)' "$tmp/vg.out"
}
sarif_file() {
  [ ! -s "$tmp/vg.out" ] &&
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(len(d["runs"][0]["results"]) != 115)' "$tmp/w/report.sarif"
}
# --fix: files changed, and what is left has no safe fix (fixing again changes nothing).
fixed() {
  ! diff -r -q "$pristine/examples" "$tmp/w/examples" >/dev/null &&
    grep -q '^Fixed 64 findings, 50 remaining\.$' "$tmp/vg.out" &&
    (cd "$tmp/w" && "$lint" --diff examples >/dev/null 2>&1)
}
unsafe_fixed() {
  grep -q '^Fixed 84 findings, 30 remaining\.$' "$tmp/vg.out" &&
    (cd "$tmp/w" && "$lint" --diff --unsafe-fixes examples >/dev/null 2>&1)
}
# --diff: a diff of the same files --fix changes, and nothing written.
diffed() {
  diff -r -q "$pristine/examples" "$tmp/w/examples" >/dev/null &&
    grep -q '^+++ b/examples/legacy-app/app.py$' "$tmp/vg.out" &&
    grep -q '^+    min_containers=1,$' "$tmp/vg.out"
}
# --add-noqa: every finding silenced but the stale `# noqa: MDL112` examples/ keeps on purpose.
noqa_added() {
  grep -qx 'Added 103 noqa directives.' "$tmp/vg.err" "$tmp/vg.out" &&
    (cd "$tmp/w" && "$lint" --ignore MDL001 examples >/dev/null 2>&1)
}
notebook_findings() { grep -q '^nb.ipynb:cell 3:1:15: MDL112 ' "$tmp/vg.out" || grep -q '^nb.ipynb:.*MDL112' "$tmp/vg.out"; }
notebook_fixed() {
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit("@app.function(min_containers=1, max_containers=2)\n" not in d["cells"][2]["source"])' "$tmp/w/nb.ipynb"
}
config_error() { grep -q 'modal-lint.toml:2: invalid TOML syntax' "$tmp/vg.err"; }
missing_file() {
  grep -q 'missing.py: No such file or directory' "$tmp/vg.err" && grep -q 'app.py:21:5: MDL112' "$tmp/vg.out"
}
stdin_named() { grep -q '^src/job.py:6:16: MDL112 ' "$tmp/vg.out" && grep -q '^src/job.py:7:2: MDL115 ' "$tmp/vg.out"; }
stdin_fixed() {
  grep -q '^app = modal.App()$' "$tmp/vg.out" && grep -q '^@app.function(min_containers=1)$' "$tmp/vg.out" &&
    grep -q '^@modal.fastapi_endpoint()$' "$tmp/vg.out" && grep -qx 'Fixed 4 findings, 0 remaining.' "$tmp/vg.err"
}
pinned() {
  grep -qx 'Modal pinned at 0.73.2 (pinned/pyproject.toml); upgrading to 1.4.2: 1 of 1 finding breaks (removed at or before 1.4.2).' "$tmp/vg.out"
}
odd_bytes() {
  grep -q 'deep.py: code nested too deeply' "$tmp/vg.err" && grep -q '^odd/bytes.py:3:15: MDL112 ' "$tmp/vg.out" &&
    ! grep -q plain.py "$tmp/vg.out"
}
rules_listed() { grep -q 'MDL112' "$tmp/vg.out" && grep -q 'MDL268' "$tmp/vg.out"; }
# Up to Modal 1.0 only some of the rules apply; each entry has its documentation.
rules_json() {
  "$lint" rules --format json >"$tmp/rules-all.json" &&
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); n = len(json.load(open(sys.argv[2])))
sys.exit(not (0 < len(d) < n) or not all(r["doc"] for r in d))' "$tmp/vg.out" "$tmp/rules-all.json"
}
explained() { grep -q '^MDL112 (autoscaler-param-rename)$' "$tmp/vg.out"; }
explained_slug() { grep -q '^MDL115 (web-endpoint-rename)$' "$tmp/vg.out"; }
unknown_rule() { [ -s "$tmp/vg.err" ] && [ ! -s "$tmp/vg.out" ]; }
usage_error() { grep -q 'format' "$tmp/vg.err"; }
version() { grep -q '^modal-lint [0-9]' "$tmp/vg.out"; }
# Colour on, MDL1 rules but MDL112, and a target where some findings are still warnings.
colored() {
  esc=$(printf '\033')
  grep -q "$esc\[" "$tmp/vg.out" && grep -q 'MDL122' "$tmp/vg.out" && ! grep -q 'MDL112' "$tmp/vg.out" &&
    ! grep -q 'MDL2[0-9][0-9]' "$tmp/vg.out"
}
quiet_115() { concise_115 && ! grep -q '^Found' "$tmp/vg.out" "$tmp/vg.err"; }
walked() {
  [ "$(grep ': MDL' "$tmp/vg.out" | cut -d: -f1 | sort -u | tr '\n' ' ')" = "walk/pkg/a.py walk/pkg/b.py " ]
}
unwritable() { grep -q 'missing-dir/report.json' "$tmp/vg.err" && [ ! -e "$tmp/w/missing-dir" ]; }
big_fixed() {
  grep -qx 'Fixed 2400 findings, 0 remaining.' "$tmp/vg.out" &&
    [ "$(grep -c '^@app.function(min_containers=[0-9]*, max_containers=2, scaledown_window=60)$' "$tmp/w/big.py")" -eq 600 ]
}

started=$(date +%s)

lint text-j1 1 findings_115 -- -j 1 examples
lint text-j2 1 findings_115 -- -j 2 examples
lint concise 1 concise_115 -- -j 2 --format concise examples
lint json 1 json_115 -- -j 2 --format json examples
lint json-lines 1 json_lines_115 -- -j 2 --format json-lines examples
lint sarif 1 sarif_115 -- -j 2 --format sarif examples
lint github 1 github_115 -- -j 2 --format github examples
lint gitlab 1 gitlab_115 -- -j 2 --format gitlab examples
lint junit 1 junit_115 -- -j 2 --format junit examples
lint statistics 1 statistics -- -j 2 --statistics examples
lint statistics-json 1 statistics_json -- -j 2 --statistics --format json examples
lint output-file 1 sarif_file -- -j 2 --format sarif -o report.sarif examples
lint fix 1 fixed -- -j 2 --fix examples
lint fix-unsafe 1 unsafe_fixed -- -j 1 --fix --unsafe-fixes examples
lint diff 1 diffed -- -j 2 --diff examples
lint add-noqa 0 noqa_added -- -j 2 --add-noqa examples
lint notebook 1 notebook_findings -- --format concise nb.ipynb broken.ipynb
lint notebook-fix 0 notebook_fixed -- --fix nb.ipynb
lint config-error 2 config_error -- bad-config
lint missing-file 2 missing_file -- --format concise missing.py examples/legacy-app/app.py
stdin=$tmp/stdin.py
lint stdin 1 stdin_named -- --format concise --stdin-filename src/job.py -
stdin=$tmp/stdin.py
lint stdin-fix 0 stdin_fixed -- --fix --unsafe-fixes --stdin-filename src/job.py -
lint pinned-version 1 pinned -- --target-version 1.4.2 pinned
lint odd-bytes 2 odd_bytes -- --format concise odd
lint rules 0 rules_listed -- rules
lint rules-json 0 rules_json -- rules --format json --target-version 1.0
lint explain-MDL112 0 explained -- explain MDL112
lint explain-slug 0 explained_slug -- explain web-endpoint-rename
lint explain-unknown 2 unknown_rule -- explain MDL999
lint usage-error 2 usage_error -- --format xml examples
lint version 0 version -- --version
lint color-select-target 1 colored -- --color always --select MDL1 --ignore MDL112 --target-version 1.0 examples/legacy-app/app.py
lint quiet-exit-zero 0 quiet_115 -- --quiet --exit-zero --format concise examples
lint walk 1 walked -- --format concise walk
lint output-unwritable 2 unwritable -- --format json -o missing-dir/report.json examples/legacy-app/app.py
lint big-fix 0 big_fixed -- --fix big.py

lint_seconds=$(($(date +%s) - started))

# --- modal-lsp -------------------------------------------------------------------------------------

# lsp NAME SESSION EXPECTED [ARGS...]: a scripted session (lsp_session.py SESSION) against
# `modal-lsp ARGS...` under valgrind, in a fresh copy of examples/legacy-app.
lsp() {
  name=$1 session=$2 expected=$3
  shift 3
  log=$tmp/logs/lsp-$name.log
  mkdir -p "$tmp/logs"
  rm -rf "$tmp/lsp"
  mkdir -p "$tmp/lsp/.git"
  cp -R "$root/examples/legacy-app" "$tmp/lsp/legacy-app"
  # shellcheck disable=SC2086
  (cd "$tmp/lsp" && $limit python3 "$here/lsp_session.py" "$session" legacy-app -- \
    $valgrind --log-file="$log" "$lsp" "$@" >"$tmp/session.out" 2>"$tmp/session.err")
  driver=$?
  problems=""
  status=$(sed -n 's/^server exit status: //p' "$tmp/session.out")
  case $status in
    '' | *[!0-9]*) problems="the server did not end: ${status:-no status}
" ;;
    *) valgrind_verdict "$name" "$status" "$expected" "$log" ;;
  esac
  [ "$driver" -eq 0 ] || problems="${problems}$(grep -v '^server exit status' "$tmp/session.out")
server stderr (last lines): $(tail -n 15 "$tmp/session.err")
"
  report "modal-lsp $name" "$log"
}

started=$(date +%s)
lsp pull-session pull 0 --log-level debug --log-file "$tmp/lsp-debug.log"
if [ -s "$tmp/lsp-debug.log" ]; then pass "modal-lsp pull-session wrote its --log-file"; else fail "modal-lsp pull-session wrote its --log-file"; fi
lsp push-session push 0
lsp client-goes-away eof 1
lsp_seconds=$(($(date +%s) - started))

echo "# modal-lint cases: ${lint_seconds}s; modal-lsp sessions: ${lsp_seconds}s"
# The scratch folder goes; the logs of a failed run stay for a closer look.
if [ "$failed" -ne 0 ] && kept=$(mktemp -d "${TMPDIR:-/tmp}/modal-lint-valgrind-logs.XXXXXX"); then
  cp "$tmp"/logs/* "$kept"/ 2>/dev/null
  echo "# valgrind logs kept in $kept"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
