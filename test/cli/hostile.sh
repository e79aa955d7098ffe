#!/bin/sh
# Hostile-input tests for modal-lint: what a CI job or an editor save can throw at it.
#
#   sh test/cli/hostile.sh PATH/TO/modal-lint PATH/TO/fs-shim.so
#
# Every case asserts what a user sees: the exit status, a message naming the file, the other files
# still processed, and after --fix the exact bytes, the mode and no temporary file left behind.
# Big inputs are generated here, never committed. A case that cannot be set up on this machine is
# reported as "ok - NAME # SKIP why", never dropped silently. Prints "ok - NAME" / "not ok - NAME"
# per check and "N passed, N failed" at the end; exits non-zero on any failure.
set -u

if [ $# -ne 2 ]; then
  echo "usage: sh $0 MODAL_LINT FS_SHIM" >&2
  exit 2
fi
case $1 in /*) bin=$1 ;; *) bin=$(pwd)/$1 ;; esac
case $2 in /*) shim=$2 ;; *) shim=$(pwd)/$2 ;; esac

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

. "$(dirname "$0")/tap.sh"
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

# 50 MB: a module whose docstring holds almost all of it, then the finding. Such a file is cheap
# to parse (one token), so raising --max-file-size for it is safe.
{
  printf 'import modal\n"""\n'
  yes 'A line of documentation that goes on and on, as generated files do, seventy-two.' |
    head -n 660000
  printf '"""\napp = modal.App()\n@app.function(keep_warm=1)\ndef f():\n    pass\n'
} >"$d/big.py"
size=$(stat -c %s "$d/big.py")
run "$d" --max-file-size 64MiB --format concise big.py other.py
check big-50mb-is-50mb test "$size" -ge 52428800
check big-50mb-finding-at-end stdout_has "big.py:660005:15: MDL112"
check big-50mb-others-processed stdout_has "other.py:3:15: MDL112"
head -c 1048576 "$d/big.py" >"$out/big-head"
run "$d" --max-file-size 64MiB --fix --quiet big.py
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

# Invalid code that makes the parser's error recovery quadratic: 20,000 lines of `c c` inside an
# open parenthesis took 18 s to parse, 65,000 lines over three minutes. The parse's recovery work
# is bounded (a count, not a time: checks/parse.h), so the file is refused by name, at once.
{
  printf 'import modal\nx = (\n'
  yes 'c c' | head -n 20000
  printf '1)\n'
} >"$d/recovery.py"
run "$d" --format concise recovery.py other.py
check slow-recovery-exit-2 status_is 2
check slow-recovery-message stderr_has "recovery.py: too costly to parse"
check slow-recovery-others-processed stdout_has "other.py:3:15: MDL112"
rm -f "$d/recovery.py"

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

# Races, on cue: test/cli/fs_shim.c (LD_PRELOAD) makes the other program's move at the exact
# moment it hurts most, so no case depends on timing. Under AddressSanitizer the shim comes before
# the sanitizer's runtime in the library list, which the sanitizer must be told to accept.
shimmed() {
  ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0" LD_PRELOAD=$shim "$@"
}

# A file deleted after the walk found it and before it was read: opening the first input deletes
# the second (--jobs 1 reads them in order).
mkdir "$d/race"
printf 'x = 1\n' >"$d/race/gate.py"
printf "$finding" >"$d/race/victim.py"
printf "$finding" >"$d/race/survivor.py"
(cd "$d/race" && SHIM_UNLINK_ON_OPEN="gate.py:$d/race/victim.py" shimmed "$bin" --jobs 1 \
  --format concise gate.py victim.py survivor.py </dev/null >"$out/stdout" 2>"$out/stderr")
status=$?
check deleted-during-run-exit-2 status_is 2
check deleted-during-run-message stderr_has "victim.py: No such file or directory"
check deleted-during-run-others-processed stdout_has "survivor.py:3:15: MDL112"

# A file that another program appends to in the instant between --fix's last check and its
# rename: the appended line lands in the old file, which the rename then unlinks. The change must
# survive all the same: the run sees the old file changed and puts its bytes back, refusing the
# fix (exit 2, a message), with no temporary file left.
printf "$finding" >"$d/race/changing.py"
(cd "$d/race" && SHIM_APPEND_BEFORE_RENAME='# appended while modal-lint was working' shimmed \
  "$bin" --fix --format concise changing.py </dev/null >"$out/stdout" 2>"$out/stderr")
status=$?
check changed-during-fix-exit-2 status_is 2
check changed-during-fix-refused stderr_has "changing.py: not fixed: the file changed on disk"
check changed-during-fix-change-kept test "$(cat "$d/race/changing.py")" = \
  "$(printf "$finding"; echo '# appended while modal-lint was working')"
check changed-during-fix-no-temp-files no_temp_files "$d/race"

# A termination signal in the middle of a parallel --fix, sent the moment a temporary file
# exists (to the process, so any thread may be the one to take it): the run ends by that signal,
# every file is either as it was or wholly fixed, and no temporary file survives.
for sig in 2 15; do
  rm -rf "$d/signal"
  mkdir "$d/signal"
  i=0
  while [ $i -lt 24 ]; do
    printf "$finding" >"$d/signal/f$i.py"
    i=$((i + 1))
  done
  (cd "$d/signal" && SHIM_SIGNAL_ON_MKSTEMP=$sig shimmed "$bin" --jobs 2 --fix --quiet . \
    </dev/null >"$out/stdout" 2>"$out/stderr")
  status=$?
  check "signal-$sig-ends-the-run" status_is $((128 + sig))
  check "signal-$sig-no-temp-files" no_temp_files "$d/signal"
  check "signal-$sig-files-whole" sh -c 'for f in "$1"/*.py; do
      [ "$(cat "$f")" = "$(printf "$2")" ] || [ "$(cat "$f")" = "$(printf "$3")" ] || exit 1
    done' sh "$d/signal" "$finding" "$fixed"
done

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

# --fix keeps who owns the file: root fixing a nobody:nogroup 640 file leaves it nobody's.
if [ "$(id -u)" -eq 0 ]; then
  printf "$finding" >"$d/owned.py"
  chown 65534:65534 "$d/owned.py"
  chmod 640 "$d/owned.py"
  run "$d" --fix --format concise owned.py
  check owner-fix-exit-0 status_is 0
  check owner-fixed test "$(cat "$d/owned.py")" = "$(printf "$fixed")"
  check owner-kept test "$(stat -c %u:%g:%a "$d/owned.py")" = 65534:65534:640
else
  skip owner-kept "not root: only root can give a file to another user"
fi

# A user who may write another user's file through its group cannot make the fixed copy theirs:
# the fix is refused, with the reason, rather than the file changing hands.
if [ -n "$as_user" ] && [ "$as_user" != " " ]; then
  mkdir "$d/shared"
  chmod 777 "$d/shared"
  printf "$finding" >"$d/shared/team.py"
  chown 0:65534 "$d/shared/team.py"
  chmod 664 "$d/shared/team.py"
  (cd "$d/shared" && $as_user "$bin" --fix --format concise team.py </dev/null >"$out/stdout" \
    2>"$out/stderr")
  status=$?
  check other-owner-refused-exit-2 status_is 2
  check other-owner-refused-message stderr_has \
    "team.py: cannot write the fixed file: cannot keep its owner and group (0:65534): Operation not permitted"
  check other-owner-untouched test "$(cat "$d/shared/team.py")" = "$(printf "$finding")"
  check other-owner-kept test "$(stat -c %u:%g:%a "$d/shared/team.py")" = 0:65534:664
  check other-owner-no-temp-files no_temp_files "$d/shared"
else
  skip other-owner-refused "needs root and setpriv to run as nobody"
fi

# --fix keeps extended attributes and the POSIX ACL with its mask, in a folder whose default ACL
# would give new files other entries and a wider mask; a file without an ACL gets none.
mkdir "$d/acl"
printf "$finding" >"$d/acl/tagged.py"
printf "$finding" >"$d/acl/plain.py"
chmod 640 "$d/acl/plain.py"
if command -v setfacl >/dev/null 2>&1 && command -v setfattr >/dev/null 2>&1 &&
  setfattr -n user.origin -v kept "$d/acl/tagged.py" 2>/dev/null &&
  setfacl -m u:65534:r,m::r "$d/acl/tagged.py" 2>/dev/null &&
  setfacl -d -m u:65534:rwx,m::rwx "$d/acl" 2>/dev/null; then
  getfacl -c "$d/acl/tagged.py" >"$out/acl.before" 2>/dev/null
  stat -c %a "$d/acl/tagged.py" >"$out/mode.before"
  run "$d/acl" --fix --format concise tagged.py plain.py
  check acl-fix-exit-0 status_is 0
  check acl-fixed test "$(cat "$d/acl/tagged.py")" = "$(printf "$fixed")"
  check xattr-kept test "$(getfattr --only-values -n user.origin "$d/acl/tagged.py" 2>/dev/null)" = kept
  check acl-kept sh -c 'getfacl -c "$1" 2>/dev/null | cmp -s - "$2"' sh "$d/acl/tagged.py" \
    "$out/acl.before"
  check acl-mode-kept test "$(stat -c %a "$d/acl/tagged.py")" = "$(cat "$out/mode.before")"
  check no-acl-stays-none sh -c '[ "$(getfacl -c "$1" 2>/dev/null | grep -c .)" -eq 3 ]' sh \
    "$d/acl/plain.py"
  check no-acl-mode-kept test "$(stat -c %a "$d/acl/plain.py")" = 640
else
  skip xattr-acl-kept "setfacl/setfattr missing or the file system has no ACLs"
fi

# Only regular files are linted. A named pipe given on the command line is opened without waiting
# for a writer and never read, and --fix never renames a file over it; a device is not read
# (/dev/zero would fill memory).
mkdir "$d/special"
printf "$finding" >"$d/special/app.py"
if mkfifo "$d/special/pipe.py" 2>/dev/null; then
  (cd "$d/special" && timeout 60 "$bin" --format concise pipe.py app.py </dev/null \
    >"$out/stdout" 2>"$out/stderr")
  status=$?
  check fifo-input-exit-2 status_is 2
  check fifo-input-message stderr_has "pipe.py: not checked: a named pipe, not a regular file"
  check fifo-input-others-processed stdout_has "app.py:3:15: MDL112"
  (cd "$d/special" && timeout 60 "$bin" --fix --quiet pipe.py </dev/null >"$out/stdout" \
    2>"$out/stderr")
  status=$?
  check fifo-fix-exit-2 status_is 2
  check fifo-fix-still-a-pipe test -p "$d/special/pipe.py"
else
  skip fifo-input "mkfifo is not available"
fi
run "$d/special" --format concise /dev/zero app.py
check device-input-exit-2 status_is 2
check device-input-message stderr_has "/dev/zero: not checked: a character device, not a regular file"
check device-input-others-processed stdout_has "app.py:3:15: MDL112"
(cd "$d/special" && timeout 60 "$bin" --format concise - </dev/zero >"$out/stdout" 2>"$out/stderr")
status=$?
check endless-stdin-exit-2 status_is 2
check endless-stdin-message stderr_has \
  "-: not checked: standard input holds more than 8 MiB (--max-file-size)"

# The report of -o goes to what is there when that is not a regular file: a device (or a link to
# one) stays a device, a pipe (/dev/stdout into `cat`, a named pipe) carries the report.
if [ "$(id -u)" -eq 0 ] && mknod "$d/special/null" c 1 3 2>/dev/null; then
  ln -s null "$d/special/null-link"
  run "$d/special" -o null --format concise app.py
  check output-device-exit-1 status_is 1
  check output-device-still-a-device test -c "$d/special/null"
  run "$d/special" -o null-link --format concise app.py
  check output-device-link-still-a-device sh -c 'test -c "$1" && test -L "$2"' sh \
    "$d/special/null" "$d/special/null-link"
else
  skip output-device "not root: mknod needs it"
fi
(cd "$d/special" && "$bin" -o /dev/stdout --format concise app.py </dev/null 2>"$out/stderr" \
  | cat >"$out/stdout")
check output-dev-stdout-pipe stdout_has "app.py:3:15: MDL112"
check output-dev-stdout-no-error test ! -s "$out/stderr"
if mkfifo "$d/special/report.fifo" 2>/dev/null; then
  (timeout 60 cat "$d/special/report.fifo" >"$out/fifo-report") &
  reader=$!
  run "$d/special" -o report.fifo --format concise app.py
  wait $reader
  check output-fifo-exit-1 status_is 1
  check output-fifo-carries-report grep -qF "app.py:3:15: MDL112" "$out/fifo-report"
  check output-fifo-still-a-pipe test -p "$d/special/report.fifo"
else
  skip output-fifo "mkfifo is not available"
fi

# Files over --max-file-size (8 MiB by default) are refused from their size alone: a sparse 5 GB
# file is not read.
if truncate -s 5G "$d/special/huge.py" 2>/dev/null; then
  run "$d/special" --format concise huge.py app.py
  check huge-file-exit-2 status_is 2
  check huge-file-message stderr_has \
    "huge.py: not checked: 5368709120 bytes, more than 8 MiB (raise --max-file-size to check it)"
  check huge-file-others-processed stdout_has "app.py:3:15: MDL112"
  rm -f "$d/special/huge.py"
else
  skip huge-file "truncate cannot make a sparse 5 GB file here"
fi

# A notebook whose JSON repeats a key: Jupyter (like Python's json) keeps the last copy, so it is
# linted that way; rewriting it could lose the other copy, so --fix refuses and keeps every byte.
printf '%s' '{"cells": [{"cell_type": "code", "source": "import modal\nkeep = 1\n", "source": "import modal\napp = modal.App()\n@app.function(keep_warm=1)\ndef f():\n    pass\n", "metadata": {}, "outputs": [], "execution_count": null}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}' >"$d/special/twice.ipynb"
cp "$d/special/twice.ipynb" "$out/twice.orig"
run "$d/special" --format concise twice.ipynb
check duplicate-keys-linted stdout_has "twice.ipynb:cell 1:3:15: MDL112"
run "$d/special" --fix --format concise twice.ipynb
check duplicate-keys-fix-exit-2 status_is 2
check duplicate-keys-fix-message stderr_has \
  "twice.ipynb: not fixed: the notebook's JSON repeats a key at line 1"
check duplicate-keys-bytes-kept cmp -s "$d/special/twice.ipynb" "$out/twice.orig"

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
