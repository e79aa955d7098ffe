#!/bin/sh
# Hostile nesting through the real executables: 70,000 unclosed brackets of each kind, and
# configuration files nested or dotted 100,000 deep. modal-lint must refuse them by name with exit
# status 2 (never crash) and still process the other files; modal-lsp must answer for such a
# document and exit cleanly. Before the tree-sitter runtime was patched
# (subprojects/packagefiles/tree-sitter-runtime/0002-*.patch) these aborted with "munmap_chunk():
# invalid pointer" or a segfault; the configuration parser overflowed its stack.
#
#   sh test/cli/deep_nesting.sh PATH/TO/modal-lint PATH/TO/modal-lsp
#
# Prints "ok - NAME" / "not ok - NAME" per check and "N passed, N failed"; exits non-zero on any
# failure. The inputs are generated here, never committed.
set -u

if [ $# -ne 2 ]; then
  echo "usage: sh $0 MODAL_LINT MODAL_LSP" >&2
  exit 2
fi
case $1 in /*) bin=$1 ;; *) bin=$(pwd)/$1 ;; esac
case $2 in /*) lsp=$2 ;; *) lsp=$(pwd)/$2 ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/modal-lint-deep.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM HUP
out=$tmp/out
mkdir "$out"
unset NO_COLOR
export TERM=dumb LC_ALL=C

. "$(dirname "$0")/tap.sh"
# repeat N TEXT: TEXT repeated N times, without a newline.
repeat() { yes "$2" | head -n "$1" | tr -d '\n'; }

finding='import modal\napp = modal.App()\n@app.function(keep_warm=1)\ndef f():\n    pass\n'

# --- Python: unclosed brackets ------------------------------------------------------------------

d=$tmp/python
mkdir "$d"
printf "$finding" >"$d/other.py"
for shape in paren bracket brace fstring; do
  case $shape in
    paren) unit='(' ;;
    bracket) unit='[' ;;
    brace) unit='{' ;;
    fstring) unit='f"{' ;;
  esac
  { printf 'import modal\nx = '; repeat 70000 "$unit"; printf '\n'; } >"$d/deep.py"
  cp "$d/deep.py" "$d/deep.orig"
  run "$d" --fix --format concise deep.py other.py
  check "unclosed-$shape-exit-2" status_is 2
  check "unclosed-$shape-message-names-file" stderr_has "deep.py: code nested too deeply"
  check "unclosed-$shape-untouched" cmp -s "$d/deep.py" "$d/deep.orig"
  check "unclosed-$shape-others-processed" grep -qF "min_containers=1" "$d/other.py"
  printf "$finding" >"$d/other.py"
done

# 70,000 lines of comments inside parentheses: valid Python, linted as usual.
{ printf 'import modal\nx = (\n'; repeat 70000 '# c~'; printf '1)\n@modal.App().function(keep_warm=1)\ndef f(): pass\n'; } |
  tr '~' '\n' >"$d/comments.py"
run "$d" --format concise comments.py
check comments-block-linted sh -c '[ "$1" -eq 1 ] && grep -qF "comments.py:70004:23: MDL112" "$2"' \
  sh "$status" "$out/stdout"

# --- configuration files ------------------------------------------------------------------------

# config_case NAME: lints a file beside the pyproject.toml already written; expects exit 2 and
# the file's name in the message.
config_case() {
  printf "$finding" >"$c/app.py"
  run "$c" --format concise app.py
  check "config-$1-exit-2" status_is 2
  check "config-$1-names-file" stderr_has "pyproject.toml"
}
c=$tmp/config
mkdir "$c"
{ printf '[tool.modal-lint'; repeat 100000 '.a'; printf ']\nselect = ["MDL1"]\n'; } >"$c/pyproject.toml"
config_case dotted-header
check config-dotted-header-message stderr_has "key has more than 8 dotted parts"
{ printf '[tool.other]\na = '; repeat 100000 '['; printf '1'; repeat 100000 ']'; printf '\n'; } \
  >"$c/pyproject.toml"
config_case nested-arrays
check config-nested-arrays-message stderr_has "nested more than 5000 levels deep"
{ printf '[tool.other]\na = '; repeat 70000 '{b = '; } >"$c/pyproject.toml"
config_case unclosed-inline-tables
check config-unclosed-inline-tables-message stderr_has "nested more than 5000 levels deep"

# --- the language server ------------------------------------------------------------------------

# A document of 70,000 unclosed `(` opened in modal-lsp: the server answers a diagnostic request
# for it, then shuts down and exits with status 0. A small Python client speaks the protocol.
if ! command -v python3 >/dev/null 2>&1; then
  skip lsp-unclosed-parens "python3 not found"
else
  { printf 'import modal\nx = '; repeat 70000 '('; printf '\n'; } >"$d/deep.py"
  python3 - "$lsp" "$d/deep.py" >"$out/stdout" 2>"$out/stderr" <<'EOF'
import json, subprocess, sys

server = subprocess.Popen([sys.argv[1]], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL)

def send(message):
    body = json.dumps(message).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()

def response(id):
    while True:
        length = None
        while True:
            line = server.stdout.readline()
            if not line:
                sys.exit("the server closed its output waiting for response %d" % id)
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        message = json.loads(server.stdout.read(length))
        if message.get("id") == id and "method" not in message:
            return message

uri = "file://" + sys.argv[2]
text = open(sys.argv[2]).read()
send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
      "params": {"processId": None, "rootUri": None, "capabilities": {}}})
response(1)
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": uri, "languageId": "python", "version": 1, "text": text}}})
send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/diagnostic",
      "params": {"textDocument": {"uri": uri}}})
print("diagnostic:", json.dumps(response(2))[:300])
send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
response(3)
send({"jsonrpc": "2.0", "method": "exit"})
server.stdin.close()
sys.exit(server.wait(timeout=60))
EOF
  status=$?
  check lsp-unclosed-parens-answers-and-exits status_is 0
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
