#!/bin/sh
# Installs what modal-lint needs to build and test, and fetches the tree-sitter grammars it parses
# with: Python (the code it lints) and TOML (its configuration files).
# Idempotent: packages already installed and a grammar already verified are left alone.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

# Each grammar is an npm tarball pinned by version and sha256; the build refuses any other bytes.
PYTHON_VERSION=0.23.6
PYTHON_SHA256=aab5b860d93dbf84b37fed532f7dacc0468ede5387d0c74911d68f964287662a
# tree-sitter-toml 0.7.0 is generated for language ABI 14, which the system tree-sitter loads.
TOML_VERSION=0.7.0
TOML_SHA256=b3a7834caf2e5266d09fc5df0b166a665412b9688b86ac02ab172c48bdab7e13

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

# fetch_grammar DIR NPM_NAME VERSION SHA256 TARBALL: unpacks the grammar's src/ and LICENSE into
# subprojects/DIR (beside its packagefiles meson.build) once the tarball's sha256 matches.
fetch_grammar() {
  dir=$1 npm_name=$2 version=$3 sha256=$4
  dest="$here/$dir"
  stamp="$dest/.verified-$version"
  if [ ! -f "$stamp" ]; then
    cache="$here/packagecache"
    # npm names a scoped package's tarball "scope-name-version.tgz", without the "@".
    tarball="$cache/$(echo "$npm_name" | sed 's,^@,,; s,/,-,')-$version.tgz"
    mkdir -p "$cache"
    if [ ! -f "$tarball" ]; then
      echo "setup: fetching $npm_name@$version with npm pack"
      (cd "$cache" && npm pack --silent "$npm_name@$version" >/dev/null)
    fi
    actual=$(sha256sum "$tarball" | cut -d' ' -f1)
    if [ "$actual" != "$sha256" ]; then
      echo "setup: $tarball has sha256 $actual, expected $sha256; refusing to use it" >&2
      rm -f "$tarball"
      exit 1
    fi
    rm -rf "$dest"
    mkdir -p "$dest"
    tar -xzf "$tarball" -C "$dest" --strip-components=1 package/src package/LICENSE
    touch "$stamp"
  fi
  cp "$here/packagefiles/$dir/meson.build" "$dest/meson.build"
}

fetch_grammar tree-sitter-python tree-sitter-python "$PYTHON_VERSION" "$PYTHON_SHA256"
fetch_grammar tree-sitter-toml @tree-sitter-grammars/tree-sitter-toml "$TOML_VERSION" "$TOML_SHA256"
