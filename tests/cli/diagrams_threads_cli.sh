#!/usr/bin/env bash
# `nnft diagrams --threads N` writes the same bytes as one thread in every streamed format and with --count, and
# the same bytes on every run (issue 15). Each request's search is large enough (lower bound >= 250 classes) to
# take the parallel path; together they cover lambda, kappa and mixed theories at 2, 4 and 6 points and the
# --connected, --1pi and --no-self-energy filters.
# Usage: diagrams_threads_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"

# same_bytes <label> <args...>: threads 1 (twice), 2 and 3 give identical output and exit 0.
same_bytes() {
  local label=$1 t
  shift
  "$nnft" diagrams --quiet "$@" --threads 1 >"$tmp/one" 2>"$tmp/err" || { echo "FAIL: $label: exit $? on 1 thread"; cat "$tmp/err"; fail=1; return; }
  [ -s "$tmp/one" ] || { echo "FAIL: $label: no output"; fail=1; }
  for t in 1 2 3; do
    if ! "$nnft" diagrams --quiet "$@" --threads "$t" | cmp -s - "$tmp/one"; then
      echo "FAIL: $label: --threads $t differs from one thread (nnft diagrams $*)"
      fail=1
    fi
  done
}

mixed='lambda*f^4 + kappa*f^6'
for fmt in text json json-compact jsonl; do
  same_bytes "lambda G6 $fmt" --theory 'lambda*f^4' --points 6 --order lambda=4 --connected --format "$fmt"
  same_bytes "mixed G4 $fmt" --theory "$mixed" --points 4 --order lambda=2,kappa=2 --connected --format "$fmt"
done
same_bytes "mixed G2 1PI" --theory "$mixed" --points 2 --order lambda=5,kappa=1 --1pi --format jsonl
same_bytes "kappa G6 count json" --theory 'kappa*f^6' --points 6 --order kappa=4 --connected --count --json
same_bytes "lambda G4 no self-energy" --theory 'lambda*f^4' --points 4 --order lambda=5 --no-self-energy
same_bytes "mixed G4 max-order" --theory "$mixed" --points 4 --max-order 4 --connected --count
exit $fail
