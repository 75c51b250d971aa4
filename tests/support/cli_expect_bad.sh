# Sourced by the CLI tests: `expect_bad WHAT ARGS…` runs "$nnft" ARGS… --out "$tmp/out.json" and requires
# exit code 2, a message on stderr containing WHAT, and "$tmp/out.json" unchanged (it must hold "keep").
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_bad() {
  local what=$1; shift
  set +e
  "$nnft" "$@" --out "$tmp/out.json" 2> "$tmp/err.txt" >/dev/null
  local rc=$?
  set -e
  [ $rc -eq 2 ] || fail "$what: exit code $rc, expected 2"
  grep -qiF -- "$what" "$tmp/err.txt" || { cat "$tmp/err.txt" >&2; fail "message does not mention '$what'"; }
  [ "$(cat "$tmp/out.json")" = keep ] || fail "$what: output file was modified"
}
