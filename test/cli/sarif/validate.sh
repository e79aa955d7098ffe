#!/bin/sh
# modal-lint's SARIF against Microsoft's SARIF validator with GitHub's ingestion rules, and its
# fingerprints against a JavaScript re-implementation of GitHub's upload action.
#
#   sh test/cli/sarif/validate.sh MODAL_LINT SOURCE_ROOT FINGERPRINT_TEST
#
# Installs @microsoft/sarif-multitool (package-lock.json) into test/cli/sarif/node_modules with npm
# the first time. The validator is a .NET program shipped inside the npm package; it is called
# directly, because the npm wrapper runs it through a shell, which would split "Sarif;Gh" at ';'.
# Prints "ok - NAME" / "not ok - NAME" and "N passed, N failed"; exits non-zero on any failure.
set -u

if [ $# -ne 3 ]; then
  echo "usage: sh $0 MODAL_LINT SOURCE_ROOT FINGERPRINT_TEST" >&2
  exit 2
fi
case $1 in /*) bin=$1 ;; *) bin=$(pwd)/$1 ;; esac
case $2 in /*) root=$2 ;; *) root=$(pwd)/$2 ;; esac
case $3 in /*) fingerprint_test=$3 ;; *) fingerprint_test=$(pwd)/$3 ;; esac
here=$root/test/cli/sarif

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

tmp=$(mktemp -d "${TMPDIR:-/tmp}/modal-lint-sarif.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM HUP

# --- the validator ----------------------------------------------------------------------------

case $(uname -s) in
  Linux) platform=linux ;;
  Darwin) platform=darwin ;;
  *) platform=win32 ;;
esac
tool=$here/node_modules/@microsoft/sarif-multitool-$platform/Sarif.Multitool
if [ ! -f "$tool" ]; then
  # --ignore-scripts: the package's only script makes the binary executable, done below.
  if (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund) >"$tmp/npm.log" 2>&1; then
    pass "npm-install-validator"
  else
    fail "npm-install-validator" "npm ci failed in $here:" "$(tail -n 5 "$tmp/npm.log")"
    finish
  fi
fi
chmod u+x "$tool"

# validate NAME FILE: zero errors and zero warnings from the validator with GitHub's rules.
validate() {
  name=$1
  file=$2
  "$tool" validate "$file" --rule-kind "Sarif;Gh" --output "$tmp/$name.log.sarif" \
    >"$tmp/$name.validator.txt" 2>&1
  status=$?
  counts=$(node -e '
    const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const results = log.runs.flatMap((run) => run.results || []);
    const count = (level) => results.filter((r) => (r.level || "warning") === level).length;
    console.log(`${count("error")} ${count("warning")}`);
  ' "$tmp/$name.log.sarif" 2>&1)
  if [ "$status" -eq 0 ] && [ "$counts" = "0 0" ]; then
    pass "validator-$name (0 errors, 0 warnings)"
  else
    fail "validator-$name" "exit $status, errors and warnings: $counts" \
      "$(grep -E 'error|warning' "$tmp/$name.validator.txt" | head -n 20)"
  fi
}

# --- SARIF for the bundled example: every rule, with fixes ------------------------------------

mkdir "$tmp/repo"
cp -R "$root/examples" "$tmp/repo/examples"
(cd "$tmp/repo" && "$bin" --format sarif -o examples.sarif examples) 2>"$tmp/stderr"
status=$?
if [ "$status" -eq 1 ] && [ ! -s "$tmp/stderr" ]; then
  pass "example-sarif-written"
else
  fail "example-sarif-written" "exit $status (want 1)" "$(cat "$tmp/stderr")"
fi
validate examples "$tmp/repo/examples.sarif"

missing=$(node -e '
  const fs = require("fs");
  const run = JSON.parse(fs.readFileSync(process.argv[1], "utf8")).runs[0];
  const fired = new Set(run.results.map((r) => r.ruleId));
  const listed = run.tool.driver.rules.map((r) => r.id);
  const bad = run.results.filter((r) => listed[r.ruleIndex] !== r.ruleId).length;
  console.log([...listed.filter((id) => !fired.has(id)), ...(bad ? ["bad ruleIndex"] : [])].join(" "));
' "$tmp/repo/examples.sarif" 2>&1) || missing="(no SARIF to read) $missing"
if [ -z "$missing" ]; then pass "example-every-rule-has-a-result"; else
  fail "example-every-rule-has-a-result" "no result for: $missing"; fi
fixes=$(grep -c '"artifactChanges"' "$tmp/repo/examples.sarif" 2>/dev/null)
if [ "${fixes:-0}" -gt 0 ]; then pass "example-has-fixes ($fixes)"; else fail "example-has-fixes"; fi

if node "$here/fingerprint.mjs" "$tmp/repo/examples.sarif" "$tmp/repo" >"$tmp/fp.txt" 2>&1; then
  pass "example-fingerprints-match-upload-action ($(tail -n 1 "$tmp/fp.txt"))"
else
  fail "example-fingerprints-match-upload-action" "$(head -n 20 "$tmp/fp.txt")"
fi

# --- awkward paths and text ---------------------------------------------------------------------

odd_dir="$tmp/repo/odd dir/caf$(printf '\303\251')#1"
mkdir -p "$odd_dir"
odd="$odd_dir/app 100%.py"
printf '\357\273\277import modal\r\napp = modal.App()\r\n@app.function(keep_warm=1)  # \360\237\232\200 \377\r\ndef f(): pass\r\n' \
  >"$odd"
(cd "$tmp/repo" && "$bin" --format sarif -o odd.sarif "odd dir") 2>"$tmp/stderr"
validate odd-path "$tmp/repo/odd.sarif"
if grep -q '"uri": "odd%20dir/caf%C3%A9%231/app%20100%25.py"' "$tmp/repo/odd.sarif"; then
  pass "odd-path-percent-encoded"
else
  fail "odd-path-percent-encoded" "$(grep '"uri"' "$tmp/repo/odd.sarif" | head -n 2)"
fi
if node "$here/fingerprint.mjs" "$tmp/repo/odd.sarif" "$tmp/repo" >"$tmp/fp.txt" 2>&1; then
  pass "odd-path-fingerprints-match"
else
  fail "odd-path-fingerprints-match" "$(head -n 20 "$tmp/fp.txt")"
fi

# A notebook: regions, fixes and line hashes are of the .ipynb file, and the results say the cell.
mkdir "$tmp/repo/nb"
cat >"$tmp/repo/nb/app.ipynb" <<'JSON'
{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# keep_warm"]},
  {
   "cell_type": "code",
   "metadata": {},
   "source": [
    "import modal\n",
    "app = modal.App(\"caf\u00e9 \ud83d\ude80\")\n",
    "@app.function(allow_concurrent_inputs=4, keep_warm=1)  # \"q\"\n",
    "def f(): pass"
   ]
  },
  {
   "cell_type": "code",
   "metadata": {},
   "source": "!pip install modal\nm = {\"\ud83d\ude80\": modal.Mount.from_local_dir(\"d\")}\n"
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
JSON
(cd "$tmp/repo" && "$bin" --format sarif -o nb.sarif nb) 2>"$tmp/stderr"
validate notebook "$tmp/repo/nb.sarif"
if grep -q '"cell": 3' "$tmp/repo/nb.sarif"; then pass "notebook-results-name-the-cell"; else
  fail "notebook-results-name-the-cell" "$(grep -c '"cell"' "$tmp/repo/nb.sarif") cells named"; fi
if node "$here/fingerprint.mjs" "$tmp/repo/nb.sarif" "$tmp/repo" >"$tmp/fp.txt" 2>&1; then
  pass "notebook-fingerprints-match ($(tail -n 1 "$tmp/fp.txt"))"
else
  fail "notebook-fingerprints-match" "$(head -n 20 "$tmp/fp.txt")"
fi

printf 'import modal\n' >"$tmp/repo/clean.py"
(cd "$tmp/repo" && "$bin" --format sarif -o clean.sarif clean.py)
validate no-results "$tmp/repo/clean.sarif"

# Every line hash of text the action reads in its own way: CR, CRLF, BOM, invalid UTF-8, astral
# characters (two UTF-16 units), tabs, lines longer than the 100-unit window, repeated lines.
mkdir "$tmp/texts"
printf 'a\r\nb\rc\n\n\t  x = 1\t\n' >"$tmp/texts/line-ends"
printf '\357\273\277import modal\n' >"$tmp/texts/bom"
printf 'ok \377 \300\200 \355\240\200 \364\220\200\200 \342\202 end\n\360\237\232\200\360\237\232\200\n' \
  >"$tmp/texts/bytes"
awk 'BEGIN { for (i = 0; i < 40; i++) { for (j = 0; j < 30; j++) printf "%c", 97 + (i * j) % 26; print "" } }' \
  >"$tmp/texts/short-lines"
awk 'BEGIN { for (i = 0; i < 5; i++) { for (j = 0; j < 300; j++) printf "%c", 97 + (i + j) % 26; print "" } }' \
  >"$tmp/texts/long-lines"
awk 'BEGIN { for (i = 0; i < 250; i++) print "    pass" }' >"$tmp/texts/repeats"
printf 'no newline at the end' >"$tmp/texts/no-final-newline"
: >"$tmp/texts/empty"
for f in "$tmp"/texts/*; do
  name=$(basename "$f")
  "$fingerprint_test" "$f" >"$tmp/c.txt"
  node "$here/fingerprint.mjs" --lines "$f" >"$tmp/js.txt"
  if cmp -s "$tmp/c.txt" "$tmp/js.txt"; then
    pass "line-hashes-$name ($(wc -l <"$tmp/c.txt") lines)"
  else
    fail "line-hashes-$name" "$(diff "$tmp/js.txt" "$tmp/c.txt" | head -n 10)"
  fi
done

finish
