#!/bin/sh
# Folder fixtures: rules that need more than one Python file (MDL111 reads the project around an
# app) or files that are not Python (MDL123 reads shell scripts, Makefiles, CI YAML, READMEs) are
# tested through the CLI, on a tree of files.
#
#   sh test/cli/project_fixtures.sh PATH/TO/modal-lint SOURCE_ROOT
#   UPDATE_FIXTURES=1 sh test/cli/project_fixtures.sh ...   rewrites the expected files and fails
#
# Every folder test/fixtures/<CODE>/<case>/ that has an input/ folder is a case:
#   input/         the tree, copied to a scratch folder and linted from inside it as `.`
#   expected.txt   `modal-lint --format concise --select <CODE> .`: findings and exit status
#   expected.diff  `modal-lint --diff --unsafe-fixes --select <CODE> .` (absent: nothing to fix)
# Cases under a folder that is not a rule code (test/fixtures/index/<case>/: files that share Modal
# objects across modules) run every rule instead of `--select <CODE>`, and may name in a `single`
# file one file of the tree to lint alone (expected-single.txt): the index must follow its imports.
# and besides those snapshots:
#   - `--fix --unsafe-fixes` writes exactly what the diff showed (the diff applied with patch(1)
#     to another copy gives the same tree), and
#   - fixing the fixed tree again changes nothing.
# Prints "ok - NAME" / "not ok - NAME" per check and "N passed, N failed" at the end.
set -u

if [ $# -ne 2 ]; then
  echo "usage: sh $0 MODAL_LINT SOURCE_ROOT" >&2
  exit 2
fi
case $1 in /*) bin=$1 ;; *) bin=$(pwd)/$1 ;; esac
root=$2
update=${UPDATE_FIXTURES:-0}

passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/modal-lint-folders.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM HUP
unset NO_COLOR
export TERM=dumb LC_ALL=C

pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() {
  failed=$((failed + 1))
  echo "not ok - $1"
  shift
  for line in "$@"; do echo "#   $line"; done
}

# snapshot NAME ACTUAL EXPECTED: compares (or, when updating, writes) one snapshot file. An empty
# actual diff means "no expected.diff file".
snapshot() {
  if [ "$update" = 1 ]; then
    if [ -s "$2" ] || [ "${3##*.}" = txt ]; then cp "$2" "$3"; else rm -f "$3"; fi
    pass "$1 (updated)"
  elif [ ! -f "$3" ] && [ ! -s "$2" ]; then
    pass "$1"
  elif [ ! -f "$3" ]; then
    fail "$1" "missing $3 (run with UPDATE_FIXTURES=1 and review it)"
  elif cmp -s "$2" "$3"; then
    pass "$1"
  else
    fail "$1" "differs from $3:"
    diff -u "$3" "$2" | sed 's/^/#   /'
  fi
}

cases=0
for dir in "$root"/test/fixtures/*/*/; do
  [ -d "$dir/input" ] || continue
  dir=${dir%/}
  case_name=${dir##*/}
  code=${dir%/*}
  code=${code##*/}
  name="$code/$case_name"
  case $code in MDL*) select="--select $code" ;; *) select="" ;; esac
  cases=$((cases + 1))
  work=$tmp/$code-$case_name
  mkdir -p "$work"
  cp -R "$dir/input" "$work/tree"
  cp -R "$dir/input" "$work/patched"
  cp -R "$dir/input" "$work/fixed"

  (cd "$work/tree" && "$bin" --format concise $select . >"$work/out" 2>&1)
  echo "--- exit $?" >>"$work/out"
  snapshot "$name findings" "$work/out" "$dir/expected.txt"

  if [ -f "$dir/single" ]; then
    one=$(cat "$dir/single")
    (cd "$work/tree" && "$bin" --format concise $select "$one" >"$work/single" 2>&1)
    echo "--- exit $?" >>"$work/single"
    snapshot "$name findings of $one alone" "$work/single" "$dir/expected-single.txt"
  fi

  (cd "$work/tree" && "$bin" --diff --unsafe-fixes --quiet $select . >"$work/diff" 2>/dev/null)
  snapshot "$name diff" "$work/diff" "$dir/expected.diff"

  (cd "$work/fixed" && "$bin" --fix --unsafe-fixes --quiet $select . >/dev/null 2>&1)
  if [ -s "$work/diff" ]; then
    (cd "$work/patched" && patch -s -p1 <"$work/diff" >/dev/null 2>&1)
  fi
  if diff -r "$work/patched" "$work/fixed" >"$work/fix-vs-diff" 2>&1; then
    pass "$name fix writes what the diff shows"
  else
    fail "$name fix writes what the diff shows" "$(cat "$work/fix-vs-diff")"
  fi

  (cd "$work/fixed" && "$bin" --diff --unsafe-fixes --quiet $select . >"$work/again" 2>/dev/null)
  if [ ! -s "$work/again" ]; then
    pass "$name fixing twice equals fixing once"
  else
    fail "$name fixing twice equals fixing once" "$(cat "$work/again")"
  fi
done

# The kind of a file comes from its name: standard input takes it from --stdin-filename, and an
# explicit file of no known kind is read as Python (so shell text in notes.txt is no finding).
printf 'modal run pkg.app\n' >"$tmp/notes.txt"
out=$(printf 'modal run pkg.app\n' | "$bin" --format concise --stdin-filename ci/deploy.sh - 2>&1)
case $out in
  "ci/deploy.sh:1:11: MDL123 "*) pass "stdin kind from --stdin-filename" ;;
  *) fail "stdin kind from --stdin-filename" "$out" ;;
esac
out=$(printf 'modal run pkg.app\n' | "$bin" --fix --stdin-filename deploy.sh - 2>/dev/null)
if [ "$out" = "modal run -m pkg.app" ]; then pass "stdin fix of a shell script"; else fail "stdin fix of a shell script" "$out"; fi
out=$("$bin" --format concise --quiet "$tmp/notes.txt" 2>&1)
if [ -z "$out" ]; then pass "explicit unknown file is Python"; else fail "explicit unknown file is Python" "$out"; fi

if [ "$cases" -eq 0 ]; then
  fail "folder fixtures" "no test/fixtures/<CODE>/<case>/input folder found under $root"
fi
# Rewriting snapshots proves nothing about them: the run fails, so that CI can never go green
# through UPDATE_FIXTURES. Review the diff, commit it, and run again without it.
if [ "$update" = 1 ]; then
  fail "UPDATE_FIXTURES" "snapshots rewritten; review the diff (git diff test/fixtures) and run again without UPDATE_FIXTURES"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
