#!/bin/sh
# Builds and tests the VS Code extension in editors/vscode without downloading VS Code:
#   npm ci (only when node_modules does not match package-lock.json), npm run compile,
#   node --test unit tests against a mocked `vscode` module (and the real modal-lsp given as $1),
#   vsce package into a temporary folder, and a look inside the .vsix.
# Prints "ok - ..." per check and a final "N passed, N failed"; exits non-zero on any failure.
set -u
server="${1:-}"
dir=$(cd "$(dirname "$0")/../../editors/vscode" && pwd)
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }
check() { # check NAME COMMAND...
  name="$1"; shift
  if "$@"; then ok "$name"; else not_ok "$name"; fi
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$dir" || { not_ok "editors/vscode exists"; finish; }

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { not_ok "node and npm are installed"; finish; }
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  not_ok "node is 20 or newer (@vscode/vsce needs it; this is $(node --version))"
  finish
fi

# npm ci reinstalls everything (about 30 s); node_modules/.package-lock.json records what the last
# install wrote, so a tree that already matches the committed lock is used as it is, offline.
stamp="$dir/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ] || [ "$dir/package.json" -nt "$stamp" ]; then
  check "npm ci installs the locked dependencies" \
    sh -c 'npm ci --no-audit --no-fund --loglevel=error >"$1/npm-ci.log" 2>&1 || { cat "$1/npm-ci.log" >&2; exit 1; }' sh "$work"
  [ "$failed" -eq 0 ] || finish
else
  ok "node_modules matches package-lock.json"
fi

check "npm run compile builds out/ with tsc" \
  sh -c 'npm run --silent compile >"$1/tsc.log" 2>&1 || { cat "$1/tsc.log" >&2; exit 1; }' sh "$work"
[ "$failed" -eq 0 ] || finish

# Unit tests (node's own runner, TAP output kept in the log; each failing test is named here).
MODAL_LSP="$server" node --test test/*.test.js >"$work/unit.tap" 2>&1
unit_rc=$?
units=$(grep -c '^ok ' "$work/unit.tap")
grep '^not ok ' "$work/unit.tap" | sed 's/^not ok [0-9]* - /unit: /' | while read -r line; do echo "not ok - $line"; done
if [ "$unit_rc" -eq 0 ] && [ "$units" -gt 0 ]; then
  skipped=$(grep -c '# SKIP' "$work/unit.tap")
  ok "node --test: $units unit tests pass ($skipped skipped)"
else
  cat "$work/unit.tap" >&2
  not_ok "node --test: unit tests pass"
fi

# Packaging. vsce runs the vscode:prepublish script (compile) itself.
vsix="$work/modal-lint.vsix"
if npx --no-install vsce package --out "$vsix" </dev/null >"$work/vsce.log" 2>&1 && [ -f "$vsix" ]; then
  ok "vsce package writes a .vsix ($(wc -c <"$vsix" | tr -d ' ') bytes)"
else
  cat "$work/vsce.log" >&2
  not_ok "vsce package writes a .vsix"
  finish
fi
if ! command -v unzip >/dev/null 2>&1; then
  not_ok "unzip is installed (subprojects/setup.sh installs it)"
  finish
fi
unzip -Z1 "$vsix" >"$work/contents" 2>/dev/null
has() { grep -qxF -- "$1" "$work/contents"; }
missing=""
for f in '[Content_Types].xml' extension.vsixmanifest extension/package.json extension/readme.md \
  extension/LICENSE.txt extension/out/extension.js extension/out/discovery.js extension/out/settings.js \
  extension/node_modules/vscode-languageclient/package.json \
  extension/node_modules/vscode-languageclient/node.js \
  extension/node_modules/vscode-languageclient/lib/node/main.js \
  extension/node_modules/vscode-languageserver-protocol/package.json \
  extension/node_modules/vscode-jsonrpc/package.json; do
  has "$f" || missing="$missing $f"
done
check "the .vsix holds the manifest, out/*.js, README, LICENSE and vscode-languageclient${missing:+ (missing:$missing)}" \
  test -z "$missing"
extra=$(grep -E '^extension/(node_modules/(typescript|@vscode/vsce|@types|@azure|@secretlint)/|src/|test/|tsconfig\.json)|\.ts$|\.vsix$' "$work/contents" | head -5)
check "the .vsix holds no devDependencies, sources or tests${extra:+ (found: $extra)}" test -z "$extra"
# The manifest inside is the one in the tree: same name, version, main and fix-all kind.
unzip -p "$vsix" extension/package.json >"$work/package.json" 2>/dev/null
check "the packaged package.json is editors/vscode/package.json" \
  node -e '
    const [a, b] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
    const pick = (m) => JSON.stringify([m.name, m.version, m.main, m.contributes.codeActions, m.contributes.configuration]);
    process.exit(pick(a) === pick(b) ? 0 : 1);' "$work/package.json" "$dir/package.json"
check "the .vsix manifest declares the engine and the Linters category" \
  sh -c 'unzip -p "$1" extension.vsixmanifest | grep -q "Microsoft.VisualStudio.Code.Engine\" Value=\"^1.82.0\"" &&
         unzip -p "$1" extension.vsixmanifest | grep -q "<Categories>Linters</Categories>"' sh "$vsix"
finish
