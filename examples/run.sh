#!/bin/sh
# Sets up, builds modal-lint, and lints the bundled legacy Modal project (examples/legacy-app/, on
# which every rule fires at least once). Extra arguments go to modal-lint (try --diff, or --fix on a
# copy). Exits as modal-lint does: 1 means findings.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sh subprojects/setup.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
meson compile -C build >/dev/null
exec build/lint/modal-lint "$@" examples/
