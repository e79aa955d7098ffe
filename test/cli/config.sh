#!/bin/sh
# CLI tests of configuration files, .gitignore and Jupyter notebooks.
#
#   sh test/cli/config.sh PATH/TO/modal-lint SOURCE_ROOT
#   UPDATE_GOLDEN=1 sh test/cli/config.sh ...   rewrites the golden files (review the git diff!)
#
# Each case builds a small tree in its own scratch folder, runs modal-lint there and compares one
# golden file (test/cli/golden/config/NAME.txt) holding the command, stdout, stderr and exit status;
# plain assertions cover what a golden file cannot (bytes kept by --fix). Prints "ok - NAME" /
# "not ok - NAME" per check and "N passed, N failed" at the end; exits non-zero on any failure.
set -u

if [ $# -ne 2 ]; then
  echo "usage: sh $0 MODAL_LINT SOURCE_ROOT" >&2
  exit 2
fi
case $1 in /*) bin=$1 ;; *) bin=$(pwd)/$1 ;; esac
root=$2
golden_dir=$root/test/cli/golden/config
update=${UPDATE_GOLDEN:-0}

passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/modal-lint-config.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM HUP
out=$tmp/out
mkdir "$out"
unset NO_COLOR
export TERM=dumb LC_ALL=C

pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() {
  failed=$((failed + 1))
  echo "not ok - $1"
  shift
  for line in "$@"; do echo "#   $line"; done
}

# case_dir NAME: a fresh folder for one case, with a .git so the walk up for configuration files
# and .gitignore stops inside the scratch area.
case_dir() {
  dir=$tmp/cases/$1
  mkdir -p "$dir/.git"
}

# golden NAME ARGS...: runs modal-lint in $dir and compares the record with golden/config/NAME.txt.
golden() {
  name=$1
  shift
  (cd "$dir" && "$bin" "$@" </dev/null >"$out/stdout" 2>"$out/stderr")
  status=$?
  {
    printf '$ modal-lint'
    for a in "$@"; do printf ' %s' "$a"; done
    printf '\n--- stdout\n'
    # SARIF names the working directory (originalUriBaseIds): it reads DIR in the golden file.
    sed "s|$dir|DIR|g" "$out/stdout"
    printf -- '--- stderr\n'
    cat "$out/stderr"
    printf -- '--- exit %s\n' "$status"
  } >"$out/actual"
  expected=$golden_dir/$name.txt
  if [ "$update" = 1 ]; then
    mkdir -p "$golden_dir"
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
}

check() {
  name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name" "failed: $*"; fi
}

# app FILE: a Modal app with two MDL112 findings (keep_warm, concurrency_limit) on line 5.
app() {
  mkdir -p "$(dirname "$1")"
  printf 'import modal\n\napp = modal.App()\n\n@app.function(keep_warm=1, concurrency_limit=2)\ndef f():\n    pass\n' >"$1"
}

# ---- discovery ------------------------------------------------------------------------------------

case_dir discovery-pyproject
app "$dir/app.py"
printf '[project]\nname = "x"\n\n[tool.modal-lint]\nignore = ["MDL112"]\n' >"$dir/pyproject.toml"
golden discovery-pyproject --format concise

# A pyproject.toml without [tool.modal-lint] does not stop the walk up.
case_dir discovery-pyproject-without-table
app "$dir/sub/app.py"
printf '[tool.ruff]\nselect = ["E"]\n' >"$dir/sub/pyproject.toml"
printf 'ignore = ["autoscaler-param-rename"]\n' >"$dir/modal-lint.toml"
golden discovery-pyproject-without-table --format concise

# In one folder: .modal-lint.toml over modal-lint.toml over pyproject.toml.
case_dir discovery-preference
app "$dir/app.py"
printf '[tool.modal-lint]\nselect = ["MDL101"]\n' >"$dir/pyproject.toml"
printf 'select = ["MDL102"]\n' >"$dir/modal-lint.toml"
printf 'select = ["MDL112"]\n' >"$dir/.modal-lint.toml"
golden discovery-dot-file-wins --format concise
rm "$dir/.modal-lint.toml"
golden discovery-modal-lint-toml-over-pyproject --format concise

# The nearest file wins, and walking up works from a file named on the command line.
case_dir discovery-nearest
app "$dir/app.py"
app "$dir/sub/deeper/app.py"
printf 'ignore = ["MDL112"]\n' >"$dir/modal-lint.toml"
printf 'select = ["MDL112"]\n' >"$dir/sub/modal-lint.toml"
golden discovery-nearest-wins --format concise
golden discovery-walks-up-from-file --format concise sub/deeper/app.py

# ---- precedence -----------------------------------------------------------------------------------

case_dir precedence
app "$dir/app.py"
printf 'ignore = ["MDL112"]\ntarget-version = "1.0"\noutput-format = "json"\n' >"$dir/modal-lint.toml"
golden precedence-file-output-format
golden precedence-cli-select-over-file-ignore --format concise --select MDL112
golden precedence-cli-target-over-file --format concise --select MDL112 --target-version 1.4
golden precedence-isolated --isolated --format concise

case_dir precedence-extend
app "$dir/app.py"
printf 'select = ["MDL101"]\nextend-select = ["MDL112"]\nunsafe-fixes = true\n' >"$dir/modal-lint.toml"
golden precedence-extend-select --format concise

# ---- globs ----------------------------------------------------------------------------------------

case_dir globs
app "$dir/app.py"
app "$dir/tests/test_app.py"
app "$dir/scripts/deep/run.py"
app "$dir/generated/out.py"
app "$dir/legacy/old.py"
app "$dir/build/made.py"
printf '[tool.modal-lint]\nexclude = ["generated/"]\nextend-exclude = ["legacy"]\n\n[tool.modal-lint.per-file-ignores]\n"tests/*" = ["ALL"]\n"scripts/**" = ["MDL112"]\n' >"$dir/pyproject.toml"
golden globs-per-file-ignores-and-exclude --format concise
golden globs-explicit-excluded-file --format concise generated/out.py

# ---- --config and --isolated ----------------------------------------------------------------------

case_dir explicit
app "$dir/app.py"
app "$dir/sub/app.py"
printf 'select = ["MDL101"]\n' >"$dir/sub/modal-lint.toml"
mkdir -p "$dir/conf"
printf 'per-file-ignores = { "sub/*" = ["MDL112"] }\n' >"$dir/conf/strict.toml"
cp "$dir/conf/strict.toml" "$dir/strict.toml"
golden config-wins-over-discovery --format concise --config strict.toml
golden config-globs-relative-to-its-folder --format concise --config conf/strict.toml
golden config-missing --config nowhere.toml
golden config-and-isolated --config strict.toml --isolated

# ---- every configuration error --------------------------------------------------------------------

case_dir errors
app "$dir/app.py"
error_case() {
  name=$1 file=$2
  shift 2
  rm -f "$dir/pyproject.toml" "$dir/modal-lint.toml"
  printf "$@" >"$dir/$file"
  golden "error-$name"
}
error_case syntax modal-lint.toml 'select = ["MDL1"\nignore = []\n'
error_case unknown-key pyproject.toml '[tool.modal-lint]\nselct = ["MDL1"]\n'
error_case select-type modal-lint.toml 'select = "MDL1"\n'
error_case select-item-type modal-lint.toml 'extend-select = ["MDL1", 112]\n'
error_case unknown-selector pyproject.toml '[tool.modal-lint]\nignore = [\n  "MDL1",\n  "MDL999",\n]\n'
error_case target-version modal-lint.toml 'target-version = "one"\n'
error_case target-version-type modal-lint.toml 'target-version = 1.0\n'
error_case unsafe-fixes modal-lint.toml 'unsafe-fixes = "yes"\n'
error_case output-format-type modal-lint.toml 'output-format = ["json"]\n'
error_case output-format-value modal-lint.toml '\noutput-format = "xml"\n'
error_case per-file-ignores-type modal-lint.toml 'per-file-ignores = ["tests/*"]\n'
error_case per-file-ignores-value pyproject.toml '[tool.modal-lint.per-file-ignores]\n"tests/*" = "ALL"\n'
error_case per-file-ignores-duplicate modal-lint.toml '[per-file-ignores]\n"a.py" = []\n"a.py" = []\n'
error_case exclude-type modal-lint.toml 'exclude = "build"\n'
error_case empty-glob modal-lint.toml 'extend-exclude = [""]\n'
error_case duplicate-key modal-lint.toml 'select = []\nselect = []\n'
error_case key-is-table modal-lint.toml '[select]\n'
error_case array-of-tables pyproject.toml '[[tool.modal-lint]]\nselect = []\n'
error_case table-type pyproject.toml 'tool.modal-lint = 3\n'
error_case nul-byte modal-lint.toml 'select = []\n\000\n'
# An invalid file deeper in the tree stops the run too, naming that file.
rm -f "$dir/pyproject.toml" "$dir/modal-lint.toml"
app "$dir/sub/app.py"
printf 'ignore = ["nope"]\n' >"$dir/sub/modal-lint.toml"
golden error-in-subfolder

# ---- values checked whether or not the command line overrides them -------------------------------
# An invalid value is an error (exit 2, the file, line and key) even when a flag replaces it, and in
# every configuration file found, not only the one governing the working folder, as in ruff: a
# typo must not lie dormant until the flag is dropped or the run starts from another folder.

case_dir checked
app "$dir/app.py"
# checked_case NAME FILE CONTENT ARGS...: CONTENT (a printf format) in FILE, then modal-lint ARGS.
checked_case() {
  name=$1 file=$2 content=$3
  shift 3
  rm -f "$dir/pyproject.toml" "$dir/modal-lint.toml"
  printf "$content" >"$dir/$file"
  golden "checked-$name" "$@"
}
checked_case output-format-overridden modal-lint.toml '\noutput-format = "xml"\n' --format concise
checked_case output-format-overridden-pyproject pyproject.toml \
  '[tool.modal-lint]\noutput-format = "markdown"\n' --format json
checked_case output-format-empty modal-lint.toml 'output-format = ""\n'
checked_case output-format-explicit-config modal-lint.toml 'output-format = "xml"\n' \
  --config modal-lint.toml --format concise
# max-file-size: an integer or a string, a number of bytes alone or with KiB or MiB.
checked_case max-file-size-zero modal-lint.toml 'max-file-size = 0\n'
checked_case max-file-size-negative modal-lint.toml 'max-file-size = -1\n'
checked_case max-file-size-overflow pyproject.toml \
  '[tool.modal-lint]\nmax-file-size = 99999999999999999999\n'
checked_case max-file-size-unit modal-lint.toml 'max-file-size = "8MB"\n'
checked_case max-file-size-empty modal-lint.toml 'max-file-size = ""\n'
checked_case max-file-size-hex modal-lint.toml 'max-file-size = 0x100000\n'
checked_case max-file-size-type modal-lint.toml 'max-file-size = 1.5\n'
checked_case max-file-size-overridden modal-lint.toml 'max-file-size = "0MiB"\n' \
  --max-file-size 1MiB --format concise
for value in 1048576 8_388_608 '"512KiB"' '"8MiB"'; do
  rm -f "$dir/pyproject.toml"
  printf 'max-file-size = %s\n' "$value" >"$dir/modal-lint.toml"
  (cd "$dir" && "$bin" --format concise app.py >"$out/stdout" 2>"$out/stderr")
  check "checked-max-file-size-accepts-$(printf '%s' "$value" | tr -d '"')" sh -c 'test "$1" = 1 && test ! -s "$2"' sh "$?" \
    "$out/stderr"
done
# A file deeper in the tree, which governs no run-wide key, is checked as well.
rm -f "$dir/modal-lint.toml"
app "$dir/sub/app.py"
printf 'output-format = "xml"\n' >"$dir/sub/modal-lint.toml"
golden checked-output-format-in-subfolder --format concise
printf 'max-file-size = "1GB"\n' >"$dir/sub/modal-lint.toml"
golden checked-max-file-size-in-subfolder --format concise
rm -rf "$dir/sub"
# The name of the configuration file is escaped in the message like any other path.
mkdir -p "$dir/$(printf 'odd\033[1m\nname')"
app "$dir/$(printf 'odd\033[1m\nname')/app.py"
printf 'output-format = "xml"\n' >"$dir/$(printf 'odd\033[1m\nname')/modal-lint.toml"
(cd "$dir" && "$bin" --format concise >"$out/stdout" 2>"$out/stderr")
printf '%s\n' 'modal-lint: odd\x1b[1m\nname/modal-lint.toml:1: key '"'output-format'"': unknown format '"'xml'"' (expected text, concise, json, json-lines, sarif, github, gitlab or junit)' \
  >"$out/expected"
check checked-config-path-escaped cmp -s "$out/expected" "$out/stderr"

# ---- .gitignore -----------------------------------------------------------------------------------

case_dir gitignore
for f in app.py a.skip.py keep.skip.py gen/x.py src/gen/y.py gen.py nested/secret.py \
  nested/deep/secret.py nested/ok.py private.py; do
  app "$dir/$f"
done
printf '# generated code\ngen/\n*.skip.py\n!keep.skip.py\n' >"$dir/.gitignore"
printf 'secret.py\n' >"$dir/nested/.gitignore"
mkdir -p "$dir/.git/info"
printf 'private.py\n' >"$dir/.git/info/exclude"
golden gitignore-respected --format concise --select MDL112
golden gitignore-not-respected --format concise --select MDL112 --no-respect-gitignore
golden gitignore-explicit-file --format concise --select MDL112 gen/x.py nested/secret.py

# ---- notebooks ------------------------------------------------------------------------------------

case_dir notebook
# Written by hand, in nbformat's layout (one-space indent, sorted keys), with outputs, metadata, a
# markdown cell, a shell line, a line magic, a cell magic and a help line.
cat >"$dir/nb.ipynb" <<'JSON'
{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "# Deploy with modal"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {"tags": ["setup"]},
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "Successfully installed modal\n"
     ]
    }
   ],
   "source": [
    "!pip install modal\n",
    "import modal\n",
    "%load_ext autoreload\n",
    "app = modal.App()"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": [
    "@app.function(keep_warm=1)\n",
    "def f():\n",
    "    return \"caf\u00e9\"\n",
    "f?"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": "%%bash\nmodal run app.py --keep_warm=1\n"
  }
 ],
 "metadata": {
  "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
JSON
cp "$dir/nb.ipynb" "$tmp/nb.orig"
golden notebook-text
golden notebook-concise --format concise
golden notebook-json --format json
cp "$out/stdout" "$tmp/nb.json"
# The CI formats put the finding on the line of the .ipynb file that holds it, with the column
# inside that JSON string (SARIF also maps the fix into the file).
for format in sarif github gitlab junit; do
  # --select: SARIF lists the rules it ran, with their documentation; one is enough here.
  golden "notebook-$format" --format "$format" --select MDL112
  cp "$out/stdout" "$tmp/nb.$format"
done
golden notebook-json-lines --format json-lines
# A fix whose edits are in two cells (a rename in the import and at the use): each edit is
# located in its own cell.
cat >"$dir/rename.ipynb" <<'JSON'
{
 "cells": [
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
   "source": ["import modal\n", "from modal import web_endpoint\n", "app = modal.App()"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
   "source": ["@app.function()\n", "@web_endpoint()\n", "def hello():\n", "    return 1"]}
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
JSON
golden notebook-json-fix-in-two-cells --format json --select MDL115 rename.ipynb
rm -f "$dir/rename.ipynb"

# notebook_positions NOTEBOOK PREFIX: every finding of PREFIX.sarif, .github, .gitlab and .junit
# must point at the text --format json (PREFIX.json, cell-relative) says is flagged: the region
# read from the .ipynb file, decoded as part of a JSON string, is the flagged text of the cell.
# Each SARIF fix, applied to the file's bytes, must leave a notebook whose cells read as the file
# --fix writes (PREFIX.fixed) reads.
notebook_positions() {
  python3 - "$@" <<'PY'
import json, re, sys
notebook, prefix = sys.argv[1], sys.argv[2]
raw = open(notebook, "rb").read()
lines = raw.decode("utf-8").split("\n")
cells = json.loads(raw)["cells"]
def source(cell):
    s = cell["source"]
    return s if isinstance(s, str) else "".join(s)
def units(text, utf16):
    return len(text.encode("utf-16-le")) // 2 if utf16 else len(text)
def index(line, column, utf16):  # 1-based line and column of the file -> character index in it
    text, at = lines[line - 1], 0
    while at < len(text) and units(text[:at], utf16) < column - 1:
        at += 1
    return sum(len(l) + 1 for l in lines[:line - 1]) + at
whole = "\n".join(lines)
def decoded(a, b):  # the file from a to b, as the JSON string it is part of
    return json.loads('"' + whole[a:b] + '"')
failed = []
findings = json.load(open(prefix + ".json"))
def flagged(f):
    text = source(cells[f["cell"] - 1]).split("\n")[f["location"]["line"] - 1]
    return text[f["location"]["column"] - 1:f["end_location"]["column"] - 1]
def expect(name, i, got, want):
    if got != want:
        failed.append("%s finding %d: %r, want %r" % (name, i, got, want))
sarif = json.load(open(prefix + ".sarif"))["runs"][0]["results"]
github = [m.groups() for m in re.finditer(
    r"line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+)", open(prefix + ".github").read())]
gitlab = json.load(open(prefix + ".gitlab"))
junit = re.findall(r'line="(\d+)" column="(\d+)"', open(prefix + ".junit").read())
for name, count in (("sarif", len(sarif)), ("github", len(github)), ("gitlab", len(gitlab)),
                    ("junit", len(junit))):
    expect(name + " count", 0, count, len(findings))
for i, f in enumerate(findings):
    want = flagged(f)
    if i < len(sarif):
        r = sarif[i]["locations"][0]["physicalLocation"]["region"]
        expect("sarif", i, decoded(index(r["startLine"], r["startColumn"], True),
                                   index(r["endLine"], r["endColumn"], True)), want)
        expect("sarif cell", i, sarif[i]["properties"]["cell"], f["cell"])
    if i < len(github):
        l, c, el, ec = map(int, github[i])
        expect("github", i, decoded(index(l, c, False), index(el, ec, False)), want)
    if i < len(gitlab):
        p = gitlab[i]["location"]["positions"]
        expect("gitlab", i, decoded(index(p["begin"]["line"], p["begin"]["column"], False),
                                    index(p["end"]["line"], p["end"]["column"], False)), want)
    if i < len(junit):
        start = index(int(junit[i][0]), int(junit[i][1]), False)
        expect("junit", i, decoded(start, start + len(want)), want)
    for fix in sarif[i].get("fixes", []) if i < len(sarif) else []:
        edited = whole
        for rep in reversed(fix["artifactChanges"][0]["replacements"]):
            d = rep["deletedRegion"]
            a = index(d["startLine"], d["startColumn"], True)
            b = index(d["endLine"], d["endColumn"], True)
            edited = edited[:a] + rep["insertedContent"]["text"] + edited[b:]
        fixed = json.load(open(prefix + ".fixed"))["cells"]
        expect("sarif fix", i, [source(c) for c in json.loads(edited)["cells"]],
               [source(c) for c in fixed])
for line in failed:
    print("# " + line)
sys.exit(1 if failed else 0)
PY
}
golden notebook-diff --diff
check "notebook --diff writes nothing" cmp -s "$dir/nb.ipynb" "$tmp/nb.orig"
golden notebook-fix --fix
# Byte for byte, the fixed file is the original with exactly one line of one cell replaced; the
# \u00e9 escape, outputs, metadata and layout are untouched (no JSON library involved).
notebook_expected() {
  python3 - "$tmp/nb.orig" "$dir/nb.ipynb" <<'PY'
import sys
original = open(sys.argv[1], "rb").read()
fixed = open(sys.argv[2], "rb").read()
old = b'"@app.function(keep_warm=1)\\n",'
new = b'"@app.function(min_containers=1)\\n",'
sys.exit(0 if original.count(old) == 1 and fixed == original.replace(old, new) else 1)
PY
}
cp "$dir/nb.ipynb" "$tmp/nb.fixed"
if command -v python3 >/dev/null 2>&1; then
  check "notebook --fix changes only the fixed line" notebook_expected
  check "notebook CI formats point at the flagged code in the .ipynb file" \
    notebook_positions "$tmp/nb.orig" "$tmp/nb"
fi
golden notebook-fix-again --fix
check "notebook fixing twice equals fixing once" cmp -s "$dir/nb.ipynb" "$tmp/nb.fixed"
# A walk finds notebooks; a broken one is reported and the run goes on.
printf '{"cells": 3}\n' >"$dir/broken.ipynb"
golden notebook-walk-and-broken --format concise

# After --fix adds a line to the first cell (MDL116's decorator), the finding left in the second
# cell is reported where the fixed file has it: one line further down. An escaped character (\u00e9)
# and escaped quotes come before it on its line, in a "source" that is one string.
case_dir notebook-fixed
cat >"$dir/fx.ipynb" <<'JSON'
{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": [
    "import modal\n",
    "app = modal.App()\n",
    "@app.function(allow_concurrent_inputs=4)\n",
    "def f():\n",
    "    pass"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": "x = \"\u00e9\"; m = modal.Mount.from_local_dir(\"data\")\n"
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
JSON
cp "$dir/fx.ipynb" "$tmp/fx.orig"
golden notebook-fixed-before --format github
for format in json sarif github gitlab junit; do
  (cd "$dir" && "$bin" --format "$format" fx.ipynb >"$tmp/fx.$format")
done
golden notebook-fixed --fix --format github
cp "$dir/fx.ipynb" "$tmp/fx.fixed"
(cd "$dir" && "$bin" --format github fx.ipynb >"$tmp/fx.after")
check "notebook --fix reports positions in the fixed file" cmp -s "$out/stdout" "$tmp/fx.after"
if command -v python3 >/dev/null 2>&1; then
  check "notebook CI formats point at the flagged code (string source, SARIF fix adding a line)" \
    notebook_positions "$tmp/fx.orig" "$tmp/fx"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
