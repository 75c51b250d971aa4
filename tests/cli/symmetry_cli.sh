#!/usr/bin/env bash
# End-to-end tests of `nnft symmetry`: verdict lines, JSON keys, exit codes, bad input.
# Usage: symmetry_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"
small=(--networks 16384 --threads 2 --rotations 1)
# Erf-net (fast, bounded): SO(5) holds, the output mean's breaking is detected, SO(d_in) holds.
expect 0 'PASS so_dout_mean.rotation1' symmetry --net erf --width 5 --tests output "${small[@]}"
grep -qF 'DEVIATION DETECTED as predicted' "$tmp/out" || { echo "FAIL: the breaking was not reported as detected"; fail=1; }
grep -qF 'NOT AS PREDICTED' "$tmp/out" && { echo "FAIL: a prediction failed"; fail=1; }
expect 0 '"passed": true' symmetry --net erf --width 5 --tests input "${small[@]}" --json
expect 0 '"max_pull_threshold"' symmetry --net erf --width 5 --tests input "${small[@]}" --json
# Parameter laws where the symmetry holds (issue 11): SO(d_in) with a uniform phase (cos-net, any bias law) and with
# Rademacher output weights (plain estimator); SO(d_out) with uniform hidden weights (the rotation acts on W1, b1 only).
expect 0 '"passed": true' symmetry --activation cos --biases 'uniform(-pi,pi)' --tests input "${small[@]}" --json
grep -qF '"biases": "uniform(-3.141592653589793,3.141592653589793)"' "$tmp/out" || { echo "FAIL: the laws are not in the document"; fail=1; }
expect 0 '"passed": true' symmetry --net erf --width 5 --out-weights 'rademacher(1)' --tests input "${small[@]}" --json
expect 0 'ALL 4 SYMMETRY TESTS AS PREDICTED' symmetry --net erf --width 5 --weights 'uniform(-1,1)' --tests output "${small[@]}"
# Laws that break the predicted symmetry are refused with the reason, before sampling.
expect 2 'needs iid zero-mean normal first-layer weights' symmetry --net erf --weights 'uniform(-1,1)' --tests input
expect 2 'an iid law invariant under rotations is normal' symmetry --net erf --out-weights 'rademacher(1)' --tests output
expect 2 'the translation test is the Gauss-net' symmetry --net erf --biases 'uniform(-1,1)'
# A zero mean cannot break anything, so the test that asserts the breaking refuses it up front.
expect 2 '--mean must be a finite non-zero number' symmetry --net gauss --mean 0
expect 2 '--networks must be at least 16384' symmetry --net gauss --networks 1000
expect 2 "unknown network 'sigmoid'" symmetry --net sigmoid
expect 2 '--tests must be all, output, input or translation' symmetry --net gauss --tests everything
# A too-large job is refused before sampling.
expect 2 'operations' symmetry --net gauss --width 1000000 --networks 1e9 --tests output
[ $fail = 0 ] && echo "symmetry CLI: all checks passed"
exit $fail
