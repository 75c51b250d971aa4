#!/usr/bin/env bash
# Every printed expression is the same bytes in every run (issue 15, item 6): GiNaC orders the factors of a
# product by address-dependent hashes, so without canonical printing a mixed-coupling theory prints
# `kappa*lambda` in one process and `lambda*kappa` (and its K factors in another order) in the next.
# Each command runs in three processes with different environments (so different stack and heap layouts on
# top of ASLR) and the outputs are compared byte for byte.
# Usage: deterministic_text_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"
theory='lambda*f^4 + kappa*f^6'
# The bare environment keeps the sanitizers' options (ASAN_OPTIONS, LSAN_OPTIONS' suppressions, …) of an
# instrumented build (scripts/sanitize.sh); without them LeakSanitizer reports the libraries' known leaks.
sanitizer_env=()
while IFS= read -r var; do sanitizer_env+=("$var"); done < <(env | grep -E '^[A-Z]+SAN_OPTIONS=' || true)
same_bytes() {  # same_bytes <args...>: three runs, one output
  env -i PATH="$PATH" "${sanitizer_env[@]}" "$nnft" "$@" >"$tmp/a" 2>&1 || { echo "FAIL: nnft $* exited $?"; fail=1; return; }
  env NNFT_TEST_PADDING="$(head -c 3000 /dev/zero | tr '\0' x)" "$nnft" "$@" >"$tmp/b" 2>&1
  MALLOC_PERTURB_=165 "$nnft" "$@" >"$tmp/c" 2>&1
  if ! cmp -s "$tmp/a" "$tmp/b" || ! cmp -s "$tmp/a" "$tmp/c"; then
    echo "FAIL: nnft $* printed different bytes in separate runs:"; diff "$tmp/a" "$tmp/b" | head -6; diff "$tmp/a" "$tmp/c" | head -6
    fail=1
  fi
}
for fmt in text latex cpp json; do
  same_bytes correlator --theory "$theory" --points 4 --order lambda=1,kappa=1 --connected --format "$fmt"
done
same_bytes correlator --theory "$theory" --points 4 --max-order 2 --format latex --group
same_bytes correlator --theory "$theory" --points 2 --order lambda=2,kappa=1
for fmt in text json jsonl; do
  same_bytes diagrams --theory "$theory" --points 4 --order lambda=2,kappa=2 --connected --format "$fmt"
done
same_bytes diagrams --theory "$theory" --points 4 --max-order 3 --count
# Couplings print in name order, factors as couplings, then propagators, then vertex integrals.
expect 0 '2160*kappa*lambda*Int(K(x1,y)*K(x2,y)*K(x3,y)*K(x4,z)*K(y,z)*L(z)^2, {y,z})' correlator --theory "$theory" --points 4 --order lambda=1,kappa=1 --connected
expect 0 '| kappa^2*lambda^2 |' diagrams --theory "$theory" --points 4 --order lambda=2,kappa=2 --connected
[ $fail = 0 ] && echo "deterministic text CLI: all checks passed"
exit $fail
