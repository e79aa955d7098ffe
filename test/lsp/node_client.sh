#!/bin/sh
# Runs the Node client test (node/client.js) against the modal-lsp binary given as $1. Its pinned
# npm dependencies are installed with `npm ci` into node/node_modules when missing or stale.
set -u
server="$1"
dir=$(cd "$(dirname "$0")/node" && pwd)
fail() {
  echo "not ok - $1"
  echo "0 passed, 1 failed"
  exit 1
}
command -v node >/dev/null 2>&1 || fail "node is installed"
stamp="$dir/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
  command -v npm >/dev/null 2>&1 || fail "npm is installed"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || fail "npm ci installs vscode-languageserver-protocol"
fi
exec node "$dir/client.js" "$server"
