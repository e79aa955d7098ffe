#!/bin/sh
# CLI golden tests for modal-lint.
#
#   sh test/cli/run.sh PATH/TO/modal-lint SOURCE_ROOT
#   UPDATE_GOLDEN=1 sh test/cli/run.sh ...   rewrites the golden files (review the git diff!)
#
# Each case runs modal-lint in a scratch directory and compares one golden file holding the command,
# its stdout, its stderr and its exit status. Prints "ok - NAME" / "not ok - NAME" per check and
# "N passed, N failed" at the end; exits non-zero on any failure.
set -u

if [ $# -ne 2 ]; then
  echo "usage: sh $0 MODAL_LINT SOURCE_ROOT" >&2
  exit 2
fi
case $1 in /*) bin=$1 ;; *) bin=$(pwd)/$1 ;; esac
root=$2
golden_dir=$root/test/cli/golden
update=${UPDATE_GOLDEN:-0}

passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/modal-lint-cli.XXXXXX") || exit 2
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM HUP
work=$tmp/work
out=$tmp/out
mkdir "$work" "$out"

# Colour and terminal settings of the caller must not leak into the outputs.
unset NO_COLOR
export TERM=dumb LC_ALL=C

pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() {
  failed=$((failed + 1))
  echo "not ok - $1"
  shift
  for line in "$@"; do echo "#   $line"; done
}

# run ARGS...: runs modal-lint from $work (stdin from $stdin, default /dev/null), leaving the
# combined record in $out/actual.
stdin=/dev/null
run() {
  (cd "$work" && "$bin" "$@" <"$stdin" >"$out/stdout" 2>"$out/stderr")
  status=$?
  {
    printf '$ modal-lint'
    for a in "$@"; do printf ' %s' "$a"; done
    printf '\n--- stdout\n'
    cat "$out/stdout"
    printf -- '--- stderr\n'
    cat "$out/stderr"
    printf -- '--- exit %s\n' "$status"
  } >"$out/actual"
}

# golden NAME ARGS...: runs modal-lint and compares the record with golden/NAME.txt.
golden() {
  name=$1
  shift
  run "$@"
  expected=$golden_dir/$name.txt
  if [ "$update" = 1 ]; then
    cp "$out/actual" "$expected"
    pass "$name (golden updated)"
  elif [ ! -f "$expected" ]; then
    fail "$name" "missing $expected (run with UPDATE_GOLDEN=1 and review it)"
  elif cmp -s "$out/actual" "$expected"; then
    pass "$name"
  else
    fail "$name" "output differs from $expected:"
    diff -u "$expected" "$out/actual" | sed 's/^/#   /'
  fi
  stdin=/dev/null
}

# check NAME COMMAND...: a plain assertion, for what a golden file cannot express.
check() {
  name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name" "failed: $*"; fi
}

# --- inputs --------------------------------------------------------------------------------------

cat >"$work/app.py" <<'PY'
import modal

app = modal.App()


@app.function(keep_warm=1)
def f():
    pass
PY
cp "$work/app.py" "$work/fixed_expected.py"
sed 's/keep_warm=1/min_containers=1/' "$work/app.py" >"$work/fixed_expected.py"

cat >"$work/clean.py" <<'PY'
import modal

app = modal.App()


@app.function(min_containers=1)
def f():
    pass
PY

# Two findings, one on a line with a tab and a non-ASCII character before it: the column counts
# code points and the underline keeps the tab.
printf 'import modal\n\napp = modal.App()\n\n\nclass Holder:\n\t@app.function(gpu="\303\251", keep_warm=2)\n\tdef g(self):\n\t\tpass\n\n\n@app.function(\n    concurrency_limit=3,\n)\ndef h():\n    pass\n' >"$work/wide.py"

# CRLF line ends and a byte order mark: neither shows in the snippet, both survive --fix.
printf '\357\273\277import modal\r\napp = modal.App()\r\n@app.function(keep_warm=1, concurrency_limit=2)\r\ndef f():\r\n    pass\r\n' >"$work/crlf.py"
printf '\357\273\277import modal\r\napp = modal.App()\r\n@app.function(min_containers=1, max_containers=2)\r\ndef f():\r\n    pass\r\n' >"$work/crlf_fixed_expected.py"

# A file without a final newline diffs with the usual marker.
printf 'import modal\napp = modal.App()\n@app.function(keep_warm=1)\ndef f(): pass' >"$work/nonl.py"

# A finding whose only fix is unsafe (MDL101 guesses the remote path).
printf 'import modal\n\nimage = modal.Image.debian_slim().copy_local_file("data.txt")\n' >"$work/unsafe.py"

# Text that never mentions the Modal SDK: no findings, whatever it contains.
printf 'print("hello")\n' >"$work/plain.py"

mkdir -p "$work/proj/pkg" "$work/proj/venv" "$work/proj/.git" "$work/proj/node_modules" \
  "$work/proj/__pycache__" "$work/proj/build" "$work/proj/dist" "$work/proj/.venv"
cp "$work/app.py" "$work/proj/z_last.py"
cp "$work/app.py" "$work/proj/pkg/b.py"
cp "$work/app.py" "$work/proj/pkg/a.py"
cp "$work/clean.py" "$work/proj/pkg/clean.py"
cp "$work/app.py" "$work/proj/pkg/notes.txt"
for d in venv .git node_modules __pycache__ build dist .venv; do
  cp "$work/app.py" "$work/proj/$d/skipped.py"
done
# A link back to an ancestor must not make the walk loop, and is not followed.
ln -s .. "$work/proj/pkg/loop"
ln -s ../app.py "$work/proj/linked.py"
ln -s missing.py "$work/proj/dangling.py"

# --- reports -------------------------------------------------------------------------------------

golden text app.py
golden text-clean clean.py plain.py
golden text-wide wide.py
golden text-crlf-bom crlf.py
golden concise --format concise app.py wide.py
golden json --format json app.py
golden json-wide --format json wide.py
golden json-clean --format json clean.py
golden quiet --quiet app.py
golden quiet-clean -q clean.py
golden exit-zero --exit-zero app.py
golden directory-walk --format concise proj
golden explicit-non-py --format concise proj/pkg/notes.txt
stdin=$work/app.py
golden stdin --format concise -
stdin=$work/app.py
golden stdin-filename --format concise --stdin-filename src/job.py -
# --stdin-filename alone reads standard input, as in ruff; beside paths without "-" it is an error,
# not silently ignored.
stdin=$work/app.py
golden stdin-filename-implies-stdin --format concise --stdin-filename src/job.py
golden usage-stdin-filename-without-stdin --format concise --stdin-filename src/job.py app.py
golden default-path-is-dot --format concise --quiet

# --- CI formats, statistics and -o ----------------------------------------------------------------

golden json-lines --format json-lines app.py wide.py
golden github --format github app.py wide.py unsafe.py
golden gitlab --format gitlab app.py wide.py
golden junit --format junit app.py wide.py
golden junit-clean --format junit clean.py
golden statistics --statistics app.py wide.py unsafe.py
golden statistics-json --statistics --format json app.py wide.py unsafe.py
golden statistics-bad-format --statistics --format sarif app.py
# SARIF names the working directory (originalUriBaseIds): it reads WORK in the golden file.
run --format sarif --select MDL112,MDL116,MDL101 app.py wide.py unsafe.py
sed "s|$work|WORK|g" "$out/actual" >"$out/sarif"
if [ "$update" = 1 ]; then
  cp "$out/sarif" "$golden_dir/sarif.txt"
  pass "sarif (golden updated)"
elif cmp -s "$out/sarif" "$golden_dir/sarif.txt"; then
  pass sarif
else
  fail sarif "differs:"
  diff -u "$golden_dir/sarif.txt" "$out/sarif" | sed 's/^/#   /'
fi
golden output-file --format concise -o report.txt app.py wide.py
run --format concise app.py wide.py
check output-file-holds-the-report cmp -s "$work/report.txt" "$out/stdout"
check output-file-no-temp sh -c "! ls -A '$work' | grep -q modal-lint"
golden output-file-unwritable --format json -o missing-dir/report.json app.py

# --- unsafe fixes --------------------------------------------------------------------------------

golden unsafe-hidden unsafe.py app.py
golden unsafe-shown --unsafe-fixes --format concise unsafe.py app.py
golden unsafe-diff-hidden --diff unsafe.py
golden unsafe-diff --diff --unsafe-fixes unsafe.py
stdin=$work/unsafe.py
golden unsafe-fix-stdin --fix --unsafe-fixes -
cp "$work/unsafe.py" "$work/unsafe_fix.py"
golden unsafe-fix-without-flag --fix --format concise unsafe_fix.py
check unsafe-fix-without-flag-untouched cmp -s "$work/unsafe_fix.py" "$work/unsafe.py"

# --- rule selection and target version ------------------------------------------------------------

golden select-code --format concise --select MDL112 wide.py
golden select-other --format concise --select MDL116 app.py
golden select-prefix-ignore-slug --format concise --select MDL1 --ignore autoscaler-param-rename app.py
golden ignore-wins --format concise --ignore MDL112 --select MDL112,MDL116 app.py
golden select-repeated --format concise --select=MDL116 --select autoscaler-param-rename app.py
golden select-unknown --select MDL999 app.py
golden ignore-unknown --ignore nope app.py
golden target-version-warning --format concise --target-version 1.3 app.py
golden target-version-before-deprecation --format concise --target-version 0.73 app.py
golden target-version-bad --target-version 1.x app.py

# --- failures ------------------------------------------------------------------------------------

golden missing-file-others-processed --format concise missing.py app.py
golden not-a-directory --format concise app.py/inner.py clean.py
if [ "$(id -u)" -ne 0 ]; then
  cp "$work/app.py" "$work/secret.py"
  chmod 000 "$work/secret.py"
  golden unreadable-file --format concise secret.py app.py
  chmod 644 "$work/secret.py"
  rm -f "$work/secret.py"
else
  echo "ok - unreadable-file # SKIP root reads files whatever their mode"
  passed=$((passed + 1))
fi

# --- usage ---------------------------------------------------------------------------------------

golden usage-unknown-option --frobnicate app.py
golden usage-missing-value app.py --select
golden usage-bad-format --format xml app.py
golden usage-bad-color --color=sometimes app.py
# Every option's value is checked: empty strings, signs, overflow and unknown values are usage
# errors (exit 2), never silently "no rules" or "the default".
golden usage-select-empty --select= app.py
golden usage-select-empty-item --select MDL112, app.py
golden usage-ignore-empty --ignore '' app.py
golden usage-stdin-filename-empty --stdin-filename= - app.py
golden usage-config-empty --config '' app.py
golden usage-jobs-negative --jobs -1 app.py
golden usage-jobs-overflow --jobs 99999999999999999999 app.py
golden usage-jobs-empty --jobs= app.py
golden usage-jobs-junk -j 2x app.py
# --max-file-size BYTES: a number of bytes, alone or with KiB or MiB.
golden usage-max-file-size-zero --max-file-size 0 app.py
golden usage-max-file-size-zero-mib --max-file-size 0MiB app.py
golden usage-max-file-size-negative --max-file-size -1 app.py
golden usage-max-file-size-overflow --max-file-size 99999999999999999999 app.py
golden usage-max-file-size-unit-overflow --max-file-size=17592186044416MiB app.py
golden usage-max-file-size-decimal-unit --max-file-size 8MB app.py
golden usage-max-file-size-fraction --max-file-size 1.5MiB app.py
golden usage-max-file-size-space --max-file-size '8 MiB' app.py
golden usage-max-file-size-empty --max-file-size= app.py
golden usage-max-file-size-missing app.py --max-file-size
for size in 8388608 512KiB 8MiB 4096; do
  run --format concise --max-file-size "$size" app.py
  # A limit is accepted (each above the size of app.py; the bound itself is applied by the run,
  # with its own tests).
  check "max-file-size-accepts-$size" sh -c 'test "$1" = 1 && test ! -s "$2"' sh "$status" \
    "$out/stderr"
done
golden help --help
run --version
check version-names-tool sh -c "grep -q '^modal-lint [0-9]' '$out/stdout' && grep -q '^--- exit 0' '$out/actual'"

# --- control characters in file names --------------------------------------------------------------
# A file name may hold ESC, a newline, a tab: text and concise output and stderr show them as
# escapes (and a backslash as \\, so a name written `\x1b` is not mistaken for one holding ESC),
# or a terminal would obey them and one line would read as two.

# same NAME FILE TEXT: FILE holds exactly TEXT and a newline.
same() {
  printf '%s\n' "$3" >"$out/expected"
  if cmp -s "$out/expected" "$2"; then
    pass "$1"
  else
    fail "$1" "differs:"
    diff -u "$out/expected" "$2" | sed 's/^/#   /'
  fi
}
mkdir "$work/names"
hostile=$(printf 'names/red\033[31m\nline\ttab.py')
cp "$work/app.py" "$work/$hostile"
cp "$work/app.py" "$work/names/back\\slash.py"
cp "$work/app.py" "$work/names/$(printf 'latin\377csi\302\233del\177.py')"
message='MDL112 [*] `keep_warm` was renamed to `min_containers` (deprecated in 0.73.76, removed in 1.4.0)'
run --format concise --select MDL112 --quiet names
same names-concise-escaped "$out/stdout" \
"names/back\\\\slash.py:6:15: $message
names/latin\\xffcsi\\xc2\\x9bdel\\x7f.py:6:15: $message
names/red\\x1b[31m\\nline\\ttab.py:6:15: $message"
run --select MDL112 "$hostile"
head -n 1 "$out/stdout" >"$out/first-line"
same names-text-escaped "$out/first-line" "names/red\\x1b[31m\\nline\\ttab.py:6:15: $message"
run --format concise "$(printf 'names/gone\033]0;title\007\n.py')" "$hostile"
same names-stderr-escaped "$out/stderr" \
  'modal-lint: names/gone\x1b]0;title\x07\n.py: No such file or directory'
# GitHub workflow commands: the file property is the name itself, percent-encoded as the Actions
# toolkit does (a newline would end the command); the message shows it as concise output does.
run --format github --select MDL112 "$hostile"
same names-github-escaped "$out/stdout" \
"$(printf '::error title=modal-lint (MDL112),file=names/red\033[31m%%0Aline\ttab.py,line=6,col=15,endLine=6,endColumn=24::')names/red\\x1b[31m\\nline\\ttab.py:6:15: MDL112 \`keep_warm\` was renamed to \`min_containers\` (deprecated in 0.73.76, removed in 1.4.0)%0A  help: Rename \`keep_warm\` to \`min_containers\`"
# JUnit XML: no control character raw (XML 1.0 forbids ESC), and a newline or tab in an attribute
# as a character reference, which a parser reads back as itself rather than as a space.
run --format junit --select MDL112 "$hostile"
check names-junit-no-control-bytes sh -c '! LC_ALL=C grep -q "$(printf "[\001-\011\013-\037\177]")" "$1"' \
  sh "$out/stdout"
check names-junit-attribute-references grep -qF \
  "$(printf 'file="names/red\357\277\275[31m&#10;line&#9;tab.py"')" "$out/stdout"
rm -rf "$work/names"

# --- colour ----------------------------------------------------------------------------------------

golden color-always --color=always app.py
golden color-never --color=never app.py
NO_COLOR=1
export NO_COLOR
golden color-always-beats-no-color --color=always --format concise app.py
unset NO_COLOR
esc=$(printf '\033')
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
  (cd "$work" && TERM=xterm script -qec "'$bin' app.py" /dev/null >"$out/tty" 2>&1)
  check color-auto-on-terminal grep -q "$esc" "$out/tty"
  (cd "$work" && NO_COLOR=1 TERM=xterm script -qec "'$bin' app.py" /dev/null >"$out/tty" 2>&1)
  check no-color-on-terminal sh -c "! grep -q '$esc' '$out/tty'"
fi
run app.py
check color-auto-off-when-piped sh -c "! grep -q '$esc' '$out/actual'"

# --- diff ----------------------------------------------------------------------------------------

cp "$work/app.py" "$work/before.py"
golden diff --diff app.py wide.py clean.py
check diff-writes-nothing cmp -s "$work/app.py" "$work/before.py"
golden diff-clean --diff clean.py
golden diff-crlf-bom --diff crlf.py
golden diff-no-newline-at-end --diff nonl.py
golden diff-exit-zero --diff --exit-zero app.py

# --- fix -----------------------------------------------------------------------------------------

cp "$work/app.py" "$work/fixme.py"
chmod 640 "$work/fixme.py"
golden fix --fix fixme.py clean.py
check fix-content cmp -s "$work/fixme.py" "$work/fixed_expected.py"
check fix-keeps-mode test "$(stat -c %a "$work/fixme.py")" = 640
check fix-leaves-no-temp-files sh -c "! ls -A '$work' | grep -q modal-lint"

inode=$(stat -c %i "$work/clean.py")
golden fix-clean --fix clean.py
check fix-unchanged-file-not-rewritten test "$(stat -c %i "$work/clean.py")" = "$inode"

cp "$work/wide.py" "$work/wide_fix.py"
golden fix-twice-1 --fix wide_fix.py
cp "$work/wide_fix.py" "$work/wide_fixed_once.py"
golden fix-twice-2 --fix wide_fix.py
check fix-idempotent cmp -s "$work/wide_fix.py" "$work/wide_fixed_once.py"

cp "$work/crlf.py" "$work/crlf_fix.py"
run --fix --quiet crlf_fix.py
check fix-keeps-crlf-and-bom cmp -s "$work/crlf_fix.py" "$work/crlf_fixed_expected.py"

# A link is written through, not replaced by a regular file.
cp "$work/app.py" "$work/target.py"
ln -s target.py "$work/link.py"
run --fix --quiet link.py
check fix-through-symlink-keeps-link test -L "$work/link.py"
check fix-through-symlink-fixes-target cmp -s "$work/target.py" "$work/fixed_expected.py"

stdin=$work/app.py
golden fix-stdin --fix -
stdin=$work/app.py
golden fix-stdin-json --fix --format json --stdin-filename app.py -
check fix-stdin-leaves-file cmp -s "$work/app.py" "$work/before.py"

# A read-only directory makes the write fail: reported, exit 2, the file untouched, no temp file.
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$work/ro"
  cp "$work/app.py" "$work/ro/app.py"
  chmod 555 "$work/ro"
  golden fix-unwritable-directory --fix --format concise ro/app.py
  chmod 755 "$work/ro"
  check fix-unwritable-untouched cmp -s "$work/ro/app.py" "$work/app.py"
  check fix-unwritable-no-temp sh -c "test \$(ls -A '$work/ro' | wc -l) -eq 1"
fi

# --- rules and explain ---------------------------------------------------------------------------

run rules --format markdown
{ sed -n '1,4p' "$out/actual"; grep '^| MDL112 ' "$out/actual"; tail -n 1 "$out/actual"; } \
  >"$out/rules-md"
if [ "$update" = 1 ]; then
  cp "$out/rules-md" "$golden_dir/rules-markdown.txt"
  pass "rules-markdown (golden updated)"
elif cmp -s "$out/rules-md" "$golden_dir/rules-markdown.txt"; then
  pass rules-markdown
else
  fail rules-markdown "differs:"
  diff -u "$golden_dir/rules-markdown.txt" "$out/rules-md" | sed 's/^/#   /'
fi
rows=$(grep -c '^| MDL[0-9]' "$out/stdout")
run rules
check rules-text-lists-every-rule test "$(grep -c '^MDL[0-9]' "$out/stdout")" = "$rows"
check rules-text-has-mdl112 grep -q '^MDL112  *autoscaler-param-rename  *safe  *0.73.76  *1.4.0  ' \
  "$out/stdout"
run rules --format json
check rules-json-lists-every-rule test "$(grep -c '^    "code": "MDL' "$out/stdout")" = "$rows"
check rules-json-mdl112 grep -q '"name": "autoscaler-param-rename"' "$out/stdout"
golden rules-bad-format rules --format concise

run explain MDL112
head -n 9 "$out/stdout" >"$out/explain-head"
cp "$out/stdout" "$out/explain-code"
if [ "$update" = 1 ]; then
  cp "$out/explain-head" "$golden_dir/explain-head.txt"
  pass "explain-head (golden updated)"
elif cmp -s "$out/explain-head" "$golden_dir/explain-head.txt"; then
  pass explain-head
else
  fail explain-head "differs:"
  diff -u "$golden_dir/explain-head.txt" "$out/explain-head" | sed 's/^/#   /'
fi
check explain-status grep -q '^--- exit 0' "$out/actual"
check explain-has-doc test "$(wc -l <"$out/explain-code")" -gt 10
run explain autoscaler-param-rename
check explain-by-slug cmp -s "$out/stdout" "$out/explain-code"
run explain mdl112
check explain-case-insensitive cmp -s "$out/stdout" "$out/explain-code"
golden explain-unknown explain MDL999
golden explain-missing explain

# --- the bundled example ----------------------------------------------------------------------
# Every rule fires on examples/, and after --fix no finding with a safe fix is left.
cp -R "$root/examples" "$work/examples"
run --format json examples
for code in $("$bin" rules --format json | sed -n 's/^    "code": "\(MDL[0-9]*\)",$/\1/p'); do
  check "example-fires-$code" grep -q "\"code\": \"$code\"" "$out/stdout"
done
run --fix examples
check example-fix-status test "$status" -le 1
run --format json examples
check example-fix-leaves-no-safe-fix sh -c '! grep -q "\"applicability\": \"safe\"" "$1"' sh "$out/stdout"
find "$work/examples" -type f -name '*.py' -exec cat {} + >"$out/after-first-fix"
run --fix examples
find "$work/examples" -type f -name '*.py' -exec cat {} + >"$out/after-second-fix"
check example-fix-is-idempotent cmp -s "$out/after-first-fix" "$out/after-second-fix"

# --- upgrade planning: the pinned Modal version and `rules --target-version` --------------------
# A project of its own (with .git, so the walk for a pin stops there): uv.lock pins 0.73.2, the
# nearer requirements.txt of a sub-package pins 1.4.0. --select keeps the counts independent of
# rules added later.
mkdir -p "$work/pinned/.git" "$work/pinned/pkg"
cat >"$work/pinned/uv.lock" <<'TOML'
version = 1

[[package]]
name = "modal"
version = "0.73.2"
TOML
printf '# pinned for the sandbox helpers\nmodal[dev]==1.4.0 ; python_version >= "3.10"\n' \
  >"$work/pinned/pkg/requirements.txt"
cat >"$work/pinned/app.py" <<'PY'
import modal

app = modal.App()


@app.function(keep_warm=1)
def f():
    pass


sb = modal.Sandbox.create(app=app)
sb.mkdir("/data")
sb._experimental_snapshot_directory("/data")
PY
cp "$work/pinned/app.py" "$work/pinned/pkg/tools.py"
pin_rules=MDL112,MDL252,MDL254
golden pin-summary --select "$pin_rules" pinned/app.py
golden pin-summary-target --select "$pin_rules" --target-version 1.3 pinned/app.py
golden pin-summary-already-broken --select "$pin_rules" pinned/pkg/tools.py
run --select "$pin_rules" --format concise pinned/app.py
check pin-not-in-concise sh -c '! grep -q "Modal pinned" "$1"' sh "$out/stdout"
run --select "$pin_rules" --format json pinned/app.py
check pin-not-in-json sh -c '! grep -q "Modal pinned" "$1"' sh "$out/stdout"
run rules --format json --target-version 0.73
check rules-target-version-drops-later sh -c '! grep -q "\"code\": \"MDL112\"" "$1"' sh \
  "$out/stdout"
check rules-target-version-keeps-earlier grep -q '"code": "MDL267"' "$out/stdout"
target_rows=$(grep -c '^    "code": "MDL' "$out/stdout")
run rules --target-version 0.73
check rules-target-version-text-matches-json test "$(grep -c '^MDL[0-9]' "$out/stdout")" \
  = "$target_rows"
check rules-target-version-fewer test "$target_rows" -lt "$rows"
golden rules-target-version-bad rules --target-version 1.x

# --- parallel workers: the output is the same whatever -j says
run --format json -j 1 "$root/examples" "$root/test/fixtures"
cp "$out/actual" "$out/jobs-1"
run --format json -j 4 "$root/examples" "$root/test/fixtures"
check jobs-json-same-output sh -c 'sed 1d "$1" >"$1.a"; sed 1d "$2" >"$2.a"; cmp -s "$1.a" "$2.a"' \
  sh "$out/jobs-1" "$out/actual"
run -j1 "$root/examples"
cp "$out/actual" "$out/jobs-1"
run --jobs=3 "$root/examples"
check jobs-text-same-output sh -c 'sed 1d "$1" >"$1.a"; sed 1d "$2" >"$2.a"; cmp -s "$1.a" "$2.a"' \
  sh "$out/jobs-1" "$out/actual"
golden jobs-bad -j 0 app.py

# --- --add-noqa: each finding's line gets `# noqa: CODE`, merged into a noqa already there
mkdir -p "$work/noqa"
cat >"$work/noqa/app.py" <<'PY'
import modal

m = modal.Mount.from_local_dir(".")
x = modal.Mount.from_local_dir(".")  # noqa: E501
y = modal.Mount.from_local_dir(".")  # noqa
z = modal.Mount.from_local_dir("."); w = modal.gpu.A100()
q = modal.Image.debian_slim().copy_local_dir(
    ".", "/x"
)
s = f"""{modal.gpu.A100()
}"""
u = modal.gpu.A100()  # type: ignore
PY
printf 'import modal\r\ng = modal.gpu.A100()\r\n' >"$work/noqa/crlf.py"
printf 'modal run pkg.mod\n' >"$work/noqa/run.sh"
chmod 640 "$work/noqa/app.py"
golden add-noqa --add-noqa noqa
cat >"$out/noqa-expected.py" <<'PY'
import modal

m = modal.Mount.from_local_dir(".")  # noqa: MDL105
x = modal.Mount.from_local_dir(".")  # noqa: E501, MDL105
y = modal.Mount.from_local_dir(".")  # noqa
z = modal.Mount.from_local_dir("."); w = modal.gpu.A100()  # noqa: MDL105, MDL122
q = modal.Image.debian_slim().copy_local_dir(  # noqa: MDL102
    ".", "/x"
)
s = f"""{modal.gpu.A100()
}"""
u = modal.gpu.A100()  # type: ignore  # noqa: MDL122
PY
check add-noqa-file cmp -s "$out/noqa-expected.py" "$work/noqa/app.py"
check add-noqa-merges grep -qx 'x = modal.Mount.from_local_dir(".")  # noqa: E501, MDL105' \
  "$work/noqa/app.py"
check add-noqa-bare-untouched grep -qx 'y = modal.Mount.from_local_dir(".")  # noqa' \
  "$work/noqa/app.py"
check add-noqa-two-codes grep -q 'w = modal.gpu.A100()  # noqa: MDL105, MDL122$' \
  "$work/noqa/app.py"
check add-noqa-multiline-call grep -qx 'q = modal.Image.debian_slim().copy_local_dir(  # noqa: MDL102' \
  "$work/noqa/app.py"
check add-noqa-string-skipped grep -qx '}"""' "$work/noqa/app.py"
check add-noqa-after-comment grep -qx 'u = modal.gpu.A100()  # type: ignore  # noqa: MDL122' \
  "$work/noqa/app.py"
check add-noqa-crlf-kept sh -c 'printf "import modal\r\ng = modal.gpu.A100()  # noqa: MDL122\r\n" |
  cmp -s - "$1"' sh "$work/noqa/crlf.py"
check add-noqa-text-file grep -qx 'modal run pkg.mod  # noqa: MDL123' "$work/noqa/run.sh"
check add-noqa-mode-kept test "$(ls -l "$work/noqa/app.py" | cut -c1-10)" = "-rw-r-----"
golden add-noqa-twice --add-noqa noqa
golden add-noqa-then-check --format concise noqa
golden add-noqa-with-fix --add-noqa --fix noqa
golden add-noqa-stdin --add-noqa -

# A file's findings do not depend on the file its worker parsed before. tree-sitter-python 0.23.6's
# scanner kept "inside an f-string" from a text ending in one (subprojects/packagefiles/
# tree-sitter-python/), and b.py's block then lost its dedent: MDL122 offered to delete the only
# statement of the `if` block.
mkdir "$work/order"
printf 'import modal\nx = f"\n' >"$work/order/a.py"
cat >"$work/order/b.py" <<'PY'
from typing import TYPE_CHECKING

import modal

if TYPE_CHECKING:
    from modal.gpu import T4

app = modal.App()
PY
run -j 1 --exit-zero --format concise order/b.py
grep '^order/b.py' "$out/stdout" >"$out/b_alone"
run -j 1 --exit-zero --format concise order/a.py order/b.py
grep '^order/b.py' "$out/stdout" >"$out/b_after_a"
check findings-do-not-depend-on-the-file-parsed-before sh -c \
  'grep -q "MDL122 .*only statement of its block" "$1" && cmp -s "$1" "$2"' sh "$out/b_alone" \
  "$out/b_after_a"

# The tree-sitter runtime is linked in (subprojects/packagefiles/tree-sitter-runtime/meson.build):
# the executable runs without libtree-sitter0, and its walk's calls into the runtime can be inlined.
check runtime-linked-statically sh -c '! ldd "$1" | grep -q libtree-sitter' sh "$bin"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
