#!/bin/sh
# Installs what modal-lint needs to build and test, and fetches the tree-sitter-python grammar.
# Idempotent: packages already installed and a grammar already verified are left alone.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

GRAMMAR=tree-sitter-python
GRAMMAR_VERSION=0.23.6
# sha256 of the npm tarball tree-sitter-python-0.23.6.tgz; the build refuses any other bytes.
GRAMMAR_SHA256=aab5b860d93dbf84b37fed532f7dacc0468ede5387d0c74911d68f964287662a

PACKAGES="gcc pkg-config meson ninja-build libtree-sitter-dev libjansson-dev libuv1-dev check neovim
  clang-14 libclang-rt-14-dev valgrind unzip"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# npm may come from Node.js's own packages rather than Debian's; only ask Debian when it is absent.
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  echo "setup: installing Debian packages:$missing"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

dest="$here/$GRAMMAR"
stamp="$dest/.verified-$GRAMMAR_VERSION"
if [ ! -f "$stamp" ]; then
  cache="$here/packagecache"
  tarball="$cache/$GRAMMAR-$GRAMMAR_VERSION.tgz"
  mkdir -p "$cache"
  if [ ! -f "$tarball" ]; then
    echo "setup: fetching $GRAMMAR@$GRAMMAR_VERSION with npm pack"
    (cd "$cache" && npm pack --silent "$GRAMMAR@$GRAMMAR_VERSION" >/dev/null)
  fi
  actual=$(sha256sum "$tarball" | cut -d' ' -f1)
  if [ "$actual" != "$GRAMMAR_SHA256" ]; then
    echo "setup: $tarball has sha256 $actual, expected $GRAMMAR_SHA256; refusing to use it" >&2
    rm -f "$tarball"
    exit 1
  fi
  rm -rf "$dest"
  mkdir -p "$dest"
  tar -xzf "$tarball" -C "$dest" --strip-components=1 package/src package/LICENSE
  touch "$stamp"
fi
cp "$here/packagefiles/$GRAMMAR/meson.build" "$dest/meson.build"
