# Shared helper of the CLI test scripts (sourced, not run): sets up a temporary folder and `expect`.
# The sourcing script must define `nnft` (the binary) first; it reads `fail` at the end.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
expect() {  # expect <exit code> <text in output> <args...>
  local code=$1 text=$2
  shift 2
  "$nnft" "$@" >"$tmp/out" 2>&1
  local rc=$?
  if [ "$rc" != "$code" ] || ! grep -qF -- "$text" "$tmp/out"; then
    echo "FAIL: nnft $* -> exit $rc (want $code), output:"; head -c 2000 "$tmp/out"; echo "(wanted text: $text)"
    fail=1
  fi
}
