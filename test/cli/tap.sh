# Shared by the CLI's shell tests (sourced, not run): TAP-like "ok - NAME" / "not ok - NAME"
# lines, counted in $passed and $failed, and a runner for modal-lint. The sourcing script sets
# $bin (the modal-lint to run) and $out (a folder for the last run's stdout and stderr).

passed=0
failed=0

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
