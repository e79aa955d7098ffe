#!/bin/sh
# Hostile-input tests for modal-lint: what a CI job or an editor save can throw at it.
#
#   sh test/cli/hostile.sh PATH/TO/modal-lint
#
# Every case asserts what a user sees: the exit status, a message naming the file, the other files
# still processed, and after --fix the exact bytes, the mode and no temporary file left behind.
# Big inputs are generated here, never committed. A case that cannot be set up on this machine is
# reported as "ok - NAME # SKIP why", never dropped silently. Prints "ok - NAME" / "not ok - NAME"
# per check and "N passed, N failed" at the end; exits non-zero on any failure.
set -u

if [ $# -ne 1 ]; then
  echo "usage: sh $0 MODAL_LINT" >&2
  exit 2
fi
case $1 in /*) bin=$1 ;; *) bin=$(pwd)/$1 ;; esac

passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/modal-lint-hostile.XXXXXX") || exit 2
mounted=""
cleanup() {
  [ -n "$mounted" ] && umount "$mounted" 2>/dev/null
  chmod -R u+rwx "$tmp" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP
chmod 755 "$tmp"
out=$tmp/out
mkdir "$out"
unset NO_COLOR
export TERM=dumb LC_ALL=C

pass() { passed=$((passed + 1)); echo "ok - $1"; }
skip() { passed=$((passed + 1)); echo "ok - $1 # SKIP $2"; }
fail() {
  failed=$((failed + 1))
  echo "not ok - $1"
  shift
  for line in "$@"; do echo "#   $line"; done
}
# check NAME COMMAND...: passes when the command succeeds; on failure shows the last run's output.
check() {
  name=$1
  shift
  if "$@"; then
    pass "$name"
  else
    fail "$name" "failed: $*" "exit status $status" "stdout: $(head -c 600 "$out/stdout")" \
      "stderr: $(head -c 600 "$out/stderr")"
  fi
}

# run DIR ARGS...: runs modal-lint in DIR, leaving $status, $out/stdout and $out/stderr.
run() {
  dir=$1
  shift
  (cd "$dir" && "$bin" "$@" </dev/null >"$out/stdout" 2>"$out/stderr")
  status=$?
}
status_is() { [ "$status" -eq "$1" ]; }
stdout_has() { grep -qF -- "$1" "$out/stdout"; }
stderr_has() { grep -qF -- "$1" "$out/stderr"; }
no_temp_files() { [ -z "$(find "$1" -name '.*.modal-lint-*' 2>/dev/null)" ]; }

# The smallest file with one finding (MDL112 at line 3, column 15) and its fixed text.
finding='import modal\napp = modal.App()\n@app.function(keep_warm=1)\ndef f():\n    pass\n'
fixed='import modal\napp = modal.App()\n@app.function(min_containers=1)\ndef f():\n    pass\n'

# --- encodings and bytes ------------------------------------------------------------------------

d=$tmp/bytes
mkdir "$d"
printf "$finding" >"$d/other.py"

# Invalid UTF-8 in a comment and a string: linted, and --fix keeps every other byte as it was.
printf 'import modal\n# \377\376 \300\n@modal.App().function(keep_warm=1)\ndef f(): return "\200"\n' \
  >"$d/invalid.py"
printf 'import modal\n# \377\376 \300\n@modal.App().function(min_containers=1)\ndef f(): return "\200"\n' \
  >"$d/invalid.expected"
run "$d" --format concise invalid.py
check invalid-utf8-linted sh -c '[ "$1" -eq 1 ] && grep -qF "invalid.py:3:23: MDL112" "$2"' sh \
  "$status" "$out/stdout"
run "$d" --fix --quiet invalid.py
check invalid-utf8-fix-keeps-bytes cmp -s "$d/invalid.py" "$d/invalid.expected"

# NUL bytes (Python refuses them; tree-sitter would stop a string there): the rest is still
# linted and --fix keeps the NUL.
printf 'import modal\nx = "a\000b"\n@modal.App().function(keep_warm=1)\ndef f(): pass\n' >"$d/nul.py"
printf 'import modal\nx = "a\000b"\n@modal.App().function(min_containers=1)\ndef f(): pass\n' \
  >"$d/nul.expected"
run "$d" --format concise nul.py
check nul-bytes-rest-linted sh -c '[ "$1" -eq 1 ] && grep -qF "nul.py:3:23: MDL112" "$2"' sh \
  "$status" "$out/stdout"
run "$d" --fix --quiet nul.py
check nul-bytes-fix-keeps-nul cmp -s "$d/nul.py" "$d/nul.expected"

# UTF-16 (with its byte order mark): refused by name, never rewritten; the other file is linted.
printf '\377\376i\000m\000p\000o\000r\000t\000 \000m\000o\000d\000a\000l\000\n\000' >"$d/utf16.py"
cp "$d/utf16.py" "$d/utf16.orig"
run "$d" --format concise utf16.py other.py
check utf16-exit-2 status_is 2
check utf16-message-names-file stderr_has "utf16.py: UTF-16 text is not supported"
check utf16-others-processed stdout_has "other.py:3:15: MDL112"
run "$d" --fix --quiet utf16.py
check utf16-fix-untouched cmp -s "$d/utf16.py" "$d/utf16.orig"

# A UTF-8 byte order mark with CRLF line ends: columns count after the mark, both survive --fix.
printf '\357\273\277import modal\r\napp = modal.App()\r\n@app.function(keep_warm=1)\r\ndef f(): pass\r\n' \
  >"$d/bom.py"
printf '\357\273\277import modal\r\napp = modal.App()\r\n@app.function(min_containers=1)\r\ndef f(): pass\r\n' \
  >"$d/bom.expected"
run "$d" --format concise bom.py
check bom-crlf-position stdout_has "bom.py:3:15: MDL112"
run "$d" --fix --quiet bom.py
check bom-crlf-fix-keeps-both cmp -s "$d/bom.py" "$d/bom.expected"

# Lone CR line ends (old Mac files; Python accepts them): lines counted, ends kept by --fix.
printf 'import modal\rapp = modal.App()\r@app.function(keep_warm=1)\rdef f(): pass\r' >"$d/cr.py"
printf 'import modal\rapp = modal.App()\r@app.function(min_containers=1)\rdef f(): pass\r' \
  >"$d/cr.expected"
run "$d" --format concise cr.py
check lone-cr-linted sh -c '[ "$1" -eq 1 ] && grep -qF "cr.py:3:15: MDL112" "$2"' sh "$status" \
  "$out/stdout"
run "$d" --fix --quiet cr.py
check lone-cr-fix-keeps-ends cmp -s "$d/cr.py" "$d/cr.expected"

# Tabs: a column counts a tab as one character, and --fix keeps the tab.
printf 'import modal\napp = modal.App()\nclass C:\n\t@app.function(keep_warm=1)\n\tdef f(self): pass\n' \
  >"$d/tabs.py"
printf 'import modal\napp = modal.App()\nclass C:\n\t@app.function(min_containers=1)\n\tdef f(self): pass\n' \
  >"$d/tabs.expected"
run "$d" --format concise tabs.py
check tabs-column stdout_has "tabs.py:4:16: MDL112"
run "$d" --fix --quiet tabs.py
check tabs-fix-keeps-tabs cmp -s "$d/tabs.py" "$d/tabs.expected"

# Empty files pass, and --fix does not rewrite them.
: >"$d/empty.py"
inode=$(stat -c %i "$d/empty.py")
run "$d" --fix empty.py
check empty-file-passes sh -c '[ "$1" -eq 0 ] && grep -qF "All checks passed!" "$2"' sh "$status" \
  "$out/stdout"
check empty-file-not-rewritten test "$(stat -c %i "$d/empty.py")" = "$inode"
check bytes-no-temp-files no_temp_files "$d"

# --- size and shape -----------------------------------------------------------------------------

d=$tmp/size
mkdir "$d"
printf "$finding" >"$d/other.py"

# 50 MB: a module whose docstring holds almost all of it, then the finding.
{
  printf 'import modal\n"""\n'
  yes 'A line of documentation that goes on and on, as generated files do, seventy-two.' |
    head -n 660000
  printf '"""\napp = modal.App()\n@app.function(keep_warm=1)\ndef f():\n    pass\n'
} >"$d/big.py"
size=$(stat -c %s "$d/big.py")
run "$d" --format concise big.py other.py
check big-50mb-is-50mb test "$size" -ge 52428800
check big-50mb-finding-at-end stdout_has "big.py:660005:15: MDL112"
check big-50mb-others-processed stdout_has "other.py:3:15: MDL112"
head -c 1048576 "$d/big.py" >"$out/big-head"
run "$d" --fix --quiet big.py
check big-50mb-fix-status status_is 0
check big-50mb-fix-size test "$(stat -c %s "$d/big.py")" -eq $((size + 5))
check big-50mb-fix-head-kept sh -c 'head -c 1048576 "$1" | cmp -s - "$2"' sh "$d/big.py" \
  "$out/big-head"
check big-50mb-fix-tail sh -c 'tail -n 3 "$1" | head -n 1 | grep -qxF "@app.function(min_containers=1)"' \
  sh "$d/big.py"
rm -f "$d/big.py" "$out/big-head"

# A million lines of code, the finding on the last ones.
{
  printf 'import modal\n'
  yes 'x = 1' | head -n 999995
  printf 'app = modal.App()\n@app.function(keep_warm=1)\ndef f():\n    pass\n'
} >"$d/million.py"
run "$d" --format concise million.py
check million-lines-line-number sh -c '[ "$1" -eq 1 ] && grep -qF "million.py:999998:15: MDL112" "$2"' \
  sh "$status" "$out/stdout"
rm -f "$d/million.py"

# 100,000 levels of nesting (CPython gives up after a few thousand): refused by name, no crash,
# nothing written, the other file processed.
for shape in brackets calls unary; do
  case $shape in
    brackets) open='[' close=']' ;;
    calls) open='f(' close=')' ;;
    unary) open='-' close='' ;;
  esac
  {
    printf 'import modal\nx = '
    yes "$open" | head -n 100000 | tr -d '\n'
    [ "$shape" = unary ] && printf '1'
    [ -n "$close" ] && yes "$close" | head -n 100000 | tr -d '\n'
    printf '\n@modal.App().function(keep_warm=1)\ndef f(): pass\n'
  } >"$d/deep.py"
  cp "$d/deep.py" "$d/deep.orig"
  run "$d" --fix --format concise deep.py other.py
  check "deep-$shape-exit-2" status_is 2
  check "deep-$shape-message-names-file" stderr_has "deep.py: code nested too deeply"
  check "deep-$shape-untouched" cmp -s "$d/deep.py" "$d/deep.orig"
  check "deep-$shape-others-processed" test "$(cat "$d/other.py")" = "$(printf "$fixed")"
  printf "$finding" >"$d/other.py"
done
rm -f "$d/deep.py" "$d/deep.orig"
check size-no-temp-files no_temp_files "$d"

# --- the file system ----------------------------------------------------------------------------

d=$tmp/fs
mkdir "$d"
printf "$finding" >"$d/other.py"

# A directory named x.py is a directory: walked, given or found, never read as a file.
mkdir -p "$d/x.py" "$d/tree/y.py"
printf "$finding" >"$d/x.py/inner.py"
printf "$finding" >"$d/tree/y.py/inner.py"
run "$d" --format concise x.py other.py
check dir-named-py-given-is-walked sh -c '[ "$1" -eq 1 ] && grep -qF "x.py/inner.py:3:15" "$2"' sh \
  "$status" "$out/stdout"
run "$d" --format concise tree
check dir-named-py-found-is-walked sh -c '[ "$1" -eq 1 ] && grep -qF "tree/y.py/inner.py:3:15" "$2"' \
  sh "$status" "$out/stdout"

# Symbolic link loops: a loop of .py links is an error naming it, a link to an ancestor directory
# is not followed; neither hangs, and the real file is still linted.
mkdir "$d/loops"
printf "$finding" >"$d/loops/real.py"
ln -s b.py "$d/loops/a.py"
ln -s a.py "$d/loops/b.py"
ln -s .. "$d/loops/up"
ln -s . "$d/loops/self"
run "$d" --format concise loops/a.py other.py
check symlink-loop-given-exit-2 status_is 2
check symlink-loop-given-message stderr_has "loops/a.py: Too many levels of symbolic links"
check symlink-loop-given-others-processed stdout_has "other.py:3:15: MDL112"
run "$d" --format concise loops
check symlink-loop-walk-exit-2 status_is 2
check symlink-loop-walk-message stderr_has "loops/b.py: Too many levels of symbolic links"
check symlink-loop-walk-real-file stdout_has "loops/real.py:3:15: MDL112"
check symlink-loop-walk-not-followed sh -c '! grep -q "loops/up/\|loops/self/" "$1"' sh "$out/stdout"

# Unreadable files. Root reads anything, so as root the case runs as "nobody" through setpriv.
as_user=""
if [ "$(id -u)" -ne 0 ]; then
  as_user=" "
elif command -v setpriv >/dev/null 2>&1 &&
  setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
  as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
  # The build may sit where "nobody" cannot reach it.
  $as_user "$bin" --version >/dev/null 2>&1 || as_user=""
fi
if [ -n "$as_user" ]; then
  mkdir "$d/perm"
  printf "$finding" >"$d/perm/secret.py"
  printf "$finding" >"$d/perm/open.py"
  chmod 000 "$d/perm/secret.py"
  chmod 777 "$d/perm"
  chmod 666 "$d/perm/open.py"
  chmod 755 "$d" "$tmp"
  (cd "$d/perm" && $as_user "$bin" --format concise secret.py open.py </dev/null \
    >"$out/stdout" 2>"$out/stderr")
  status=$?
  check unreadable-exit-2 status_is 2
  check unreadable-message-names-file stderr_has "secret.py: Permission denied"
  check unreadable-others-processed stdout_has "open.py:3:15: MDL112"
  # A directory the user cannot list, inside a walk.
  mkdir "$d/perm/locked"
  printf "$finding" >"$d/perm/locked/hidden.py"
  chmod 000 "$d/perm/locked"
  (cd "$d/perm" && $as_user "$bin" --format concise . </dev/null >"$out/stdout" 2>"$out/stderr")
  status=$?
  check unreadable-dir-exit-2 status_is 2
  check unreadable-dir-message stderr_has "locked: Permission denied"
  check unreadable-dir-others-processed stdout_has "open.py:3:15: MDL112"
  chmod 755 "$d/perm/locked"
else
  skip unreadable-file "running as root without setpriv to drop privileges"
fi

# A file deleted after the walk found it and before it was read. The first input is a FIFO: the
# run waits on it while the next input is deleted, so the order is certain (with --jobs 1: a
# second worker would read the next file meanwhile). Every step that could block has a timeout, so
# a regression fails the case instead of hanging the suite.
mkdir "$d/race"
printf "$finding" >"$d/race/victim.py"
printf "$finding" >"$d/race/survivor.py"
if mkfifo "$d/race/gate.py" 2>/dev/null; then
  (cd "$d/race" && timeout 120 "$bin" --jobs 1 --format concise gate.py victim.py survivor.py \
    </dev/null >"$out/stdout" 2>"$out/stderr") &
  pid=$!
  sleep 0.2
  rm -f "$d/race/victim.py"
  timeout 60 sh -c 'printf "x = 1\n" >"$1"' sh "$d/race/gate.py"
  wait $pid
  status=$?
  check deleted-during-run-exit-2 status_is 2
  check deleted-during-run-message stderr_has "victim.py: No such file or directory"
  check deleted-during-run-others-processed stdout_has "survivor.py:3:15: MDL112"
else
  skip deleted-during-run "mkfifo is not available"
fi

# A file changed while --fix works on it: the change must survive. Either the run saw the file
# change and refused to write (exit 2, a message), or the change landed before it read the file
# and was fixed with the rest; never is the change lost or a temporary file left.
{
  printf 'import modal\napp = modal.App()\n@app.function(keep_warm=1)\ndef f():\n    pass\n'
  yes 'y = [1, 2, 3]' | head -n 100000
} >"$d/race/changing.py"
rm -f "$d/race/gate.py"
if mkfifo "$d/race/gate.py" 2>/dev/null; then
  (cd "$d/race" && timeout 120 "$bin" --jobs 1 --fix --format concise gate.py changing.py \
    </dev/null >"$out/stdout" 2>"$out/stderr") &
  pid=$!
  sleep 0.2
  timeout 60 sh -c 'printf "x = 1\n" >"$1"' sh "$d/race/gate.py"
  sleep 0.3
  echo '# appended while modal-lint was working' >>"$d/race/changing.py"
  wait $pid
  status=$?
  check changed-during-fix-change-kept grep -qxF '# appended while modal-lint was working' \
    "$d/race/changing.py"
  if [ "$status" -eq 2 ]; then
    check changed-during-fix-refused stderr_has "changing.py: not fixed: the file changed on disk"
    check changed-during-fix-not-written grep -qF 'keep_warm=1' "$d/race/changing.py"
  else
    check "changed-during-fix-fixed-after-change (the change came first)" grep -qF \
      'min_containers=1' "$d/race/changing.py"
  fi
  check changed-during-fix-no-temp-files no_temp_files "$d/race"
else
  skip changed-during-fix "mkfifo is not available"
fi

# A read-only file under --fix is refused, even for root: it keeps its bytes and its mode.
printf "$finding" >"$d/readonly.py"
chmod 444 "$d/readonly.py"
printf "$finding" >"$d/writable.py"
run "$d" --fix --format concise readonly.py writable.py
check readonly-exit-2 status_is 2
check readonly-message-names-file stderr_has "readonly.py: cannot write the fixed file: Permission denied"
check readonly-untouched test "$(cat "$d/readonly.py")" = "$(printf "$finding")"
check readonly-mode-kept test "$(stat -c %a "$d/readonly.py")" = 444
check readonly-others-fixed test "$(cat "$d/writable.py")" = "$(printf "$fixed")"
check readonly-no-temp-files no_temp_files "$d"

# A full disk during --fix. As root, a 64 KiB tmpfs holding a 40 KB file leaves no room for the
# fixed copy; otherwise a file size limit (ulimit -f, SIGXFSZ ignored) makes the write fail alike.
mkdir "$d/disk"
full_file() {
  { printf 'import modal\n'; yes '# padding' | head -n 4000
    printf '@modal.App().function(keep_warm=1)\ndef f(): pass\n'; } >"$1"
}
how=""
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k modal-lint-full "$d/disk" 2>/dev/null; then
  mounted=$d/disk
  full_file "$d/disk/full.py"
  cp "$d/disk/full.py" "$out/full.orig"
  printf "$finding" >"$d/after.py"
  (cd "$d" && "$bin" --fix --format concise disk/full.py after.py </dev/null >"$out/stdout" \
    2>"$out/stderr")
  status=$?
  how=tmpfs
  expected_error="No space left on device"
else
  full_file "$d/disk/full.py"
  cp "$d/disk/full.py" "$out/full.orig"
  printf "$finding" >"$d/after.py"
  (cd "$d" && ulimit -f 20 && trap '' XFSZ && "$bin" --fix --format concise disk/full.py after.py \
    </dev/null >"$out/stdout" 2>"$out/stderr")
  status=$?
  how="ulimit -f"
  expected_error="File too large"
fi
check "full-disk-exit-2 ($how)" status_is 2
check full-disk-message-names-file stderr_has "disk/full.py: cannot write the fixed file: $expected_error"
check full-disk-original-intact cmp -s "$d/disk/full.py" "$out/full.orig"
check full-disk-no-temp-files no_temp_files "$d/disk"
check full-disk-others-fixed test "$(cat "$d/after.py")" = "$(printf "$fixed")"
if [ -n "$mounted" ]; then
  umount "$mounted" && mounted=""
fi

# Standard output that cannot be written: a failure, not a silent success.
(cd "$d" && "$bin" other.py </dev/null >/dev/full 2>"$out/stderr")
status=$?
check stdout-full-exit-2 status_is 2
check stdout-full-message grep -qF "cannot write" "$out/stderr"

# --- many files ---------------------------------------------------------------------------------

# 20,000 files in 200 directories, half with a finding, with few file descriptors to spare: any
# descriptor kept open per file or directory would run out long before the end. (ulimit -n is not
# POSIX, but dash and bash, the shells that run this, both have it.)
d=$tmp/many
mkdir "$d"
i=0
while [ $i -lt 200 ]; do
  mkdir "$d/pkg$i"
  i=$((i + 1))
done
(cd "$d" && awk -v finding="$finding" -v plain='print("hello")\n' 'BEGIN {
  gsub(/\\n/, "\n", finding); gsub(/\\n/, "\n", plain)
  for (i = 0; i < 20000; i++) {
    f = sprintf("pkg%d/m%d.py", i % 200, i)
    printf "%s", (i % 2 ? plain : finding) > f
    close(f)
  }
}')
# shellcheck disable=SC3045
(cd "$d" && ulimit -n 24 && "$bin" --format concise . </dev/null >"$out/stdout" 2>"$out/stderr")
status=$?
check many-files-exit-1 status_is 1
check many-files-all-found sh -c '[ "$(grep -c ": MDL112 " "$1")" -eq 10000 ]' sh "$out/stdout"
check many-files-no-errors test ! -s "$out/stderr"
touch "$out/marker"
sleep 0.01
# shellcheck disable=SC3045
(cd "$d" && ulimit -n 24 && "$bin" --fix --quiet . </dev/null >"$out/stdout" 2>"$out/stderr")
status=$?
check many-files-fix-status status_is 0
check many-files-fix-changed-only-findings sh -c '[ "$(find "$1" -type f -newer "$2" | wc -l)" -eq 10000 ]' \
  sh "$d" "$out/marker"
check many-files-no-temp-files no_temp_files "$d"

# --- only the files asked for are written -------------------------------------------------------

d=$tmp/scope
mkdir "$d"
printf "$finding" >"$d/target.py"
printf "$finding" >"$d/bystander.py"
printf "$finding" >"$d/notes.txt"
touch "$out/marker"
sleep 0.01
run "$d" --fix --quiet target.py
check fix-writes-only-target sh -c '[ "$(find "$1" -newer "$2" | sort | tr "\n" " ")" = "$1 $1/target.py " ]' \
  sh "$d" "$out/marker"
check fix-leaves-bystander test "$(cat "$d/bystander.py")" = "$(printf "$finding")"
touch "$out/marker"
sleep 0.01
run "$d" .
run "$d" --format json .
run "$d" --diff .
check check-and-diff-write-nothing test -z "$(find "$d" -newer "$out/marker")"

# Nothing is executed, nothing goes to the network, and the only file opened for writing is the
# temporary copy of the file being fixed, renamed over it (strace sees every such system call).
if command -v strace >/dev/null 2>&1 && strace -qq -o /dev/null true 2>/dev/null; then
  printf "$finding" >"$d/traced.py"
  # LeakSanitizer (in the sanitized pass) needs ptrace at exit, which a traced process cannot use.
  (cd "$d" && ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o "$out/trace" \
    -e trace=execve,socket,connect,open,openat,creat,rename,renameat,renameat2,unlink,unlinkat,truncate,mkdir \
    "$bin" --fix --quiet traced.py </dev/null >"$out/stdout" 2>"$out/stderr")
  status=$?
  check traced-fix-ran sh -c '[ "$1" -eq 0 ] && [ "$(cat "$2")" = "$(printf "$3")" ]' sh "$status" \
    "$d/traced.py" "$fixed"
  check executes-nothing test "$(grep -c 'execve(' "$out/trace")" -eq 1
  check no-network sh -c '! grep -qE "(socket|connect)\(" "$1"' sh "$out/trace"
  grep -v 'O_RDONLY\|execve(' "$out/trace" | grep -v '\.traced\.py\.modal-lint-' \
    | grep -E 'open|creat|rename|unlink|truncate|mkdir' >"$out/writes"
  check writes-only-the-fixed-file test ! -s "$out/writes"
else
  skip no-exec-no-network-no-stray-writes "strace is not installed"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
