#!/bin/sh
# Installs what modal-lint needs to build and test, fetches the tree-sitter grammars it parses
# with (Python, the code it lints, and TOML, its configuration files), and Debian's source of the
# tree-sitter runtime, which the modal-lint and modal-lsp executables link statically (see
# packagefiles/tree-sitter-runtime/meson.build for why).
# Idempotent: packages already installed and sources already verified are left alone.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

# Each grammar is an npm tarball pinned by version and sha256; the build refuses any other bytes.
PYTHON_VERSION=0.23.6
PYTHON_SHA256=aab5b860d93dbf84b37fed532f7dacc0468ede5387d0c74911d68f964287662a
# tree-sitter-toml 0.7.0 is generated for language ABI 14, which the system tree-sitter loads.
TOML_VERSION=0.7.0
TOML_SHA256=b3a7834caf2e5266d09fc5df0b166a665412b9688b86ac02ab172c48bdab7e13

# The runtime's source is Debian's own (the library libtree-sitter-dev installs is built from these
# bytes), pinned by the sha256 its signed .dsc lists.
RUNTIME_VERSION=0.20.7
RUNTIME_DEBIAN_REVISION=0.20.7-1
RUNTIME_SHA256=e8c0573be475dce5b024d83628a3eb47376923da701376e55a11804cc5d25487

PACKAGES="gcc pkg-config meson ninja-build libtree-sitter-dev libjansson-dev libuv1-dev check neovim
  clang-14 libclang-rt-14-dev valgrind unzip xz-utils patch acl attr"

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

# verify_sha256 FILE SHA256: deletes FILE and stops the setup unless its sha256 is SHA256.
verify_sha256() {
  actual=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$actual" != "$2" ]; then
    echo "setup: $1 has sha256 $actual, expected $2; refusing to use it" >&2
    rm -f "$1"
    exit 1
  fi
}

# Our patches to a third-party source, packagefiles/DIR/*.patch, are applied in name order after
# it is unpacked into subprojects/DIR; each patch says why it exists.

# patches_of DIR: the patch files for subprojects/DIR, one per line.
patches_of() {
  find "$here/packagefiles/$1" -name '*.patch' | LC_ALL=C sort
}

# stamp_of DIR VERSION: the file that marks subprojects/DIR as VERSION, verified and patched. It
# names the patches' checksum, so a changed patch set unpacks the source again.
stamp_of() {
  sum=$(patches_of "$1" | while IFS= read -r patch_file; do cat "$patch_file"; done |
    sha256sum | cut -c1-16)
  echo "$here/$1/.verified-$2-$sum"
}

# apply_patches DIR: applies DIR's patches; removes subprojects/DIR and stops the setup if one
# does not apply.
apply_patches() {
  patches_of "$1" | while IFS= read -r patch_file; do
    if ! patch -d "$here/$1" -p1 --quiet --forward <"$patch_file"; then
      echo "setup: $(basename "$patch_file") does not apply to subprojects/$1" >&2
      exit 1
    fi
  done || {
    rm -rf "${here:?}/$1"
    exit 1
  }
}

# fetch_grammar DIR NPM_NAME VERSION SHA256: unpacks the grammar's src/ and LICENSE into
# subprojects/DIR (beside its packagefiles meson.build) once the tarball's sha256 matches, and
# applies our patches.
fetch_grammar() {
  dir=$1 npm_name=$2 version=$3 sha256=$4
  dest="$here/$dir"
  stamp=$(stamp_of "$dir" "$version")
  if [ ! -f "$stamp" ]; then
    cache="$here/packagecache"
    # npm names a scoped package's tarball "scope-name-version.tgz", without the "@".
    tarball="$cache/$(echo "$npm_name" | sed 's,^@,,; s,/,-,')-$version.tgz"
    mkdir -p "$cache"
    if [ ! -f "$tarball" ]; then
      echo "setup: fetching $npm_name@$version with npm pack"
      (cd "$cache" && npm pack --silent "$npm_name@$version" >/dev/null)
    fi
    verify_sha256 "$tarball" "$sha256"
    rm -rf "$dest"
    mkdir -p "$dest"
    tar -xzf "$tarball" -C "$dest" --strip-components=1 package/src package/LICENSE
    apply_patches "$dir"
    touch "$stamp"
  fi
  cp "$here/packagefiles/$dir/meson.build" "$dest/meson.build"
}

fetch_grammar tree-sitter-python tree-sitter-python "$PYTHON_VERSION" "$PYTHON_SHA256"
fetch_grammar tree-sitter-toml @tree-sitter-grammars/tree-sitter-toml "$TOML_VERSION" "$TOML_SHA256"

# fetch_runtime: unpacks lib/ and LICENSE of Debian's tree-sitter source into
# subprojects/tree-sitter-runtime once the original tarball's sha256 matches, and applies our
# patches. apt fetches the source (with the machine's own apt settings, proxies included) through
# a deb-src list of its own, so the system's apt configuration is left as it was.
fetch_runtime() {
  dest="$here/tree-sitter-runtime"
  stamp=$(stamp_of tree-sitter-runtime "$RUNTIME_VERSION")
  if [ ! -f "$stamp" ]; then
    cache="$here/packagecache"
    tarball="$cache/tree-sitter_$RUNTIME_VERSION.orig.tar.xz"
    mkdir -p "$cache"
    if [ ! -f "$tarball" ]; then
      echo "setup: fetching Debian's tree-sitter $RUNTIME_DEBIAN_REVISION source with apt-get source"
      apt_dir=$(mktemp -d "${TMPDIR:-/tmp}/modal-lint-apt.XXXXXX")
      mkdir -p "$apt_dir/lists/partial"
      echo "deb-src http://deb.debian.org/debian bookworm main" >"$apt_dir/sources.list"
      apt_options="-o Dir::Etc::SourceList=$apt_dir/sources.list -o Dir::Etc::SourceParts=/dev/null
        -o Dir::State::Lists=$apt_dir/lists -o APT::Sandbox::User=$(id -un)"
      # shellcheck disable=SC2086
      if ! apt-get $apt_options update -qq >"$apt_dir/log" 2>&1 ||
        ! (cd "$apt_dir" && apt-get $apt_options source -qq --download-only \
          "tree-sitter=$RUNTIME_DEBIAN_REVISION" >>"$apt_dir/log" 2>&1); then
        cat "$apt_dir/log" >&2
        rm -rf "$apt_dir"
        echo "setup: could not fetch Debian's tree-sitter source" >&2
        exit 1
      fi
      mv "$apt_dir/tree-sitter_$RUNTIME_VERSION.orig.tar.xz" "$tarball"
      rm -rf "$apt_dir"
    fi
    verify_sha256 "$tarball" "$RUNTIME_SHA256"
    rm -rf "$dest"
    mkdir -p "$dest"
    tar -xJf "$tarball" -C "$dest" --strip-components=1 "tree-sitter-$RUNTIME_VERSION/lib/src" \
      "tree-sitter-$RUNTIME_VERSION/lib/include" "tree-sitter-$RUNTIME_VERSION/LICENSE"
    apply_patches tree-sitter-runtime
    touch "$stamp"
  fi
  cp "$here/packagefiles/tree-sitter-runtime/meson.build" "$dest/meson.build"
}

fetch_runtime
