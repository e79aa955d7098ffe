#!/bin/sh
# Installs the build into a temporary root and builds embed.c against it with pkg-config, as a
# third-party tool would. Usage: sh embed.sh BUILD_DIR SOURCE_DIR SANITIZERS
set -u
build=$1
src=$2
# A sanitized library needs a sanitized program to load it.
sanitize=""
[ "${3:-none}" = none ] || sanitize="-fsanitize=$3"
root=$(mktemp -d "${TMPDIR:-/tmp}/modal-lint-embed.XXXXXX") || exit 1
trap 'rm -rf "$root"' EXIT
if ! meson install -C "$build" --destdir "$root" --no-rebuild --quiet >"$root/install.log" 2>&1; then
  cat "$root/install.log"
  echo "not ok - install"
  echo "0 passed, 1 failed"
  exit 1
fi
pc=$(find "$root" -name modallint.pc | head -n 1)
prefix=$(sed -n 's/^prefix=//p' "$pc")
flags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --define-variable=prefix="$root$prefix" \
  --cflags --libs modallint)
passed=0
failed=0
check() {
  if [ "$1" = 0 ]; then echo "ok - $2"; passed=$((passed + 1)); else echo "not ok - $2"; failed=$((failed + 1)); fi
}
ls "$root$prefix"/include/modallint/lint.h >/dev/null 2>&1
check $? "headers installed"
# shellcheck disable=SC2086
cc -std=c11 -Wall -Werror $sanitize -o "$root/embed" "$src/test/embed/embed.c" $flags 2>"$root/cc.log"
status=$?
[ $status = 0 ] || cat "$root/cc.log"
check $status "compiles and links with pkg-config --cflags --libs modallint"
libdir=$(dirname "$(find "$root" -name 'libmodallint.so' | head -n 1)")
# MODAL_LINT_WRAPPER runs the program under a checker (test/run-all.sh's valgrind pass).
# shellcheck disable=SC2086
out=$(LD_LIBRARY_PATH="$libdir" ${MODAL_LINT_WRAPPER:-} "$root/embed" 2>&1)
[ "$out" = "MDL112" ]
check $? "the embedded linter reports MDL112 (got: $out)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
