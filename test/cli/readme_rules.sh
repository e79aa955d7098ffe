#!/bin/sh
# Fails when the rules table in README.md (between <!-- rules:begin --> and <!-- rules:end -->)
# differs from `modal-lint rules --format markdown`. To refresh it, paste that command's output
# between the markers.
#
#   sh test/cli/readme_rules.sh PATH/TO/modal-lint SOURCE_ROOT
set -u
if [ $# -ne 2 ]; then
  echo "usage: sh $0 MODAL_LINT SOURCE_ROOT" >&2
  exit 2
fi
bin=$1
readme=$2/README.md
tmp=$(mktemp -d "${TMPDIR:-/tmp}/modal-lint-readme.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

if [ ! -f "$readme" ]; then
  echo "not ok - readme-rules: $readme does not exist"
  exit 1
fi
begins=$(grep -c '^<!-- rules:begin -->$' "$readme")
ends=$(grep -c '^<!-- rules:end -->$' "$readme")
if [ "$begins" -ne 1 ] || [ "$ends" -ne 1 ]; then
  echo "not ok - readme-rules: README.md needs exactly one '<!-- rules:begin -->' and one" \
    "'<!-- rules:end -->' line (found $begins and $ends)"
  exit 1
fi
# The lines strictly between the markers; blank lines next to the markers are allowed.
sed -n '/^<!-- rules:begin -->$/,/^<!-- rules:end -->$/p' "$readme" | sed '1d;$d' |
  sed '/./,$!d' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$tmp/readme"
if ! "$bin" rules --format markdown >"$tmp/actual"; then
  echo "not ok - readme-rules: '$bin rules --format markdown' failed"
  exit 1
fi
if cmp -s "$tmp/readme" "$tmp/actual"; then
  echo "ok - readme-rules"
  exit 0
fi
echo "not ok - readme-rules: README.md's rules table is out of date; replace it with the output of"
echo "#   modal-lint rules --format markdown"
diff -u "$tmp/readme" "$tmp/actual" | sed 's/^/#   /'
exit 1
