#!/usr/bin/env bash
# nnft sample --estimator auto (the default): which estimator it picks is recorded in config.estimator —
# conditioned for a Gaussian output layer with mean-zero weights, plain for other output laws or μ_W ≠ 0 — and it
# gives the explicit choice's bytes; a bad value is refused naming the choices (exit 2, output untouched).
set -euo pipefail
nnft=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../support/cli_expect_bad.sh"
estimator() { /usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["config"]["estimator"])' "$1"; }
run() {  # name, then arguments
  local name=$1; shift
  "$nnft" sample --width 5 --networks 3000 --seed 2 --threads 1 --quiet "$@" --out "$tmp/$name.json"
}

run default --net erf --inputs paper:erf
run auto --net erf --inputs paper:erf --estimator auto
run conditioned --net erf --inputs paper:erf --estimator conditioned
[ "$(estimator "$tmp/default.json")" = conditioned ] || fail "the default did not pick conditioned for the Erf-net"
cmp -s "$tmp/default.json" "$tmp/auto.json" || fail "the default differs from --estimator auto"
cmp -s "$tmp/auto.json" "$tmp/conditioned.json" || fail "auto's conditioned run differs from --estimator conditioned"
run plain --net erf --inputs paper:erf --estimator plain
[ "$(estimator "$tmp/plain.json")" = plain ] || fail "--estimator plain not recorded"

# Not Gaussian output weights: the conditioned estimator does not apply, auto samples every layer.
run student --net relu --inputs "0.5;1" --out-weights 'student_t(5,1)'
[ "$(estimator "$tmp/student.json")" = plain ] || fail "auto picked conditioned for Student-t output weights"
# Output weights with a mean: the conditioned estimator needs its per-network recursion (5-10x a plain
# network), auto stays plain; asked for explicitly it runs.
run shifted --net erf --inputs "0.5;1" --mu-w 0.3
[ "$(estimator "$tmp/shifted.json")" = plain ] || fail "auto picked conditioned for mu_w != 0"
run shifted_c --net erf --inputs "0.5;1" --mu-w 0.3 --estimator conditioned
[ "$(estimator "$tmp/shifted_c.json")" = conditioned ] || fail "--estimator conditioned not recorded"

echo keep > "$tmp/out.json"
expect_bad "not in {auto,plain,conditioned}" sample --net erf --width 5 --inputs paper:erf --networks 100 --estimator fast
expect_bad "--estimator plain" sample --net erf --width 3 --inputs "1" --out-weights 'rademacher(1)' --estimator conditioned --networks 100
echo "sample_estimator: ok"
